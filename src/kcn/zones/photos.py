"""Photos of a zone for investors: JPEG, PNG or WebP, at most ``MAX_BYTES`` each and
``MAX_PER_ZONE`` a zone, uploaded by whoever may change the zone (as its facts), audited.

The bytes are read by Pillow, not trusted: the format must be the one the file's extension
says, an image of more than ``MAX_PIXELS`` pixels (a decompression bomb) is refused before it
is decoded, and what is stored is a re-encoded copy (EXIF and other metadata dropped, turned
upright, at most ``LONGEST`` pixels a side) and a JPEG thumbnail. Everyone may see them.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, defer

from kcn.audit.service import register_scope
from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.limits import megabytes
from kcn.kit.permissions import Action, Actor
from kcn.kit.resources import commit
from kcn.models import Zone, ZonePhoto
from kcn.zones import service as zone_service
from kcn.zones.facts_schemas import PhotoCreate
from kcn.zones.policy import in_scope

MAX_BYTES = 5 * 1_048_576
MAX_PER_ZONE = 12
MAX_PIXELS = 40_000_000  # 40 megapixels; below Pillow's own Image.MAX_IMAGE_PIXELS
LONGEST = 2560
THUMB = 480
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
DESCRIBED = ("caption", "caption_en", "source", "taken_on", "media_type", "width", "height",
             "size")  # fmt: skip

# A user limited to some zones reads the audit records of those zones' photos.
register_scope(
    "zone_photo",
    lambda actor: select(ZonePhoto.id).where(
        ZonePhoto.zone_id.in_(select(Zone.id).where(in_scope(actor)))
    ),
)


@dataclass(frozen=True)
class Encoded:
    content: bytes
    media_type: str
    width: int
    height: int
    thumbnail: bytes


def _refuse(key: str, **params: Any) -> ValidationFailed:
    return ValidationFailed(fields=[FieldError("file", key, params)])


def pixel_limit() -> int:
    """The most pixels a photo may have: ours, or Pillow's own limit when that is lower."""
    return min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS)


def encode(filename: str, content: bytes) -> Encoded:
    """The photo re-encoded and its thumbnail; a field error on ``file`` when refused."""
    if not content:
        raise _refuse("photo.empty")
    if len(content) > MAX_BYTES:
        raise _refuse("photo.too_large", mb=megabytes(MAX_BYTES))
    expected = EXTENSIONS.get(PurePosixPath(filename.lower()).suffix)
    if expected is None:
        raise _refuse("photo.bad_type", allowed="JPEG, PNG, WebP")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=list(FORMATS)) as image:
                if image.format != expected:
                    raise _refuse("photo.content_mismatch", name=filename)
                width, height = image.size
                if width * height > pixel_limit():
                    raise _refuse("photo.too_many_pixels", max=pixel_limit() // 1_000_000)
                if image.format == "JPEG":  # decode at a reduced scale: less memory
                    image.draft(None, (LONGEST, LONGEST))
                image.load()
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((LONGEST, LONGEST))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse("photo.too_many_pixels", max=pixel_limit() // 1_000_000) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _refuse("photo.unreadable", name=filename) from exc
    return _reencode(upright, expected)


def _pixels_only(image: Image.Image, mode: str) -> Image.Image:
    """A copy with the pixels and nothing else (no EXIF, XMP, ICC or text chunks)."""
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _reencode(image: Image.Image, fmt: str) -> Encoded:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
    clean = _pixels_only(image, mode)
    out = io.BytesIO()
    if fmt == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, fmt, quality=85)
    thumb = _pixels_only(clean.convert("RGBA"), "RGBA")
    thumb.thumbnail((THUMB, THUMB))
    flat = Image.new("RGB", thumb.size, "white")
    flat.paste(thumb, mask=thumb.getchannel("A"))
    small = io.BytesIO()
    flat.save(small, "JPEG", quality=75)
    return Encoded(out.getvalue(), FORMATS[fmt], clean.width, clean.height, small.getvalue())


def snapshot(photo: ZonePhoto) -> dict[str, Any]:
    """The photo as the audit trail keeps it (not its bytes)."""
    return {"zone_id": photo.zone_id, **{n: getattr(photo, n) for n in DESCRIBED}}


def photos_of(session: Session, zone_id: int) -> list[ZonePhoto]:
    """A zone's photos, newest first, without their bytes."""
    stmt = (
        select(ZonePhoto)
        .where(ZonePhoto.zone_id == zone_id)
        .options(defer(ZonePhoto.content), defer(ZonePhoto.thumbnail))
        .order_by(ZonePhoto.taken_on.desc(), ZonePhoto.id.desc())
    )
    return list(session.scalars(stmt))


def add_photo(
    session: Session, zone_id: int, data: PhotoCreate, filename: str, content: bytes, actor: Actor
) -> ZonePhoto:
    """Check, re-encode and store a photo of a zone the actor may change; audited."""
    zone = zone_service.get_zone(session, zone_id, actor, Action.change)
    count = select(func.count(ZonePhoto.id)).where(ZonePhoto.zone_id == zone.id)
    if (session.scalar(count) or 0) >= MAX_PER_ZONE:
        raise _refuse("photo.too_many", max=MAX_PER_ZONE)
    encoded = encode(filename, content)
    photo = ZonePhoto(
        zone_id=zone.id,
        zone=zone,
        **data.model_dump(),
        media_type=encoded.media_type,
        width=encoded.width,
        height=encoded.height,
        size=len(encoded.content),
        content=encoded.content,
        thumbnail=encoded.thumbnail,
        uploaded_by=actor.name,
    )
    session.add(photo)
    commit(session, actor, "zone_photo", photo, "create", None, snapshot, _label(zone, photo))
    return photo


def delete_photo(session: Session, zone_id: int, photo_id: int, actor: Actor) -> None:
    """Remove a photo of a zone the actor may change; audited."""
    zone = zone_service.get_zone(session, zone_id, actor, Action.change)
    photo = session.scalar(_one(photo_id).where(ZonePhoto.zone_id == zone.id))
    if photo is None:
        raise NotFound("photo.not_found", id=photo_id)
    before = snapshot(photo)
    session.delete(photo)
    commit(session, actor, "zone_photo", photo, "delete", before, snapshot, _label(zone, photo))


def image(session: Session, photo_id: int, thumbnail: bool = False) -> tuple[bytes, str]:
    """A photo's bytes (or its thumbnail's) and media type, for anyone."""
    column: ColumnElement[bytes] = ZonePhoto.thumbnail if thumbnail else ZonePhoto.content  # type: ignore[assignment]
    row = session.execute(
        select(column, ZonePhoto.media_type).where(ZonePhoto.id == photo_id)
    ).one_or_none()
    if row is None:
        raise NotFound("photo.not_found", id=photo_id)
    return bytes(row[0]), "image/jpeg" if thumbnail else str(row[1])


def _one(photo_id: int) -> Any:
    return select(ZonePhoto).where(ZonePhoto.id == photo_id)


def _label(zone: Zone, photo: ZonePhoto) -> str:
    return f"{zone.name}: {photo.caption}"
