"""A zone's photos: uploaded by the board on the facts page, checked and re-encoded with
Pillow (real type, size, decompression bombs, no EXIF), audited, shown to everyone."""

from __future__ import annotations

import io
import re
import struct
import zlib
from datetime import date

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.errors import ValidationFailed
from kcn.kit.permissions import system_actor
from kcn.models import AuditRecord, Zone, ZonePhoto
from kcn.zones import photos
from kcn.zones.facts_schemas import PhotoCreate
from tests.auth.test_login import csrf_of, login

ZONE = "KCN-YEN-LU"


def _image(fmt: str, size: tuple[int, int] = (900, 600), exif: bool = False) -> bytes:
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, size, (30, 120, 200, 255) if mode == "RGBA" else (30, 120, 200))
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "SECRET-CAMERA"  # Make
        tags[0x0112] = 6  # Orientation: rotate 90°
        image.save(out, fmt, exif=tags.tobytes())
    else:
        image.save(out, fmt)
    return out.getvalue()


def _bomb() -> bytes:
    """A tiny PNG whose header says 30 000 × 30 000 pixels (900 megapixels)."""
    png = _image("PNG", (1, 1))
    header = struct.pack(">II", 30_000, 30_000) + png[24:29]
    chunk = b"IHDR" + header
    patched = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return png[:8] + patched + png[33:]


def test_a_photo_is_reencoded_upright_without_exif_with_a_thumbnail() -> None:
    encoded = photos.encode("site.JPG", _image("JPEG", exif=True))
    assert encoded.media_type == "image/jpeg" and b"SECRET-CAMERA" not in encoded.content
    stored = Image.open(io.BytesIO(encoded.content))
    assert stored.size == (600, 900) and not dict(stored.getexif())  # turned upright
    thumb = Image.open(io.BytesIO(encoded.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) == photos.THUMB
    assert photos.encode("plan.png", _image("PNG")).media_type == "image/png"
    assert photos.encode("gate.webp", _image("WEBP")).media_type == "image/webp"
    big = photos.encode("wide.png", _image("PNG", (4000, 100)))
    assert (big.width, big.height) == (photos.LONGEST, 64)
    large = photos.encode("field.jpeg", _image("JPEG", (6000, 4000)))  # decoded at a scale
    assert (large.width, large.height) == (photos.LONGEST, 1707)


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("site.gif", _image("GIF"), "photo.bad_type"),
        ("site.jpg", _image("PNG"), "photo.content_mismatch"),
        ("site.png", b"\x89PNG\r\n\x1a\nnot really", "photo.unreadable"),
        ("site.jpg", b"", "photo.empty"),
        ("site.jpg", b"\xff\xd8\xff" + b"0" * photos.MAX_BYTES, "photo.too_large"),
        ("bomb.png", _bomb(), "photo.too_many_pixels"),
    ],
)
def test_a_bad_photo_is_a_field_error(name: str, content: bytes, key: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        photos.encode(name, content)
    assert [(e.field, e.key) for e in refused.value.fields] == [("file", key)]


def _count(session: Session) -> int:
    return session.scalar(select(func.count(ZonePhoto.id))) or 0


def test_board_uploads_everyone_sees_and_the_board_deletes(
    anon: TestClient, session: Session
) -> None:
    park = session.scalar(select(Zone.id).where(Zone.code == ZONE))
    public = anon.get(f"/investors/zones/{ZONE}").text
    assert 'id="photos"' in public and "Chưa có ảnh" in public  # the demo has none
    meta = {"caption": "Cổng khu", "caption_en": "The zone's gate", "source": "Ban Quản lý",
            "taken_on": "2024-05-01"}  # fmt: skip
    jpeg = ("gate.jpg", _image("JPEG"), "image/jpeg")
    anonymous = anon.post(f"/zones/{park}/photos", data={**meta, "csrf_token": csrf_of(anon)},
                          files={"file": jpeg}, follow_redirects=False)  # fmt: skip
    assert anonymous.status_code in (401, 403) and _count(session) == 0

    assert login(anon, "zone_board").status_code == 303
    token = csrf_of(anon, f"/zones/{park}/facts")
    for name, content, field in (("gate.exe", b"MZ", "file"), ("gate.jpg", _bomb(), "file"),
                                 ("gate.jpg", _image("JPEG"), "caption_en")):  # fmt: skip
        data = {**meta, "csrf_token": token, **({"caption_en": ""} if field != "file" else {})}
        refused = anon.post(f"/zones/{park}/photos", data=data,
                            files={"file": (name, content, "image/jpeg")})  # fmt: skip
        assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text
        assert re.search(rf'name="{field}"[^>]*aria-invalid', refused.text), field
        assert _count(session) == 0

    saved = anon.post(f"/zones/{park}/photos", data={**meta, "csrf_token": token},
                      files={"file": jpeg}, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303, saved.text[:500]
    photo = session.scalars(select(ZonePhoto)).one()
    assert photo.taken_on == date(2024, 5, 1) and photo.uploaded_by
    audit = session.scalars(select(AuditRecord).where(AuditRecord.object_type == "zone_photo"))
    assert [(a.action, (a.after or {}).get("caption")) for a in audit] == [("create", "Cổng khu")]

    for lang, alt in (("vi", "Cổng khu"), ("en", "The zone&#39;s gate")):
        page = anon.get(f"/investors/zones/{ZONE}", params={"lang": lang}).text
        img = re.search(rf'<img src="/zone-photos/{photo.id}/thumbnail"[^>]+>', page)
        assert img and f'alt="{alt}"' in img.group(0) and 'loading="lazy"' in img.group(0)
    thumb = anon.get(f"/zone-photos/{photo.id}/thumbnail")
    assert thumb.headers["content-type"] == "image/jpeg" and thumb.content.startswith(b"\xff\xd8")
    assert anon.get(f"/zone-photos/{photo.id}").content == photo.content
    assert anon.get("/zone-photos/999999").status_code == 404

    gone = anon.post(f"/zones/{park}/photos/{photo.id}/delete", data={"csrf_token": token},
                     follow_redirects=False)  # fmt: skip
    assert gone.status_code == 303 and _count(session) == 0
    actions = session.scalars(
        select(AuditRecord.action).where(AuditRecord.object_type == "zone_photo")
    ).all()
    assert sorted(actions) == ["create", "delete"]


def test_a_zone_has_at_most_twelve_photos(session: Session) -> None:
    actor = system_actor("test", "cli")
    park = session.scalar(select(Zone.id).where(Zone.code == ZONE))
    assert park is not None
    data = PhotoCreate(caption="Ảnh", caption_en="Photo", source="Ban", taken_on=date(2024, 1, 1))
    small = _image("PNG", (8, 8))
    for _ in range(photos.MAX_PER_ZONE):
        photos.add_photo(session, park, data, "a.png", small, actor)
    with pytest.raises(ValidationFailed) as refused:
        photos.add_photo(session, park, data, "a.png", small, actor)
    assert refused.value.fields[0].key == "photo.too_many"
    assert _count(session) == photos.MAX_PER_ZONE
