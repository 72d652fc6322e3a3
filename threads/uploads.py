"""Files of a message stay in memory, within a cap per file, per message and per request.

As ``enquiries.uploads`` (whose reasons hold here too: Django would otherwise write a
large upload to a clear temporary file before any view runs, T3), but for a message
that may carry several files: at most ``RECUEIL_THREAD_MAX_FILES``, each at most
``RECUEIL_THREAD_MAX_FILE_BYTES``. Install it only after the permission check (the
handler's routes) or the receipt-code check (the portal's), and refuse first any
request whose declared length exceeds ``request_cap()``.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

from threads.files import max_file_bytes, max_files

# Room for the message text (at most ``RECUEIL_THREAD_MAX_BODY_CHARS`` characters, up to
# four bytes each once encoded) and the multipart framing.
FIELDS_MARGIN = 128 * 1024


def request_cap() -> int:
    """The largest request body a message with files may have."""
    return max_files() * max_file_bytes() + FIELDS_MARGIN


def declared_length(request: HttpRequest) -> int:
    """The body length the client declared (0 if none or malformed: Django then reads none)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def too_large(request: HttpRequest) -> bool:
    return declared_length(request) > request_cap()


class MessageUploadHandler(FileUploadHandler):
    """Keeps each file in memory; flags (and drops) too many or too large files."""

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request)
        self.limit = max_file_bytes()
        self.max_files = max_files()
        self.cap = request_cap()
        self.too_large = False
        self.too_many = False
        self.files = 0
        self.total = 0
        self.buffer = BytesIO()
        self.size = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, Any]] | None:
        if content_length > self.cap:
            self.too_large = True
            return QueryDict(), MultiValueDict()
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()
        self.size = 0
        self.files += 1
        if self.files > self.max_files:
            self.too_many = True
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        self.total += len(raw_data)
        if self.total > self.cap:
            self.too_large = True
            self.buffer = BytesIO()
            raise StopUpload(connection_reset=True)
        if self.size > self.limit:
            self.too_large = True
            self.buffer = BytesIO()
            raise SkipFile
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
