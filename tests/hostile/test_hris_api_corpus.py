"""Hostile and broken HRIS API answers (httpx.MockTransport): each a clear `HrisError` or rejected rows,
never a raw exception; a flaky server that recovers still delivers every row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from hirelake.errors import ConfigurationError
from hirelake.hris import HrisApiConnector, HrisError, PythonColumnGate, load_mapping
from hirelake.hris.steps import check_entity, read_entity, reference_index
from hirelake.hris.store import raw_table_key
from hirelake.hris.sync import sync_hris
from hirelake.settings import Settings
from tests.hostile.test_hris_corpus import DAY, HrisMemoryLake

BASE = "https://hris.test/api/v1/"
TOKEN = "hostile-api-token-0123456789"
GRADE = {
    "grade_code": "P1",
    "role_family": "nurse",
    "title_zh": "护士",
    "base_salary_cents": 480000,
    "starting_performance_coefficient": 0.8,
}
Handler = Callable[[httpx.Request], httpx.Response]


def _json(body: Any, status: int = 200) -> Handler:
    return lambda _request: httpx.Response(status, json=body)


def _raw(content: bytes, status: int = 200) -> Handler:
    return lambda _request: httpx.Response(status, content=content)


def _page(items: list[Any], **extra: Any) -> Handler:
    return _json({"items": items, "next": None, **extra})


def _api(handler: Handler, **options: Any) -> HrisApiConnector:
    return HrisApiConnector(
        BASE, TOKEN, transport=httpx.MockTransport(handler), sleep=lambda _s: None, retries=2, **options
    )


# (case, what the server answers, error substring)
ERROR_CORPUS: list[tuple[str, Handler, str]] = [
    ("HTML instead of JSON", _raw(b"<html><body>Login</body></html>"), "something that is not JSON"),
    ("bytes in no UTF encoding", _raw(b"\xff\xfe\x00\xd8garbage"), "something that is not JSON"),
    ("empty body", _raw(b""), "something that is not JSON"),
    ("a JSON array instead of an object", _json([GRADE]), "did not return a page"),
    ("items is not a list", _json({"items": {"0": GRADE}}), "did not return a page"),
    ("no records", _page([]), "answered no records"),
    ("next to another host", _page([GRADE], next="https://evil.test/steal?page=2"),
     "refusing to send the token"),
    ("next to another scheme", _page([GRADE], next="http://hris.test/api/v1/grades?page=2"),
     "refusing to send the token"),
    ("next that is not a URL", _page([GRADE], next=5), "expected a URL or null"),
    ("next that loops to itself", _page([GRADE], next=f"{BASE}grades?page=1&page_size=500"), "`next` loops"),
    ("500 every time", _raw(b"", 500), "did not answer"),
    ("404", _json({"error": "no such table"}, 404), "answered 404"),
    ("401", _raw(b"", 401), "refused the token"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("handler", "reason"), [c[1:] for c in ERROR_CORPUS], ids=[c[0] for c in ERROR_CORPUS]
)
def test_each_broken_answer_is_a_clear_error(handler: Handler, reason: str) -> None:
    with _api(handler) as api, pytest.raises(HrisError) as caught:
        api.read("grades", lambda *_: None)
    assert reason in str(caught.value)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize("page_size", [0, -1, 10**9], ids=["zero", "negative", "a billion"])
def test_an_absurd_page_size_is_refused_before_any_request(page_size: int) -> None:
    def never(_request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be sent")

    with pytest.raises(ConfigurationError, match="PAGE_SIZE must be 1 to 1000"):
        _api(never, page_size=page_size)


@pytest.mark.parametrize(
    "total", ["lots", 1e308, -5, None, True], ids=["text", "1e308", "negative", "null", "bool"]
)
def test_an_absurd_total_does_not_break_the_read(total: Any) -> None:
    seen: list[tuple[str, int, int]] = []
    with _api(_page([GRADE], total=total)) as api:
        table = api.read("grades", lambda *a: seen.append(a))
    assert [r.values["grade_code"] for r in table.rows] == ["P1"]
    assert seen == [("grades", 1, 0)]  # unknown total


def test_a_500_then_success_delivers_every_row() -> None:
    answers = [httpx.Response(500), httpx.Response(503), httpx.Response(200, json={"items": [GRADE]})]
    with _api(lambda _request: answers.pop(0)) as api:
        table = api.read("grades")
    assert [r.values["grade_code"] for r in table.rows] == ["P1"] and answers == []


def test_hostile_item_fields_are_rejected_rows_beside_valid_ones() -> None:
    items = [
        GRADE,
        {**GRADE, "grade_code": "HUGE", "title_en": "x" * 1_000_000},
        {**GRADE, "grade_code": "TYPE", "base_salary_cents": "lots"},
        {**GRADE, "grade_code": "LIST", "base_salary_cents": [1, 2]},
        {**GRADE, "grade_code": "SQL", "title_en": "'; drop table employees; --"},
        {**GRADE, "grade_code": "P1"},
        "P2,nurse",  # an item that is not an object
        None,
    ]
    with _api(_page(items)) as api:
        table = read_entity(api, load_mapping(), "grades")
    checked = check_entity(table, reference_index({"grades": table}), PythonColumnGate())
    assert [r["grade_code"] for r in checked.accepted] == ["P1", "SQL"]
    assert checked.accepted[1]["title_en"] == "'; drop table employees; --"
    reasons = {r.key: r.reason for r in checked.rejections}
    assert "title_en holds 1,000,000 characters" in reasons["HUGE"]
    [string, null] = [r for r in checked.rejections if r.key is None]
    assert (string.line, null.line) == (8, 9)  # numbered like an export's lines
    assert "not an object: 'P2,nurse'" in string.reason and "not an object: None" in null.reason
    assert "base_salary_cents 'lots' is not a whole number" in reasons["TYPE"]
    assert "base_salary_cents '[1, 2]' is not a whole number" in reasons["LIST"]
    assert "grade_code P1 appears twice" in reasons["P1"]


@pytest.mark.parametrize(
    ("grades", "reason"),
    [({"items": []}, "answered no records"), ({"rows": [GRADE]}, "did not return a page")],
    ids=["no records", "not a page"],
)
def test_a_broken_endpoint_refuses_its_table_only_in_a_sync(grades: Any, reason: str) -> None:
    answers = {
        "/api/v1/": {"entities": [{"name": "grades"}, {"name": "org_units"}]},
        "/api/v1/grades": grades,
        "/api/v1/org_units": {"items": [{"org_unit_id": "H1", "level": "hospital", "name_zh": "医院"}]},
    }
    lake = HrisMemoryLake()
    with _api(lambda request: httpx.Response(200, json=answers[request.url.path])) as api:
        report = sync_hris(Settings(_env_file=None), lake, api, DAY)  # type: ignore[arg-type,call-arg]
    refused = report.entity("grades").refused
    assert refused is not None and reason in refused
    assert raw_table_key("hris", "grades", DAY) not in lake.objects  # the last snapshot stays in use
    assert report.entity("org_units").accepted == 1
