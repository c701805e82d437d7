"""The deployment guide and its files: every file it links exists, it is linked from the index
and the README, and the systemd unit, the nginx site and the container file hold what the guide
says they do (parsed minimally: no systemd, nginx or container engine is needed)."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from kcn.config import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = DOCS / "deployment.md"
DEPLOY = ROOT / "deploy"


def _nginx_directives(text: str) -> list[tuple[int, list[str]]]:
    """(depth, words) of each directive or block of an nginx file; fails on a stray brace or a
    statement without its ``;``."""
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    out: list[tuple[int, list[str]]] = []
    depth, words = 0, ""
    for char in body:
        if char in ";{}":
            statement = words.split()
            if char == "}":
                assert not statement, f"missing ';' before '}}': {words!r}"
                depth -= 1
                assert depth >= 0, "a '}' closes nothing"
            else:
                assert statement, f"empty statement before {char!r}"
                out.append((depth, statement))
                depth += char == "{"
            words = ""
        else:
            words += char
    assert depth == 0 and not words.split(), "a block is not closed, or a ';' is missing"
    return out


def test_the_guide_is_linked_and_every_file_it_names_exists() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "deployment.md" in (DOCS / "index.md").read_text(encoding="utf-8")
    assert "docs/deployment.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [link for link in links if "://" not in link]
    assert {"../deploy/systemd/kcn.service", "../deploy/nginx/kcn.conf"} <= set(local)
    assert [link for link in local if not (DOCS / link).exists()] == []
    named = set(re.findall(r"`(deploy/[\w./-]+)`", text))
    assert named and [path for path in named if not (ROOT / path).exists()] == []
    assert "operations.md#read-replicas" in text and "KCN_DATABASE_REPLICA_URL" in text


def test_the_systemd_unit_serves_kcn_with_workers() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(DEPLOY / "systemd" / "kcn.service", encoding="utf-8")
    assert {"Unit", "Service", "Install"} <= set(unit.sections())
    service = unit["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith("/bin/kcn") and command[1] == "serve"
    assert "--workers" in command and command[command.index("--host") + 1] == "127.0.0.1"
    assert service["User"] != "root" and service["EnvironmentFile"].startswith("/")
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_nginx_site_proxies_to_kcn_and_closes_the_metrics() -> None:
    directives = _nginx_directives((DEPLOY / "nginx" / "kcn.conf").read_text(encoding="utf-8"))
    upstream = next(i for i, (_d, w) in enumerate(directives) if w[:2] == ["upstream", "kcn"])
    assert directives[upstream + 1][1] == ["server", "127.0.0.1:8000"]
    assert ["proxy_pass", "http://kcn"] in [w for _d, w in directives]
    headers = {w[1] for _d, w in directives if w[0] == "proxy_set_header"}
    assert {"X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID", "Host"} <= headers
    closed = [w for _d, w in directives].index(["location", "=", "/metrics"])
    assert directives[closed + 1][1] == ["return", "404"]
    size = next(w[1] for _d, w in directives if w[0] == "client_max_body_size")
    assert size.endswith("m") and int(size[:-1]) * 1024 * 1024 > Settings().max_upload_bytes


def test_the_container_file_installs_from_the_repository_and_serves() -> None:
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = "\n".join(lines).replace("\\\n", " ")  # continuation lines
    instructions = [line.split(None, 1) for line in joined.splitlines() if line.strip()]
    assert instructions[0][0] == "FROM"
    for name, args in instructions:
        if name == "COPY":
            *sources, _target = args.split()
            assert [s for s in sources if not (ROOT / s).exists()] == [], args
    run = " ".join(args for name, args in instructions if name == "RUN")
    assert "pip install -e ." in run and "kcn.kit.catalogs" in run
    cmd = next(args for name, args in instructions if name == "CMD")
    assert cmd == '["kcn", "serve"]'
    assert any(name == "USER" and args != "root" for name, args in instructions)
