"""The API connector against the real generated-HRIS server and against scripted transports."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from hirelake.hris import HrisApiConnector, HrisAuthError, HrisError, HrisSourceError
from hirelake.synth.hr import HrSynthResult, serve_hr_api
from tests.unit.synth.hr_validator import read_tables

TOKEN = "hris-unit-token-0123456789"


def test_pages_are_followed_to_the_last(tiny_hr: HrSynthResult) -> None:
    expected = read_tables(tiny_hr.out_dir)["employees"]
    with (
        serve_hr_api(tiny_hr.out_dir, TOKEN) as server,
        HrisApiConnector(server.url, TOKEN, page_size=7) as api,
    ):
        seen: list[tuple[int, int]] = []
        table = api.read("employees", lambda _what, done, total: seen.append((done, total)))
        names = api.tables()
    assert [dict(r.values) for r in table.rows] == [
        {k: v or None for k, v in row.items()} for row in expected
    ]
    assert [r.line for r in table.rows] == list(range(2, len(expected) + 2))
    assert len(seen) == -(-len(expected) // 7) and seen[-1] == (len(expected), len(expected))
    assert "positions" in names and "onboarding" not in names


def test_a_wrong_token_names_the_setting_and_never_shows_the_token(tiny_hr: HrSynthResult) -> None:
    with (
        serve_hr_api(tiny_hr.out_dir, TOKEN) as server,
        HrisApiConnector(server.url, "wrong-token-xyz") as api,
        pytest.raises(HrisAuthError) as caught,
    ):
        api.read("positions")
    message = str(caught.value)
    assert "HIRELAKE_HRIS__TOKEN" in message and "401" in message
    assert "wrong-token-xyz" not in message


def _scripted(responses: list[Any], seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = responses.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    return httpx.MockTransport(handler)


def _page(items: list[dict[str, Any]], next_url: str | None = None) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "next": next_url, "total": 2})


def test_transient_failures_are_retried_with_backoff_then_succeed() -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    responses: list[Any] = [
        httpx.ConnectError("connection refused"),
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "3"}),
        _page([{"grade_code": "P1", "base_salary_cents": 620000}], "https://hris.test/api/v1/grades?page=2"),
        httpx.Response(502),
        _page([{"grade_code": "P2", "base_salary_cents": 860000.0}]),
    ]
    api = HrisApiConnector(
        "https://hris.test/api/v1",
        TOKEN,
        retries=3,
        transport=_scripted(responses, seen),
        sleep=sleeps.append,
    )
    table = api.read("grades")
    assert [dict(r.values) for r in table.rows] == [
        {"grade_code": "P1", "base_salary_cents": "620000"},
        {"grade_code": "P2", "base_salary_cents": "860000"},
    ]
    assert sleeps == [0.5, 1.0, 3.0, 0.5]  # exponential, Retry-After honoured, reset per request
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in seen)


def test_retries_are_bounded() -> None:
    responses: list[Any] = [httpx.Response(500)] * 3
    api = HrisApiConnector(
        "https://hris.test/api/v1/",
        TOKEN,
        retries=2,
        transport=_scripted(responses, []),
        sleep=lambda _: None,
    )
    with pytest.raises(HrisSourceError, match="after 3 tries"):
        api.read("grades")


def test_a_next_link_to_another_host_does_not_get_the_token() -> None:
    seen: list[httpx.Request] = []
    responses: list[Any] = [_page([{"grade_code": "P1"}], "https://evil.test/steal?page=2")]
    api = HrisApiConnector("https://hris.test/api/v1/", TOKEN, transport=_scripted(responses, seen))
    with pytest.raises(HrisSourceError, match="refusing to send the token"):
        api.read("grades")
    assert [r.url.host for r in seen] == ["hris.test"]


def test_onboarding_is_idempotent(tiny_hr: HrSynthResult) -> None:
    record = {
        "employee_id": "E900001",
        "position_id": "POS001",
        "start_date": "2026-03-01",
        "grade_code": "P1",
    }
    with serve_hr_api(tiny_hr.out_dir, TOKEN) as server, HrisApiConnector(server.url, TOKEN) as api:
        first = api.post_onboarding(record, "APP000777")
        replay_raw = httpx.post(
            server.url + "onboarding",
            json=record,
            headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": "APP000777"},
        )
        again = api.post_onboarding(record, "APP000777")
        with pytest.raises(HrisError, match="different onboarding record"):
            api.post_onboarding({**record, "grade_code": "P2"}, "APP000777")
        conflict = httpx.post(
            server.url + "onboarding",
            json={**record, "grade_code": "P2"},
            headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": "APP000777"},
        )
        anonymous = httpx.post(server.url + "onboarding", json=record, headers={"Idempotency-Key": "K1"})
        listing = httpx.get(server.url + "onboarding", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert first["record"] == record and first["idempotency_key"] == "APP000777"
    assert again == first and replay_raw.status_code == 200 and replay_raw.json() == first
    assert conflict.status_code == 409 and anonymous.status_code == 401
    assert listing["items"] == [first]
    stored = json.loads((tiny_hr.out_dir / "onboarding" / "APP000777.json").read_text(encoding="utf-8"))
    assert stored["response"] == first


def test_onboarding_first_receipt_is_201_and_transient_failures_retry() -> None:
    seen: list[httpx.Request] = []
    responses: list[Any] = [httpx.Response(503), httpx.Response(201, json={"onboarding_id": "ONB-1"})]
    api = HrisApiConnector(
        "https://hris.test/api/v1/", TOKEN, transport=_scripted(responses, seen), sleep=lambda _: None
    )
    assert api.post_onboarding({"employee_id": "E1"}, "key-1") == {"onboarding_id": "ONB-1"}
    assert [r.headers["Idempotency-Key"] for r in seen] == ["key-1", "key-1"]
    assert all(r.url.path == "/api/v1/onboarding" for r in seen)
