"""Size limits of uploads (issue 8, "Uploads are limited in size and type").

``settings.UPLOAD_GRENZEN`` holds the limit of each kind of upload in bytes ("import": 10 MB by
default, ``UPLOAD_IMPORT_MAX_MB``). The form of an upload refuses a bigger file with a German
message (aktionsplan.forms.DateiForm); the type is checked by content when the file is read
(aktionsplan.dateien.lesen).

``GrenzeUploadHandler`` stands first in ``FILE_UPLOAD_HANDLERS``: once a file passes the largest
limit, it keeps no more of it (neither in memory nor in a temporary file) and hands the form an
empty file that still knows its real size, so the form says "too big" instead of the server
storing gigabytes first. The reverse proxy's body-size limit stops such requests earlier still
(README).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def grenze(art: str) -> int:
    """The size limit of uploads of kind ``art`` ("import" …), in bytes."""
    return settings.UPLOAD_GRENZEN[art]


class ZuGrosseDatei(UploadedFile):
    """What is left of an upload beyond every limit: its name and real size, no content."""

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        from io import BytesIO

        super().__init__(BytesIO(), name=name, content_type=content_type, size=size)


class GrenzeUploadHandler(FileUploadHandler):
    """Counts every file's bytes; beyond the largest limit the rest is dropped (see module)."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.zu_gross = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > max(settings.UPLOAD_GRENZEN.values()):
            self.zu_gross = True
        return None if self.zu_gross else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.zu_gross:
            return ZuGrosseDatei(self.file_name, file_size, self.content_type)
        return None
