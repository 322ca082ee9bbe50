"""Interview plans are stored once per interview; a different plan for the same interview is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from hirelake.interview_plans import PlanError, load_plan, plan_key, save_plan
from hirelake.question_banks import InterviewPlan, load_bank
from hirelake.synth.media.generate import GeneratedInterview, plan_for_generated, selected_at_for


class FakeLake:
    """The three JSON calls of `hirelake.lake.Lake`, serialising like it does (sorted keys, str default)."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def exists(self, key: str) -> bool:
        return key in self.objects

    def put_json(self, key: str, document: Any) -> None:
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        self.objects[key] = text.encode("utf-8")

    def get_json(self, key: str) -> Any:
        return json.loads(self.objects[key])


PLAN = InterviewPlan(
    interview_id="iv0001-C1",
    candidate_id="C1",
    position_id="POS001",
    bank_id="nurse_emergency",
    bank_version=2,
    language="zh",
    question_ids=("EDN-K01", "EDN-O02", "EDN-C01"),
    selected_at=datetime(2025, 9, 1, 8, 0, tzinfo=UTC),
)


def test_save_then_load_round_trips_at_the_documented_key() -> None:
    lake = FakeLake()
    assert load_plan(lake, PLAN.interview_id) is None
    assert save_plan(lake, PLAN) is True
    assert list(lake.objects) == ["raw/interview_plans/iv0001-C1.json"] == [plan_key(PLAN.interview_id)]
    assert load_plan(lake, PLAN.interview_id) == PLAN
    assert lake.get_json(plan_key(PLAN.interview_id))["question_ids"] == list(PLAN.question_ids)


def test_the_same_plan_again_is_a_no_op_and_a_different_one_is_refused() -> None:
    lake = FakeLake()
    save_plan(lake, PLAN)
    stored = dict(lake.objects)
    assert save_plan(lake, PLAN.model_copy()) is False
    other = PLAN.model_copy(update={"question_ids": ("EDN-K02", "EDN-C01")})
    with pytest.raises(PlanError, match=r"already has a different plan .*written once"):
        save_plan(lake, other)
    assert lake.objects == stored


def test_a_corrupt_stored_plan_and_unsafe_ids_are_reported() -> None:
    lake = FakeLake()
    lake.put_json(plan_key("iv-bad"), {"interview_id": "iv-bad"})
    with pytest.raises(PlanError, match="does not parse"):
        load_plan(lake, "iv-bad")
    with pytest.raises(ValueError, match="must be letters"):
        load_plan(lake, "../secrets")


def test_a_generated_interview_gives_a_reproducible_plan(tmp_path: Any) -> None:
    bank = load_bank("nurse_emergency", 2)
    interview = GeneratedInterview(
        interview_id="iv0001-C1",
        candidate_id="C1",
        position_id="POS001",
        media_path=tmp_path / "interview.mp4",
        container="mp4",
        duration_s=30.0,
        size_bytes=1,
        sha256="0" * 64,
        rttm_path=tmp_path / "truth.rttm",
        truth_path=tmp_path / "truth.json",
        language="zh",
        strength="strong",
        has_consent=True,
        integrity_case=False,
        confidentiality_misread=False,
        bank_id=bank.bank_id,
        bank_version=bank.version,
        question_ids=("EDN-K01", "EDN-O02", "EDN-C01"),
        selected_at=selected_at_for(bank),
    )
    plan = plan_for_generated(interview)
    assert plan == PLAN.model_copy(update={"selected_at": datetime(2025, 7, 1, tzinfo=UTC)})
    assert plan.bank_ref == bank.ref
    lake = FakeLake()
    assert save_plan(lake, plan) is True
    assert save_plan(lake, plan_for_generated(interview)) is False  # loading the hospital twice is fine
