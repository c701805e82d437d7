"""Compiled message catalogs: ``kcn/locale/<lang>/LC_MESSAGES/messages.po`` → ``messages.mo``.

The ``.po`` files are the source (in git); the ``.mo`` files are built from them (not in git).
``make install`` compiles them with ``python -m kcn.kit.catalogs``, and :func:`compiled` does
the same on first use when a ``.mo`` is missing or older than its ``.po``, so a fresh clone,
``pip install -e .`` and an edited ``.po`` never run on a stale catalog. Where the package
directory is read-only the catalog is compiled in memory instead. A ``.po`` with errors (a
plural entry with the wrong number of forms, a broken placeholder) fails loudly.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
log = logging.getLogger("kcn")


class CatalogError(RuntimeError):
    """A catalog is missing or cannot be compiled."""


def po_path(lang: str, directory: Path = LOCALE_DIR) -> Path:
    return directory / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str, directory: Path = LOCALE_DIR) -> Path:
    return directory / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def languages(directory: Path = LOCALE_DIR) -> list[str]:
    """The languages that have a catalog source under ``directory``."""
    return sorted(p.parent.parent.name for p in directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(lang: str, directory: Path = LOCALE_DIR) -> Catalog:
    """The source catalog of ``lang``, checked: refused if Babel finds an error in it."""
    path = po_path(lang, directory)
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, abort_invalid=True)
    except PoFileError as exc:
        raise CatalogError(f"{path}: {exc}") from exc
    problems = [
        f"{path}:{message.lineno}: {message.id!r}: {error}"
        for message, errors in catalog.check()
        for error in errors
    ]
    for message in catalog:
        forms = message.string
        if isinstance(forms, tuple | list) and any(forms) and not all(forms):
            problems.append(f"{path}:{message.lineno}: {message.id[0]!r}: a plural form is empty")
    if problems:
        raise CatalogError("invalid catalog:\n" + "\n".join(problems))
    return catalog


def compile_catalog(lang: str, directory: Path = LOCALE_DIR) -> bytes:
    """The ``.mo`` content of ``lang``'s ``.po``."""
    out = io.BytesIO()
    write_mo(out, read_catalog(lang, directory))
    return out.getvalue()


def is_stale(lang: str, directory: Path = LOCALE_DIR) -> bool:
    po, mo = po_path(lang, directory), mo_path(lang, directory)
    return not mo.exists() or (po.exists() and mo.stat().st_mtime_ns < po.stat().st_mtime_ns)


def compiled(lang: str, directory: Path = LOCALE_DIR) -> bytes:
    """The compiled catalog of ``lang``: the ``.mo`` file, (re)built first if it is missing or
    older than its ``.po``."""
    po, mo = po_path(lang, directory), mo_path(lang, directory)
    if not po.exists() and not mo.exists():
        raise CatalogError(
            f"no message catalog for {lang!r} ({po} is missing); reinstall with `make install`"
        )
    if not is_stale(lang, directory):
        return mo.read_bytes()
    data = compile_catalog(lang, directory)
    try:
        _write(mo, data)
    except OSError as exc:  # read-only install: use it from memory
        log.warning("cannot write %s (%s); using the catalog compiled in memory", mo, exc)
    return data


def _write(path: Path, data: bytes) -> None:
    """Write atomically, so a concurrent reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o644)  # readable by all, like the .po beside it
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def compile_all(directory: Path = LOCALE_DIR) -> list[str]:
    """Compile every stale catalog under ``directory``; the languages compiled."""
    done = []
    for lang in languages(directory):
        if is_stale(lang, directory):
            _write(mo_path(lang, directory), compile_catalog(lang, directory))
            done.append(lang)
    return done


def main() -> int:
    """``python -m kcn.kit.catalogs [LOCALE_DIR]``: what ``make install`` runs."""
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALE_DIR
    try:
        done = compile_all(directory)
    except CatalogError as exc:
        print(f"kcn: {exc}", file=sys.stderr)
        return 2
    print(f"catalogs compiled: {', '.join(done)}" if done else "catalogs up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
