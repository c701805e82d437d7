"""Files attached to a support request: PDF, images and office documents, at most
``KCN_MAX_ATTACHMENT_BYTES``. The type is read from the bytes (the signature, and for the
zipped office formats the parts inside), and must agree with the file's extension."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit.errors import DomainError, FieldError, NotFound, ValidationFailed
from kcn.kit.limits import megabytes
from kcn.kit.permissions import Action, Actor, restrict
from kcn.models import RequestAttachment, SupportRequest
from kcn.monitoring import requests

# extension → the kind its bytes must show
EXTENSIONS = {
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif",
    ".webp": "webp", ".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx", ".doc": "ole",
    ".xls": "ole", ".ppt": "ole", ".odt": "odt", ".ods": "ods", ".odp": "odp",
}  # fmt: skip
MEDIA_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ole": "application/x-ole-storage",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}  # fmt: skip
OOXML = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
ODF = {MEDIA_TYPES[k]: k for k in ("odt", "ods", "odp")}


class AttachmentTooLarge(DomainError):
    status_code = 413
    code = "attachment_too_large"
    key = "attachment.too_large"


def sniff(content: bytes) -> str | None:
    """The kind of file ``content`` is, from its bytes; None for anything not accepted."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if content.startswith(b"PK\x03\x04"):
        return _zipped(content)
    return None


def _zipped(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            for part, kind in OOXML.items():
                if part in names and "[Content_Types].xml" in names:
                    return kind
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                return ODF.get(archive.read("mimetype").decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def check(filename: str, content: bytes, max_bytes: int) -> str:
    """The media type of an acceptable file; 413 when too large, 422 when refused."""
    if len(content) > max_bytes:
        raise AttachmentTooLarge(mb=megabytes(max_bytes))
    allowed = ", ".join(sorted(EXTENSIONS))
    expected = EXTENSIONS.get(PurePosixPath(filename.lower()).suffix)
    if not content:
        raise ValidationFailed(fields=[FieldError("file", "attachment.empty")])
    if expected is None:
        raise ValidationFailed(
            fields=[FieldError("file", "attachment.bad_type", {"allowed": allowed})]
        )
    found = sniff(content)
    if found != expected:
        raise ValidationFailed(
            fields=[FieldError("file", "attachment.content_mismatch", {"name": filename})]
        )
    return MEDIA_TYPES[found]


def add(
    session: Session,
    request_id: int,
    filename: str,
    content: bytes,
    actor: Actor,
    max_bytes: int,
) -> RequestAttachment:
    """Attach a file to a request the actor may write (the enterprise: its own)."""
    request = requests.get_request(session, request_id, actor, Action.change)
    name = PurePosixPath(filename.replace("\\", "/")).name[:255] or "file"
    media_type = check(name, content, max_bytes)
    before = requests.snapshot(request)
    attachment = RequestAttachment(
        filename=name,
        media_type=media_type,
        size=len(content),
        content=content,
        uploaded_by=actor.name,
    )
    request.attachments.append(attachment)
    requests.commit_change(session, actor, request, before)
    return attachment


def get(session: Session, request_id: int, attachment_id: int, actor: Actor) -> RequestAttachment:
    """An attachment of a request the actor may read."""
    visible = restrict(
        select(SupportRequest.id).where(SupportRequest.id == request_id),
        SupportRequest,
        actor,
        Action.view,
    )
    stmt = select(RequestAttachment).where(
        RequestAttachment.id == attachment_id,
        RequestAttachment.request_id == request_id,
        RequestAttachment.request_id.in_(visible),
    )
    attachment = session.scalar(stmt)
    if attachment is None:
        raise NotFound("attachment.not_found", id=attachment_id)
    return attachment


__all__ = ["add", "check", "get", "sniff"]
