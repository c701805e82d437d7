"""Zone messages in the request's language."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.zones.factories import (
    API,
    assert_error_shape,
    assert_invalid,
    has_vietnamese_diacritics,
    park_payload,
)

# --- 3. messages in the request's language ---------------------------------------------------


def test_messages_follow_the_request_language(client: TestClient) -> None:
    payload = park_payload(kind="factory", admin_unit="999")
    vi = assert_invalid(client.post(API, json=payload), "kind", "field.choice")
    en = assert_invalid(
        client.post(API, json=payload, headers={"Accept-Language": "en-GB,en;q=0.8"}),
        "kind",
        "field.choice",
    )
    en_query = assert_invalid(client.post(f"{API}?lang=en", json=payload), "kind")
    explicit_vi = assert_invalid(
        client.post(API, json=payload, headers={"Accept-Language": "vi"}), "kind"
    )
    assert vi["message"] != en["message"]
    assert has_vietnamese_diacritics(vi["message"])
    assert vi["message"] == "Dữ liệu không hợp lệ; không có thay đổi nào được ghi."
    assert en["message"] == "The data is not valid; nothing was changed."
    assert en["message"].isascii()
    # Same fields and codes, different words.
    assert [(f["field"], f["code"]) for f in vi["fields"]] == [
        (f["field"], f["code"]) for f in en["fields"]
    ]
    for vi_field, en_field in zip(vi["fields"], en["fields"], strict=True):
        assert vi_field["message"] != en_field["message"]
        assert has_vietnamese_diacritics(vi_field["message"])
    assert en_query == en
    assert explicit_vi == vi


def test_milestones_are_named_in_the_request_language(client: TestClient) -> None:
    """A Vietnamese message names milestones by their Vietnamese labels, not by API keys."""
    payload = park_payload(
        milestones=[
            {"kind": "policy_approved", "reached_on": "2020-01-01"},
            {"kind": "operating", "reached_on": "2019-06-01"},
        ]
    )
    error = assert_error_shape(client.post(API, json=payload), 422, "validation_failed")
    message = error["fields"][0]["message"]
    assert "operating" not in message and "policy_approved" not in message, message
    assert "Đang hoạt động" in message and "Đã chấp thuận chủ trương đầu tư" in message


def test_lang_parameter_wins_over_accept_language(client: TestClient) -> None:
    response = client.get(
        API, params={"stage": "bogus", "lang": "en"}, headers={"Accept-Language": "vi"}
    )
    assert assert_invalid(response, "stage")["message"] == (
        "The data is not valid; nothing was changed."
    )


def test_domain_errors_are_translated_too(client: TestClient) -> None:
    vi = assert_error_shape(client.get(f"{API}/987654"), 404, "not_found")
    en = assert_error_shape(client.get(f"{API}/987654?lang=en"), 404, "not_found")
    assert vi["message"] == "Không có khu, cụm công nghiệp số 987654."
    assert en["message"] == "No zone with id 987654."
    taken = park_payload(code="KCN-DINH-TRAM")
    code_vi = assert_invalid(client.post(API, json=taken), "code")
    english = {"Accept-Language": "en"}
    code_en = assert_invalid(client.post(API, json=taken, headers=english), "code")
    assert code_vi["fields"][0]["message"] == "Mã “KCN-DINH-TRAM” đã được dùng."
    assert code_en["fields"][0]["message"] == "The code “KCN-DINH-TRAM” is already used."
