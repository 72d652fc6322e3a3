"""Uploaded files stay in memory, within a cap per file, per request and in number.

Django writes an upload above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file in
clear before any view runs: a recording, a statement or a reporting person's file
would then sit unencrypted on disk (T3). ``CappedMemoryUploadHandler`` keeps every
byte in memory and stops reading past the sizes its caller gives, so an oversized
file is refused without being kept.

Why here: every app that takes files needs this same guard (an enquiry's files and
the case file's attachments through ``enquiries.uploads``, a message's files through
``threads.uploads``), and ``threads`` sits below ``enquiries``, so the one handler
lives below both. It knows no case, enquiry or thread, only the numbers its caller
hands it, which makes it a guard of the request itself: it belongs with the other
guards of request input in the core's ``security`` (``params`` for query strings).
Each app keeps its own limits and messages in its ``uploads`` module.

Memory stays bounded only if the view installs a handler after its permission check
(or the portal's receipt-code check), before the body is read, and first refuses any
request whose ``declared_length`` (``CONTENT_LENGTH``, which also bounds what Django
reads of the body) exceeds the cap; the handler enforces the same cap while streaming.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict


def declared_length(request: HttpRequest) -> int:
    """The body length the client declared (0 if none or malformed: Django then reads none)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keeps each file in memory; flags (and drops) too many or too large files.

    ``limit`` bounds each file, ``cap`` the whole body (declared, then streamed),
    ``max_files`` the number of files. A view reads ``too_large`` and ``too_many``
    after parsing to say why nothing was kept.
    """

    def __init__(self, request: HttpRequest, *, limit: int, cap: int, max_files: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.cap = cap
        self.max_files = max_files
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
