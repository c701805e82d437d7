"""Limits on one request: body size (413 before the body is read), JSON depth, rate limits."""

from __future__ import annotations

import contextlib
import json
import socket
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kcn.app import create_app
from kcn.config import Settings
from kcn.kit.limits import DepthScanner
from tests.conftest import TEST_SECRET, auth_header
from tests.live import live_server

MB = 1_048_576


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server (its database is never reached: refusals come first)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('limits') / 'empty.sqlite3'}"
    with live_server(create_app(Settings(database_url=url, secret_key=TEST_SECRET))) as base:
        yield base


def _send_until_answered(base: str, head: bytes, chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """Send ``head`` then ``chunks`` until the server answers; the answer and bytes sent."""
    host, port = base.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        answer = b""
        for chunk in chunks:
            with contextlib.suppress(BlockingIOError):
                answer += sock.recv(65536)
            if answer:
                break
            try:
                sock.sendall(chunk)
                sent += len(chunk)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                time.sleep(0.01)
        sock.setblocking(True)
        sock.settimeout(10)
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            try:
                more = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not more:
                break
            answer += more
    return answer, sent


def _body(answer: bytes) -> dict[str, Any]:
    return dict(json.loads(answer.split(b"\r\n\r\n", 1)[1]))


def test_a_210_mb_upload_is_refused_at_once_without_buffering(server: str) -> None:
    size = 210 * MB
    head = (
        b"POST /api/v1/stats/import HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer x\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\nAccept-Language: en\r\n"
        + f"Content-Length: {size}\r\n\r\n".encode()
    )
    block = b"\0" * MB
    tracemalloc.start()
    start = time.perf_counter()
    answer, sent = _send_until_answered(server, head, (block for _ in range(210)))
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\n210 MB upload: 413 after {elapsed:.3f} s, {sent / MB:.0f} MB sent,"
        f" peak {peak / MB:.2f} MB"
    )
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    error = _body(answer)["error"]
    assert error["code"] == "body_too_large" and "32 MB" in error["message"]
    assert elapsed < 2
    assert sent < 64 * MB  # answered long before the body was in
    assert peak < 8 * MB  # client and server in this process: nothing near the body's size


def test_a_chunked_body_over_the_limit_is_refused_while_it_streams(server: str) -> None:
    head = (
        b"POST /api/v1/zones HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"[" + b"0," * (64 * 1024) + b"0]"
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    answer, sent = _send_until_answered(server, head, (chunk for _ in range(1000)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert _body(answer)["error"]["code"] == "body_too_large"
    assert sent < 40 * MB  # 1 MB limit: refused at the first chunks past it


def test_json_nested_500_deep_is_refused_naming_the_limit(client: TestClient) -> None:
    deep = "[" * 500 + "]" * 500
    body = '{"code": "X", "geometry": {"type": "Point", "coordinates": ' + deep + "}}"
    response = client.post(
        "/api/v1/zones",
        content=body,
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "too_deep"
    assert "32 levels" in error["message"]
    vi = client.post("/api/v1/zones", content=body, headers={"Content-Type": "application/json"})
    assert "tối đa 32 cấp" in vi.json()["error"]["message"]


def test_a_json_body_over_its_limit_is_413_from_its_length(client: TestClient) -> None:
    body = b'{"name": "' + b"a" * (2 * MB) + b'"}'
    response = client.post(
        "/api/v1/zones", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_depth_counts_brackets_outside_strings_across_chunks() -> None:
    scanner = DepthScanner(3)
    assert scanner.feed(b'{"a": "[[[[[[\\')
    assert scanner.feed(b'"[[[[", "b": [[')  # the escaped quote keeps the string open
    assert scanner.depth == 3  # {, then [[ outside the strings
    assert not DepthScanner(3).feed(b'{"a": [[[1]]]}')
    assert DepthScanner(4).feed(b'{"a": [[[1]]]}')


def _limited(app: Any, **limits: str) -> Any:
    """The test app again, with other limits (and the same test session)."""
    limited = create_app(app.state.settings.model_copy(update=limits))
    limited.dependency_overrides = app.dependency_overrides
    return limited


def test_the_checker_is_rate_limited_per_address(app: Any) -> None:
    app = _limited(app, rate_limit_check="2/minute")
    files = {"file": ("f.csv", b"key,value,qualifier\n", "text/csv")}
    with TestClient(app) as anon:
        answers = [anon.post("/api/v1/stats/check", files=files).status_code for _ in range(2)]
        refused = anon.post("/api/v1/stats/check?lang=en", files=files)
    assert 429 not in answers
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and "at most 2" in error["message"]
    assert error["fields"] == []
    with TestClient(app, headers=auth_header("statistics")) as staff:
        assert staff.post("/api/v1/stats/check", files=files).status_code != 429


def test_anonymous_reads_have_a_generous_limit_and_staff_a_higher_one(app: Any) -> None:
    app = _limited(app, rate_limit_anonymous="5/minute")
    with TestClient(app) as anon:
        codes = [anon.get("/api/v1/stats/indicators").status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        assert anon.get("/static/kcn.css").status_code == 200  # static files are not counted
        assert anon.get("/zones").status_code == 429  # pages count too, as an HTML page
    with TestClient(app, headers=auth_header("viewer")) as viewer:
        assert [viewer.get("/api/v1/stats/indicators").status_code for _ in range(6)] == [200] * 6
