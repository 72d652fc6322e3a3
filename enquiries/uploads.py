"""Uploads of enquiry files (and of the case file's attachments): one file a request.

The files stay in memory, within a cap per file and per request
(``cases.core.security.uploads`` says why: no clear temporary file, T3). This module
holds the enquiry's numbers: at most ``MAX_FILES`` file, of at most the largest size
an enquiry accepts, in a body of at most ``request_cap``.

The upload view installs this handler only for a person allowed to upload to that
enquiry (checked before the body is read), after refusing any request whose declared
length exceeds ``request_cap``.
"""

from __future__ import annotations

from django.http import HttpRequest

from cases.core.security.uploads import CappedMemoryUploadHandler

# One file per upload form; anything more is refused without being kept.
MAX_FILES = 1
# Room for the form's other fields and the multipart framing around the file.
FIELDS_MARGIN = 64 * 1024


def request_cap(file_limit: int) -> int:
    """The largest request body accepted for an upload of at most ``file_limit`` bytes."""
    return file_limit + FIELDS_MARGIN


class BoundedMemoryUploadHandler(CappedMemoryUploadHandler):
    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request, limit=limit, cap=request_cap(limit), max_files=MAX_FILES)
