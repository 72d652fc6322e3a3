"""Uploads of enquiry files stay in memory, within a cap per file and per request.

Django writes uploads above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file in
clear before any view runs: a recording or a statement would then sit unencrypted on
disk (T3). This handler keeps every byte in memory and stops reading past the
largest size an enquiry accepts, so an oversized file is refused without being kept.

Memory stays bounded because the upload view installs this handler only for a
person allowed to upload to that enquiry (checked before the body is read), after
refusing any request whose declared length (``CONTENT_LENGTH``, which also bounds
what Django reads of the body) exceeds ``request_cap``; the handler enforces the same
cap while streaming and accepts at most ``MAX_FILES`` files per request.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

# One file per upload form; anything more is refused without being kept.
MAX_FILES = 1
# Room for the form's other fields and the multipart framing around the file.
FIELDS_MARGIN = 64 * 1024


def request_cap(file_limit: int) -> int:
    """The largest request body accepted for an upload of at most ``file_limit`` bytes."""
    return file_limit + FIELDS_MARGIN


def declared_length(request: HttpRequest) -> int:
    """The body length the client declared (0 if none or malformed: Django then reads none)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class BoundedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.cap = request_cap(limit)
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
        """Refuse a body declared over the cap without reading any of it."""
        if content_length > self.cap:
            self.too_large = True
            return QueryDict(), MultiValueDict()
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()
        self.size = 0
        self.files += 1
        if self.files > MAX_FILES:
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
