"""The import page: upload a file (its kind, check only), follow the job, then read every
problem row by row in the chosen language or the counts; a file over the upload limit is
refused with a clear message, and a role that may not write is refused at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.auth import service as auth_service
from kcn.cli import alembic_config
from kcn.db import make_engine
from kcn.kit.permissions import system_actor
from kcn.models import Enterprise
from tests import conftest
from tests.conftest import PASSWORD, Backend
from tests.enterprises.factories import tax_code

LIMIT = 4096  # bytes: the upload limit of this test's app
HEADER = "Mã số thuế,Tên doanh nghiệp,Sở hữu,Quốc gia nhà đầu tư\n"


@pytest.fixture(scope="module")
def site(
    backend_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, dict[str, str]]]:
    """An app on a database of its own (the import job commits from its thread)."""
    backend = Backend(backend_kind, tmp_path_factory.mktemp("import-page"))
    command.upgrade(alembic_config(backend.url), "head")
    settings = conftest.test_settings(backend.url).model_copy(update={"max_upload_bytes": LIMIT})
    engine = make_engine(backend.url)
    tokens: dict[str, str] = {}
    with Session(engine) as session:
        for role in ("admin", "viewer"):
            data = auth_service.NewUser(role, PASSWORD, role, role, None)
            user = auth_service.create_user(session, data, system_actor("setup", "cli"))
            _, tokens[role] = auth_service.create_token(session, settings, user, "t", None,
                                                        system_actor("setup", "cli"))  # fmt: skip
    engine.dispose()
    yield create_app(settings), tokens
    backend.drop()


def _upload(client: TestClient, content: bytes, **form: str) -> Any:
    page = client.get("/imports", params={"lang": "en"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text[:300]
    return client.post("/imports", params={"lang": "en"}, data={"csrf_token": token[1], **form},
                       files={"file": ("firms.csv", content)}, follow_redirects=False)  # fmt: skip


def _result(client: TestClient, app: Any, response: Any) -> Any:
    assert response.status_code == 303, response.text[:500]
    job_id = response.headers["location"].rsplit("/", 1)[1]
    app.state.jobs.wait(job_id, 60)
    return client.get(f"/imports/{job_id}", params={"lang": "en"})


def test_upload_follow_and_read_the_report(site: tuple[Any, dict[str, str]]) -> None:
    app, tokens = site
    login = TestClient(app).get("/imports", follow_redirects=False)  # no lifespan: no shutdown
    assert login.status_code == 303 and login.headers["location"].startswith("/login")
    good = [f"{tax_code(500 + i)},Công ty TNHH Trang {i},fdi,KR" for i in range(2)]
    bad = (HEADER + "\n".join([*good, "0100109107,Sai mã,fdi,KR"]) + "\n").encode()
    with TestClient(app, headers={"Authorization": f"Bearer {tokens['admin']}"}) as client:
        form = client.get("/imports", params={"lang": "en", "kind": "projects"})
        assert '<option value="projects" selected>' in form.text
        assert "/api/v1/imports/leases/template.xlsx?lang=en" in form.text
        assert "(at most 4 KB)" in form.text

        refused = _result(client, app, _upload(client, bad, kind="enterprises"))
        assert refused.status_code == 422
        assert "firms.csv: 1 problems; nothing was written." in refused.text
        row = re.search(r'<tr><td class="num">4</td><td>Tax code</td><td><code>0100109107'
                        r"</code></td><td>([^<]+)</td>", refused.text)  # fmt: skip
        assert (row and "check digit" in row[1].lower()) or (row and "tax code" in row[1].lower())

        content = (HEADER + "\n".join(good) + "\n").encode()
        checked = _result(client, app, _upload(client, content, kind="enterprises",
                                               dry_run="true"))  # fmt: skip
        assert checked.status_code == 200 and "nothing written (check only)" in checked.text
        engine = make_engine(str(app.state.settings.database_url))
        with Session(engine) as session:
            assert session.scalar(select(func.count(Enterprise.id))) == 0
        done = _result(client, app, _upload(client, content, kind="enterprises"))
        assert "firms.csv: 2 rows; 2 created, 0 updated, 0 unchanged." in done.text
        with Session(engine) as session:
            assert session.scalar(select(func.count(Enterprise.id))) == 2
        engine.dispose()

        unreadable = _result(client, app, _upload(client, b"PK not a workbook", kind="leases"))
        assert unreadable.status_code == 422 and "The XLSX file cannot be read." in unreadable.text

        too_large = _upload(client, HEADER.encode() * (LIMIT // len(HEADER) + 1))
        assert too_large.status_code == 413 and "at most" in too_large.text
        viewer = TestClient(app, headers={"Authorization": f"Bearer {tokens['viewer']}"})
        assert _upload(viewer, content, kind="enterprises").status_code == 403
