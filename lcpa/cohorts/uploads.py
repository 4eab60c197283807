"""What a deliverable upload really is, and whether we keep it.

The type comes from the file's bytes, never from its name: PDF, PNG and JPEG by their magic
numbers; Word (.docx) and Excel (.xlsx) by the parts inside the zip they are; CSV and plain text
when the bytes are UTF-8 without NUL bytes. On top of that:

- web page code (HTML, SVG, script) is refused whatever the first bytes say, so a web page
  renamed .pdf, or a PDF with a page behind its magic number, is not kept (browsers that sniff
  would otherwise render it);
- Word and Excel files are read through the zip's central directory only (nothing is unpacked):
  refused when their parts add up to more than 100 MB, when they expand more than 100 times
  their size (zip bombs), when they hold too many parts, a password-protected part or macros;
- the file is stored under a random name with the extension of the type found (EXTENSIONS).

Every app that takes files uses this module: `validate_upload` (or `CheckedFilesField`, up to a
few files on one form) to check them, `kept_file` for the fields of the row that keeps one, and
`upload_response` to serve it from an access-checked view.

Declared sizes in a zip's central directory can lie; readers that trust them (Python's zipfile
does) stop at the declared size, so the declared total is what a reader would unpack.
"""

import re
import uuid
import zipfile
from pathlib import PurePath
from typing import IO, Any, NamedTuple

from django import forms
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

MAX_FILE_SIZE = 10 * 1024 * 1024
SNIFF_BYTES = 8192  # binary files: the window browsers and old sniffers look at, and more
TEXT_SCAN_BYTES = 64 * 1024  # text files: where web page code would be found
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_EXPANSION = 100  # unpacked size / packed size, checked once the parts pass 10 MB
EXPANSION_CHECK_FROM = 10 * 1024 * 1024
MAX_ZIP_PARTS = 10_000

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
TEXT = "text/plain"
ALLOWED_FILES = "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), CSV or plain text"

# The stored file's extension, from the type found (never the uploader's).
EXTENSIONS = {
    PDF: ".pdf",
    PNG: ".png",
    JPEG: ".jpg",
    DOCX: ".docx",
    XLSX: ".xlsx",
    CSV: ".csv",
    TEXT: ".txt",
}
OFFICE_NAMES = {DOCX: "Word", XLSX: "Excel"}
OFFICE_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}

# Tags that make browsers treat bytes as a web page (WHATWG MIME sniffing, plus SVG and XML,
# which can carry scripts). Binary files are checked for the longer ones only, so compressed
# data does not match them by chance; text files for all of them.
_BINARY_MARKUP = re.compile(
    rb"<(?:!doctype[\s>]|html[\s/>]|head[\s/>]|body[\s/>]|script[\s/>]|iframe[\s/>]|svg[\s/>])",
    re.IGNORECASE,
)
_TEXT_MARKUP = re.compile(
    rb"<(?:!doctype[\s>]|\?xml[\s?]|!--|(?:html|head|body|script|iframe|frame|frameset|object|"
    rb"embed|svg|style|title|meta|link|base|form|img|table|div|font|h1|a|b|p|br)[\s/>])",
    re.IGNORECASE,
)
_WEB_PAGE = (
    "This file contains web page code (HTML or a script), which cannot be uploaded whatever "
    "its name says. Save it as a PDF or plain text and try again."
)


def _refuse(message: str) -> forms.ValidationError:
    return forms.ValidationError(message)


def _head(upload: IO[bytes], size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def sniff_content_type(upload: IO[bytes], name: str = "") -> str | None:
    """The file's real type, or None when it is none we accept. Raises ValidationError (with
    a message for the uploader) for files of an accepted type that we still refuse."""
    head = _head(upload, SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    binary_type = None
    if head.startswith(b"%PDF-"):
        binary_type = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        binary_type = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        binary_type = JPEG
    if binary_type is not None:
        if _BINARY_MARKUP.search(head):
            raise _refuse(_WEB_PAGE)
        return binary_type
    text_head = _head(upload, TEXT_SCAN_BYTES)
    if not _is_text(text_head[:SNIFF_BYTES]):
        return None
    if _TEXT_MARKUP.search(text_head):
        raise _refuse(_WEB_PAGE)
    return CSV if name.lower().endswith(".csv") else TEXT


def _office_type(upload: IO[bytes]) -> str | None:
    """DOCX or XLSX from the zip's central directory (nothing is unpacked), or None."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        return None
    content_type = next((kind for kind, main in OFFICE_MAIN_PART.items() if main in names), None)
    if content_type is None:
        return None
    kind = OFFICE_NAMES[content_type]
    if len(parts) > MAX_ZIP_PARTS:
        raise _refuse(f"This {kind} file holds more parts than we accept. Save a new copy.")
    unpacked = sum(part.file_size for part in parts)
    packed = sum(part.compress_size for part in parts)
    if unpacked > MAX_UNPACKED_SIZE:
        raise _refuse(
            f"This {kind} file unpacks to more than {MAX_UNPACKED_SIZE // 1024 // 1024} MB, "
            "more than we accept. Save a smaller copy (for example with smaller pictures) and "
            "try again."
        )
    if unpacked > EXPANSION_CHECK_FROM and unpacked > MAX_EXPANSION * max(packed, 1):
        raise _refuse(
            f"This {kind} file expands to far more than its size, the way harmful files are "
            f"made. Open it in {kind}, save a new copy and try again."
        )
    if any(part.flag_bits & 0x1 for part in parts):
        raise _refuse(f"This {kind} file is password-protected. Upload a copy without a password.")
    if any(PurePath(part.filename).name.lower() == "vbaproject.bin" for part in parts):
        raise _refuse(
            f"This {kind} file contains macros, which cannot be uploaded. Save it as a "
            f"{kind} file without macros ({EXTENSIONS[content_type]}) and try again."
        )
    return content_type


def validate_upload(upload) -> str:
    """The real content type of an acceptable upload; raises ValidationError otherwise."""
    if upload.size > MAX_FILE_SIZE:
        raise _refuse(f"The file is {upload.size / 1024 / 1024:.1f} MB; files can be up to 10 MB.")
    if upload.size == 0:
        raise _refuse("The file is empty.")
    content_type = sniff_content_type(upload, upload.name or "")
    if content_type is None:
        raise _refuse(f"This type of file cannot be uploaded. Use {ALLOWED_FILES}.")
    return content_type


class CheckedUpload(NamedTuple):
    """An upload that passed validate_upload, with the real type found in its bytes."""

    upload: Any
    content_type: str


class _MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.Field):
    """Optional files, at most `max_files`, each checked by validate_upload. The cleaned value
    is a list of CheckedUpload (empty when none was chosen); a refused file is named in the
    error with what is wrong with it."""

    def __init__(self, *, max_files: int, label: str, help_text: str = "", **kwargs) -> None:
        self.max_files = max_files
        super().__init__(
            required=False,
            label=label,
            help_text=(
                f"Up to {max_files} files of {MAX_FILE_SIZE // 1024 // 1024} MB each: "
                f"{ALLOWED_FILES}. {help_text}"
            ).strip(),
            widget=_MultipleFileInput(attrs={"class": "usa-file-input", "multiple": True}),
            **kwargs,
        )

    def clean(self, value) -> list[CheckedUpload]:
        chosen = [upload for upload in value or [] if upload]
        if len(chosen) > self.max_files:
            raise forms.ValidationError(
                f"Attach at most {self.max_files} files; you chose {len(chosen)}."
            )
        checked, problems = [], []
        for upload in chosen:
            try:
                checked.append(CheckedUpload(upload, validate_upload(upload)))
            except forms.ValidationError as error:
                problems.append(f"{upload.name}: {' '.join(error.messages)}")
        if problems:
            raise forms.ValidationError(problems)
        return checked


def kept_file(upload: Any, content_type: str) -> dict[str, Any]:
    """The fields of the row that keeps a checked upload (`file`, `original_name`,
    `content_type`, `size`): stored under a random name with the extension of the type found,
    never the uploader's name or extension (kept only as the name shown)."""
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        raise _refuse(f"This type of file cannot be uploaded. Use {ALLOWED_FILES}.")
    return {
        "file": File(upload, name=f"{uuid.uuid4().hex}{extension}"),
        "original_name": (upload.name or "upload")[:255],
        "content_type": content_type,
        "size": upload.size,
    }


def download_name(original_name: str, content_type: str) -> str:
    """The name a download gets: the uploader's name with its extension replaced by the one of
    the real type ("notes.pdf" holding text downloads as "notes.txt")."""
    name = PurePath(original_name.replace("\\", "/")).name
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem and extension.isalnum() and len(extension) <= 5):
        stem = name
    return (stem.strip(" .") or "upload") + EXTENSIONS.get(content_type, "")


def upload_response(stored: FieldFile, *, original_name: str, content_type: str) -> FileResponse:
    """A kept upload served as an attachment of the type found when it was checked."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(original_name, content_type),
        content_type=content_type,
    )
    # Never rendered as a page of this site, even by a browser that ignores the attachment and
    # the type (X-Content-Type-Options: nosniff comes from SecurityMiddleware).
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
