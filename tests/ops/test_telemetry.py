"""Telemetry for operators: JSON log lines with the request id, and Prometheus metrics at
/metrics (latency by route template, the database pool, jobs), open to this machine or to a
token only, and added up over several worker processes."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.config import Settings
from kcn.jobs import telemetry as jobs_telemetry
from kcn.kit.http import get_session
from kcn.kit.logs import json_formatter, uvicorn_log_config
from kcn.models import Job
from tests.conftest import TEST_SECRET

TOKEN = "metrics-test-token"
ROUTE = "/api/v1/zones/{zone_id}"


@pytest.fixture
def access_lines() -> Iterator[io.StringIO]:
    """The access lines of the requests made meanwhile, as KCN_LOG_FORMAT=json writes them."""
    logger = logging.getLogger("kcn.access")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def metrics_app(engine: Any, session: Session) -> Any:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url, secret_key=TEST_SECRET, metrics_token=TOKEN))
    app.dependency_overrides[get_session] = lambda: session
    return app


def _scrape(client: TestClient) -> dict[str, Any]:
    """Each sample of /metrics by (name, labels)."""
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_a_request_logs_one_json_line_with_its_request_id(
    anon: TestClient, access_lines: io.StringIO
) -> None:
    response = anon.get("/api/v1/zones", headers={"X-Request-ID": "obs-req-1"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in access_lines.getvalue().splitlines()]
    line = next(x for x in lines if x["request_id"] == "obs-req-1")
    assert line["level"] == "INFO" and line["logger"] == "kcn.access"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/zones", 200)
    assert line["route"] == "/api/v1/zones"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00") and "GET /api/v1/zones" in line["message"]


def test_the_json_configuration_of_kcn_serve_formats_every_logger() -> None:
    config = uvicorn_log_config("json")
    assert config["loggers"]["kcn.access"]["handlers"] == ["access"]
    assert config["root"]["handlers"] == ["default"]
    configurator = logging.config.DictConfigurator(config)
    for name in ("default", "access"):
        formatter = configurator.configure_formatter(dict(config["formatters"][name]))
        try:
            raise ValueError("broken")
        except ValueError:
            record = logging.getLogger("kcn.test").makeRecord(
                "kcn.test", logging.ERROR, __file__, 1, "failed: %s", ("zones",), sys.exc_info()
            )
        record.request_id = "obs-req-2"
        record.color_message = "colours"  # uvicorn's: not repeated in the object
        line = json.loads(formatter.format(record))
        assert line["message"] == "failed: zones" and line["request_id"] == "obs-req-2"
        assert line["level"] == "ERROR" and "ValueError: broken" in line["exc_info"]
        assert "color_message" not in line
    text = uvicorn_log_config("text")
    assert "%(request_id)s" in text["formatters"]["access"]["fmt"]


def test_metrics_count_requests_by_route_template_and_show_the_pool(
    metrics_app: Any, session: Session
) -> None:
    zone_ids = [z["id"] for z in TestClient(metrics_app).get("/api/v1/zones").json()["items"][:3]]
    with TestClient(metrics_app) as client:
        key = ("kcn_http_request_duration_seconds_count",
               (("method", "GET"), ("route", ROUTE), ("status", "200")))  # fmt: skip
        before = _scrape(client).get(key, 0)
        for zone_id in zone_ids:
            assert client.get(f"/api/v1/zones/{zone_id}").status_code == 200
        samples = _scrape(client)
    assert samples[key] == before + len(zone_ids) == before + 3
    # The raw paths are not labels: no series per zone id.
    assert not any(f"/api/v1/zones/{zone_ids[0]}" in str(labels) for _name, labels in samples)
    for gauge in ("kcn_db_pool_size", "kcn_db_pool_checked_out", "kcn_db_pool_overflow"):
        assert (gauge, ()) in samples
    assert samples[("kcn_db_pool_size", ())] >= 1
    assert any(name == "process_cpu_seconds_total" for name, _labels in samples)


def test_metrics_are_only_for_this_machine_or_the_token(metrics_app: Any, app: Any) -> None:
    with TestClient(metrics_app) as remote:
        assert remote.get("/metrics").status_code == 404
        wrong = remote.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 404
    with TestClient(app) as remote:  # no token set: a remote address is refused
        assert remote.get("/metrics").status_code == 404
    with TestClient(app, client=("127.0.0.1", 50000)) as local:
        response = local.get("/metrics")
    assert response.status_code == 200 and "# TYPE kcn_jobs gauge" in response.text
    assert "/metrics" not in metrics_app.openapi()["paths"]


def test_jobs_are_counted_by_kind_and_state(session: Session) -> None:
    for kind, state in [("obs_a", "queued"), ("obs_a", "failed"), ("obs_a", "failed"),
                        ("obs_b", "running"), ("obs_b", "succeeded")]:  # fmt: skip
        session.add(Job(id=f"obs-{len(session.new)}", kind=kind, state=state, done=0,
                        total=0, lang="vi"))  # fmt: skip
    session.flush()
    counts = {labels: value for labels, value in jobs_telemetry.read(session)}
    assert counts[("obs_a", "queued")] == 1 and counts[("obs_a", "failed")] == 2
    assert counts[("obs_a", "running")] == 0 and counts[("obs_b", "running")] == 1
    assert ("obs_b", "succeeded") not in counts


WORKERS = """
import os, sys
from fastapi import FastAPI
from fastapi.testclient import TestClient
from kcn.db import make_engine, make_sessionmaker
from kcn.kit import telemetry

def serve(requests):
    app = FastAPI()  # only what the kit needs: quicker to start than the whole of KCN
    app.state.engine = make_engine(sys.argv[1])
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    app.get("/ping/{n}")(lambda n: {})
    telemetry.install(app, "t")
    with TestClient(app) as client:  # at the end, the lifespan's: the worker stops
        for n in range(requests):
            assert client.get(f"/ping/{n}").status_code == 200
        return client.get("/metrics", headers={"Authorization": "Bearer t"}).text

child = os.fork()  # a first worker, which serves two requests and stops
if child == 0:
    serve(2)
    os._exit(0)
assert os.waitpid(child, 0)[1] == 0
print(serve(1))
"""


def test_several_workers_add_up_their_samples(tmp_path: Path) -> None:
    """Two processes sharing PROMETHEUS_MULTIPROC_DIR, as `kcn serve --workers 2` runs them
    (the second started by a fork, to pay Python's start-up once): the second one's /metrics
    counts the first one's requests, and leaves out the pool of the first, which stopped."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    url = f"sqlite:///{tmp_path / 'kcn.sqlite3'}"

    done = subprocess.run([sys.executable, "-c", WORKERS, url], env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    key = ("kcn_http_request_duration_seconds_count",
           (("method", "GET"), ("route", "/ping/{n}"), ("status", "200")))  # fmt: skip
    assert samples[key] == 3
    assert samples[("kcn_db_pool_size", ())] == 5  # the live worker's pool only
