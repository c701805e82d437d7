"""What the OpenAPI document says about errors, security and media types (kcn.kit.openapi)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from kcn.app import create_app
from kcn.config import Settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _document() -> dict[str, Any]:
    return create_app(Settings(database_url="sqlite://")).openapi()


def test_every_error_answer_has_the_one_error_shape() -> None:
    doc = _document()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    error = doc["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["required"] == ["code", "message", "fields"]
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            for status, answer in op["responses"].items():
                if status >= "400":
                    schema = answer["content"]["application/json"]["schema"]
                    one = {"$ref": "#/components/schemas/Error"}
                    # An operation's own 422 (an import's row-by-row report) sits beside it.
                    assert schema == one or (status == "422" and one in schema.get("anyOf", [])), (
                        method,
                        path,
                    )
            assert {"429", "503"} <= set(op["responses"]), (method, path)
            if "requestBody" in op:
                assert {"413", "422"} <= set(op["responses"]), (method, path)
    zone = doc["paths"]["/api/v1/zones/{zone_id}"]
    assert {"401", "403", "404", "409", "413", "422"} <= set(zone["patch"]["responses"])
    assert "Retry-After" in zone["get"]["responses"]["429"]["headers"]
    imported = doc["paths"]["/api/v1/stats/import"]["post"]["responses"]["422"]
    assert imported["content"]["application/json"]["schema"]["anyOf"] == [
        {"$ref": "#/components/schemas/ImportReport"},
        {"$ref": "#/components/schemas/Error"},
    ]


def test_public_operations_need_no_token_and_writes_do() -> None:
    paths = _document()["paths"]
    optional = [{}, {"HTTPBearer": []}]
    assert paths["/api/v1/zones"]["get"]["security"] == optional
    assert paths["/api/v1/zones"]["post"]["security"] == [{"HTTPBearer": []}]
    assert paths["/api/v1/audit"]["get"]["security"] == [{"HTTPBearer": []}]
    assert paths["/api/v1/users/me"]["get"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in paths["/api/v1/stats/check"]["post"]


def test_exports_declare_their_media_types() -> None:
    paths = _document()["paths"]
    table = paths["/api/v1/stats/tables/export.xlsx"]["get"]["responses"]["200"]["content"]
    assert list(table) == [XLSX]
    zones = paths["/api/v1/zones/export.{fmt}"]["get"]["responses"]["200"]["content"]
    assert set(zones) == {XLSX, "text/csv"}
    assert zones["text/csv"]["schema"] == {"type": "string", "format": "binary"}


def test_timestamps_carry_their_offset(client: TestClient) -> None:
    zone = client.get("/api/v1/zones?limit=1").json()["items"][0]
    detail = client.get(f"/api/v1/zones/{zone['id']}").json()
    assert detail["created_at"].endswith(("Z", "+00:00"))


def test_docs_serve_a_swagger_ui_that_reads_openapi_3_1(anon: TestClient) -> None:
    page = anon.get("/docs")
    assert page.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in page.text
    bundle = anon.get("/static/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and '"5.' in bundle.text  # Swagger UI 5 reads 3.1
    assert anon.get("/static/swagger/swagger-ui.css").status_code == 200
    assert anon.get("/openapi.json").json()["openapi"].startswith("3.1")
