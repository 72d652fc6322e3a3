"""Files of a message stay in memory, within a cap per file, per message and per request.

The handler is ``cases.core.security.uploads``'s (whose reasons hold here: Django would
otherwise write a large upload to a clear temporary file before any view runs, T3),
with a message's numbers: at most ``RECUEIL_THREAD_MAX_FILES`` files, each at most
``RECUEIL_THREAD_MAX_FILE_BYTES``. Install it only after the permission check (the
handler's routes) or the receipt-code check (the portal's), and refuse first any
request whose declared length exceeds ``request_cap()`` (``too_large``).
"""

from __future__ import annotations

from django.http import HttpRequest

from cases.core.security.uploads import CappedMemoryUploadHandler, declared_length
from threads.files import max_file_bytes, max_files

# Room for the message text (at most ``RECUEIL_THREAD_MAX_BODY_CHARS`` characters, up to
# four bytes each once encoded) and the multipart framing.
FIELDS_MARGIN = 128 * 1024


def request_cap() -> int:
    """The largest request body a message with files may have."""
    return max_files() * max_file_bytes() + FIELDS_MARGIN


def too_large(request: HttpRequest) -> bool:
    return declared_length(request) > request_cap()


class MessageUploadHandler(CappedMemoryUploadHandler):
    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request, limit=max_file_bytes(), cap=request_cap(), max_files=max_files())
