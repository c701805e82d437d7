"""Browser tests: the real application served by uvicorn, driven by Debian's Chromium through
Playwright.

One server per session, on 127.0.0.1 and a free port, over a migrated temporary SQLite
database with the demo data and an admin user. Without Chromium (or Playwright) the tests are
skipped with a loud notice, unless ``KCN_REQUIRE_BROWSER=1`` (set by CI), which makes them
fail instead. Screenshots go to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from alembic import command
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.auth import service as auth_service
from kcn.cli import alembic_config
from kcn.config import Settings
from kcn.db import make_engine
from kcn.demo.loader import load_demo
from kcn.kit.permissions import system_actor

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"
ADMIN, PASSWORD = "browser-admin", "a long browser password"
BOARD = "browser-board"  # the zone board of Yên Lư (same password)
REQUIRE_BROWSER = os.environ.get("KCN_REQUIRE_BROWSER") == "1"
_browser_problem: list[str] = []


def _skip_or_fail(message: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(message + " (KCN_REQUIRE_BROWSER=1)")
    _browser_problem.append(message)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _browser_problem:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_browser_problem[0], red=True, bold=True)
        terminalreporter.write_line("Install it: apt-get install -y chromium", red=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The origin (``http://127.0.0.1:<port>``) of the application on a demo database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'kcn.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    settings = Settings(database_url=url, secret_key="browser-test-secret")
    engine = make_engine(url)
    with Session(engine) as session:
        load_demo(session)
        user = auth_service.NewUser(ADMIN, PASSWORD, "admin", "Browser Admin", None)
        auth_service.create_user(session, user, system_actor("test setup", "cli"))
        board = auth_service.NewUser(BOARD, PASSWORD, "zone_board", "Browser Board", None,
                                     ("KCN-YEN-LU",))  # fmt: skip
        auth_service.create_user(session, board, system_actor("test setup", "cli"))
    engine.dispose()
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _skip_or_fail("Chromium not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright for Python is not installed (make install-dev)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


class Visit:
    """A browser tab on the test server that records every request the page makes."""

    def __init__(self, page: Any, origin: str) -> None:
        self.page, self.origin = page, origin
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def go(self, path: str) -> Any:
        response = self.page.goto(self.origin + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        return response

    def outside(self) -> list[str]:
        """Requests that left the server (a CDN, a font, an analytics script…)."""
        return [u for u in self.requests if not u.startswith(self.origin + "/")]

    def horizontal_overflow(self) -> int:
        """How far the page scrolls sideways, in CSS pixels (0 when it does not)."""
        return int(self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))

    def too_wide(self) -> list[str]:
        """The elements that stick out on the right (to say why a page scrolls sideways)."""
        script = """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter(e => !e.closest('.table-wrap'))
            .slice(0, 5)
            .map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 40))"""
        return list(self.page.evaluate(script))

    def axe(self) -> list[str]:
        """Serious and critical accessibility violations found by axe-core on the page."""
        if not AXE_JS.exists():
            _skip_or_fail(f"axe-core not installed at {AXE_JS} (make axe)")
        self.page.add_script_tag(path=str(AXE_JS))
        found = self.page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': '
                     + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
        )
        return list(found)

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def login(self, username: str = ADMIN, password: str = PASSWORD) -> None:
        self.go("/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("main form button[type=submit]")
        self.page.wait_for_load_state()


def _visit(
    browser: Any,
    server: str,
    width: int,
    lang: str,
    state: dict[str, Any] | None = None,
    bypass_csp: bool = False,
) -> Iterator[Visit]:
    """A tab ``width`` px wide in ``lang``; ``state``: signed in; ``bypass_csp`` only to
    inject axe-core (the pages' own policy forbids any inline script)."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, storage_state=state, bypass_csp=bypass_csp
    )
    if lang:
        host = server.split("//")[1].split(":")[0]
        context.add_cookies([{"name": "kcn_lang", "value": lang, "domain": host, "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Visit(page, server)
    context.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Visit]:
    """A desktop-width tab (1280 px), Vietnamese."""
    yield from _visit(browser, server, 1280, "vi")


@pytest.fixture
def phone(browser: Any, server: str) -> Iterator[Visit]:
    """A phone-width tab (360 px), Vietnamese."""
    yield from _visit(browser, server, 360, "vi")


@pytest.fixture(scope="session")
def admin_state(browser: Any, server: str) -> dict[str, Any]:
    """A signed-in admin's cookies, to start tabs already logged in."""
    context = browser.new_context()
    visit = Visit(context.new_page(), server)
    visit.login()
    state: dict[str, Any] = context.storage_state()
    context.close()
    return state


@pytest.fixture
def admin(browser: Any, server: str, admin_state: dict[str, Any]) -> Iterator[Visit]:
    """A desktop-width tab signed in as the admin, Vietnamese."""
    yield from _visit(browser, server, 1280, "vi", admin_state)


@pytest.fixture
def admin_phone(browser: Any, server: str, admin_state: dict[str, Any]) -> Iterator[Visit]:
    """A phone-width tab (360 px) signed in as the admin, Vietnamese."""
    yield from _visit(browser, server, 360, "vi", admin_state)


@pytest.fixture
def admin_axe(browser: Any, server: str, admin_state: dict[str, Any]) -> Iterator[Visit]:
    """A signed-in tab that lets the test inject axe-core."""
    yield from _visit(browser, server, 1280, "vi", admin_state, bypass_csp=True)
