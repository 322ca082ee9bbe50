from __future__ import annotations

import httpx
import pytest

from hirelake.synth.hr import HrSynthResult, serve_hr_api

from .hr_validator import Tables

TOKEN = "test-token-123"


def test_requests_without_the_token_get_401(small_run: HrSynthResult) -> None:
    with serve_hr_api(small_run.out_dir, TOKEN) as server:
        anonymous = httpx.get(server.url + "employees")
        wrong = httpx.get(server.url + "employees", headers={"Authorization": "Bearer nope"})
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert wrong.status_code == 401


def test_pages_walk_through_every_row(small_run: HrSynthResult, small_tables: Tables) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with serve_hr_api(small_run.out_dir, TOKEN, port=0) as server, httpx.Client(headers=headers) as client:
        assert server.url.startswith("http://127.0.0.1:")
        url: str | None = server.url + "employees?page=1&page_size=7"
        items: list[dict[str, object]] = []
        pages = 0
        while url:
            body = client.get(url).raise_for_status().json()
            assert body["page_size"] == 7 and body["total"] == len(small_tables["employees"])
            items += body["items"]
            url = body["next"]
            pages += 1
        index = client.get(server.url).json()
    expected = [{k: (v or None) for k, v in row.items()} for row in small_tables["employees"]]
    assert items == expected
    assert pages == -(-len(expected) // 7)
    assert "clock_events" in {e["name"] for e in index["entities"]}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("nonexistent", 404),
        ("employees?page=0", 400),
        ("employees?page_size=5000", 400),
        ("employees?page=x", 400),
    ],
)
def test_bad_requests_are_explained(small_run: HrSynthResult, path: str, status: int) -> None:
    with serve_hr_api(small_run.out_dir, TOKEN) as server:
        response = httpx.get(server.url + path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == status
    assert response.json()["error"]


def test_page_past_the_end_is_empty(small_run: HrSynthResult) -> None:
    with serve_hr_api(small_run.out_dir, TOKEN) as server:
        body = httpx.get(server.url + "grades?page=9", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert body["items"] == [] and body["next"] is None and body["total"] == 12
