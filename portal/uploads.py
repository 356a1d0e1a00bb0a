"""Uploaded files are what their names say: the first bytes (or an Office file's own part) are
read, so HTML or a program renamed “.pdf” is refused. Scoring's evidence and the signed scans of
plans and reports check here."""

import zipfile

from django.core.exceptions import ValidationError

# What each accepted type's content begins with, or the part an Office file must hold.
MAGIC = {
    ".pdf": b"%PDF-",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def content_matches(upload, extension) -> bool:
    """The file is what its name says: HTML or a program renamed “.pdf” is not a PDF."""
    upload.seek(0)
    try:
        if extension in OFFICE_PARTS:
            try:
                with zipfile.ZipFile(upload) as archive:
                    return OFFICE_PARTS[extension] in archive.namelist()
            except zipfile.BadZipFile:
                return False
        return upload.read(len(MAGIC[extension])) == MAGIC[extension]
    finally:
        upload.seek(0)


# A signed document scanned to PDF (plans, reports): one limit, one message per fault.
SIGNED_SCAN_MAX_BYTES = 10 * 1024 * 1024


def check_signed_scan(upload):
    """The signed, stamped document as a PDF: by name, size and content."""
    if upload is None:
        raise ValidationError("Chưa chọn tệp bản scan có chữ ký.")
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError("Bản scan có chữ ký chỉ nhận tệp PDF.")
    if upload.size > SIGNED_SCAN_MAX_BYTES:
        raise ValidationError("Bản scan có chữ ký không quá 10 MB.")
    if not content_matches(upload, ".pdf"):
        raise ValidationError(
            f"Nội dung tệp “{upload.name}” không phải là PDF (tệp bị đổi tên hoặc bị hỏng)."
        )
