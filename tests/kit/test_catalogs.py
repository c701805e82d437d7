"""Compiled catalogs: built from the .po sources, never stale, and refused when broken."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.support import Translations

from kcn.kit import catalogs
from kcn.kit.catalogs import (
    CatalogError,
    compile_all,
    compiled,
    is_stale,
    mo_path,
    po_path,
    read_catalog,
)

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "zone.title"
msgstr "{title}"

msgid "zone.count"
msgid_plural "zone.count"
msgstr[0] "{count} zone"
msgstr[1] "{count} zones"
"""


@pytest.fixture
def locale_dir(tmp_path: Path) -> Path:
    po = po_path("en", tmp_path)
    po.parent.mkdir(parents=True)
    po.write_text(PO.replace("{title}", "Zones"), encoding="utf-8")
    return tmp_path


def load(data: bytes) -> Translations:
    return Translations(io.BytesIO(data))


def test_a_missing_catalog_is_compiled_on_first_use(locale_dir: Path) -> None:
    assert is_stale("en", locale_dir)
    found = load(compiled("en", locale_dir))
    assert found.gettext("zone.title") == "Zones"
    assert [found.ngettext("zone.count", "zone.count", n) for n in (1, 2)] == [
        "{count} zone",
        "{count} zones",
    ]
    assert mo_path("en", locale_dir).exists() and not is_stale("en", locale_dir)


def test_a_catalog_older_than_its_source_is_rebuilt(locale_dir: Path) -> None:
    compiled("en", locale_dir)
    po, mo = po_path("en", locale_dir), mo_path("en", locale_dir)
    po.write_text(PO.replace("{title}", "Parks"), encoding="utf-8")
    os.utime(mo, ns=(po.stat().st_mtime_ns - 10**9, po.stat().st_mtime_ns - 10**9))
    assert is_stale("en", locale_dir)
    assert load(compiled("en", locale_dir)).gettext("zone.title") == "Parks"
    assert load(mo.read_bytes()).gettext("zone.title") == "Parks"


def test_a_read_only_install_compiles_in_memory(
    locale_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(catalogs, "_write", refuse)
    assert load(compiled("en", locale_dir)).gettext("zone.title") == "Zones"
    assert not mo_path("en", locale_dir).exists()


def test_an_installed_catalog_without_its_source_is_used(locale_dir: Path) -> None:
    compiled("en", locale_dir)
    po_path("en", locale_dir).unlink()
    assert load(compiled("en", locale_dir)).gettext("zone.title") == "Zones"
    mo_path("en", locale_dir).unlink()
    with pytest.raises(CatalogError, match="make install"):
        compiled("en", locale_dir)


def test_a_plural_entry_with_missing_forms_is_refused(locale_dir: Path) -> None:
    po_path("en", locale_dir).write_text(
        PO.replace('msgstr[1] "{count} zones"\n', ""), encoding="utf-8"
    )
    with pytest.raises(CatalogError, match=r"zone\.count.*plural form is empty"):
        compiled("en", locale_dir)


def test_a_broken_source_is_refused(locale_dir: Path) -> None:
    po_path("en", locale_dir).write_text(PO + 'msgid "x"\nbogus\n', encoding="utf-8")
    with pytest.raises(CatalogError):
        compiled("en", locale_dir)


def test_the_build_step_compiles_what_is_stale(locale_dir: Path) -> None:
    shutil.copytree(locale_dir / "en", locale_dir / "vi")
    command = [sys.executable, "-m", "kcn.kit.catalogs", str(locale_dir)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "catalogs compiled: en, vi"
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "catalogs up to date"
    assert compile_all(locale_dir) == []


def test_the_app_loads_what_the_sources_say() -> None:
    """The app's catalogs are the .po files as they are now (recompiled if they changed)."""
    from kcn.kit.i18n import LANGUAGES, translations

    for lang in LANGUAGES:
        loaded = translations(lang)
        for message in read_catalog(lang):
            if not message.id:
                continue
            if message.pluralizable:
                key = message.id[0]
                got = [loaded.ngettext(key, key, n) for n in (1, 2)]
                assert got == [message.string[0], message.string[-1]], key
            else:
                assert loaded.gettext(message.id) == message.string, message.id
