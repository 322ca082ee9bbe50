"""Questions follow the position: competencies, department tags, always a compliance scenario."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from pydantic import ValidationError

from hirelake.question_banks import (
    CATEGORIES,
    InterviewPlan,
    PositionRequirements,
    SelectionError,
    find_bank,
    list_banks,
    load_bank,
    load_bank_file,
    plan_interview,
    select_questions,
)
from hirelake.synth.media import CandidateRef
from hirelake.synth.media.script import build_script, position_requirements

ED_NURSE = PositionRequirements(
    position_id="POS-ED-N",
    role_family="nurse",
    department="DEP-ED",
    competencies=("emergency_response", "night_shift_fitness", "patient_communication"),
)
WARD_NURSE = PositionRequirements(
    position_id="POS-RESP-N", role_family="nurse", department="DEP-RESP", competencies=("patient_safety",)
)


def _every_bank_version() -> list[tuple[str, int]]:
    return [(ref.bank_id, ref.version) for ref in list_banks()]


@pytest.mark.parametrize(("bank_id", "version"), _every_bank_version())
def test_every_selection_asks_a_compliance_scenario(bank_id: str, version: int) -> None:
    bank = load_bank(bank_id, version)
    position = PositionRequirements(position_id="P", role_family=bank.role_family, department="X")
    for count in range(1, len(bank.questions) + 2):
        for seed in range(3):
            chosen = select_questions(bank, position, count, seed=seed)
            assert len(chosen) == min(count, len(bank.questions))
            assert any(q.category == "compliance_scenario" for q in chosen), (count, seed)
            assert len({q.question_id for q in chosen}) == len(chosen)
            # asked in category order, then bank order
            rank = [CATEGORIES.index(q.category) for q in chosen]
            assert rank == sorted(rank)


def test_ed_nurse_gets_the_stress_scenario_and_an_emergency_procedure() -> None:
    bank = find_bank("nurse", "DEP-ED")
    for count in (3, 4):
        for seed in range(10):
            chosen = select_questions(bank, ED_NURSE, count, seed=seed)
            tags = {tag for q in chosen for tag in q.tags}
            assert {"stress_scenario", "emergency_procedure"} <= tags
            assert "compliance_scenario" in {q.category for q in chosen}
            assert len({q.category for q in chosen}) == 3 if count == 3 else 4
    # with two questions: the compliance scenario and the stress scenario come first
    two = select_questions(bank, ED_NURSE, 2, seed=0)
    assert [q.category for q in two] == ["operational_skill", "compliance_scenario"]
    assert two[0].question_id == "EDN-O02"  # the bank's stress scenario


def test_a_ward_department_has_no_stress_requirement_and_competencies_lead() -> None:
    bank = find_bank("nurse", "DEP-RESP")
    assert bank.bank_id == "nurse_ward"
    for seed in range(10):
        chosen = select_questions(bank, WARD_NURSE, 4, seed=seed)
        assert {q.category for q in chosen} == set(CATEGORIES)
        # within each category the patient_safety question wins where the category has one
        for category in ("knowledge", "operational_skill"):
            picked = next(q for q in chosen if q.category == category)
            if any(q.competency == "patient_safety" for q in bank.by_category(category)):
                assert picked.competency == "patient_safety", (seed, picked.question_id)


def test_selection_is_deterministic_and_varies_with_the_seed() -> None:
    bank = load_bank("administrative")
    position = PositionRequirements(position_id="P-HR", role_family="administrative", department="DEP-HR")
    runs = {tuple(q.question_id for q in select_questions(bank, position, 3, seed=s)) for s in range(12)}
    assert len(runs) > 1  # ties break differently per seed
    assert select_questions(bank, position, 3, seed=5) == select_questions(bank, position, 3, seed=5)
    first = select_questions(bank, position, 3, rng=np.random.default_rng(9))
    assert first == select_questions(bank, position, 3, rng=np.random.default_rng(9))
    assert select_questions(bank, position, 3) == select_questions(bank, position, 3)  # no seed: seed 0


def test_wrong_inputs_are_refused_with_a_reason() -> None:
    bank = load_bank("administrative")
    with pytest.raises(SelectionError, match="for administrative positions"):
        select_questions(bank, ED_NURSE, 3)
    position = PositionRequirements(position_id="P", role_family="administrative")
    with pytest.raises(ValueError, match="seed or rng"):
        select_questions(bank, position, 3, seed=1, rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match="at least one question"):
        select_questions(bank, position, 0)
    no_compliance = bank.model_copy(
        update={"questions": tuple(q for q in bank.questions if q.category != "compliance_scenario")}
    )
    with pytest.raises(SelectionError, match="no compliance_scenario question"):
        select_questions(no_compliance, position, 3)


def test_plan_records_bank_version_and_the_ordered_questions() -> None:
    bank = load_bank("nurse_emergency", 2)
    at = datetime(2025, 9, 1, 8, 30, tzinfo=UTC)
    plan = plan_interview("iv-1", "C-1", ED_NURSE, bank, language="zh", count=4, seed=3, selected_at=at)
    assert plan.bank_ref == "nurse_emergency@2" == bank.ref
    assert plan.position_id == ED_NURSE.position_id
    assert plan.question_ids == tuple(q.question_id for q in select_questions(bank, ED_NURSE, 4, seed=3))
    assert InterviewPlan.model_validate_json(plan.model_dump_json()) == plan
    with pytest.raises(ValidationError, match="frozen"):
        plan.language = "en"  # type: ignore[misc]
    live = plan_interview("iv-2", "C-1", ED_NURSE, bank, language="en", count=2)
    assert live.selected_at.tzinfo is not None


def test_plan_refuses_repeated_questions_and_naive_times() -> None:
    fields = {
        "interview_id": "iv",
        "candidate_id": "C",
        "position_id": "P",
        "bank_id": "b",
        "bank_version": 1,
        "language": "en",
        "question_ids": ("Q-1",),
        "selected_at": datetime(2025, 1, 1, tzinfo=UTC),
    }
    InterviewPlan.model_validate(fields)
    with pytest.raises(ValidationError, match="asked once"):
        InterviewPlan.model_validate(fields | {"question_ids": ("Q-1", "Q-1")})
    with pytest.raises(ValidationError, match="timezone"):
        InterviewPlan.model_validate(fields | {"selected_at": datetime(2025, 1, 1)})  # noqa: DTZ001
    with pytest.raises(ValidationError):
        InterviewPlan.model_validate(fields | {"interview_id": "../etc"})


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_generator_script_asks_what_the_library_selects(language: str) -> None:
    candidate = CandidateRef("C1", "POS1", "nurse", "DEP-ED", ("emergency_response",), language, "medium")  # type: ignore[arg-type]
    bank = find_bank("nurse", "DEP-ED")
    for seed in range(5):
        script = build_script(
            "iv",
            candidate,
            bank,
            language,
            np.random.default_rng(seed),
            answers=3,  # type: ignore[arg-type]
            integrity_case=False,
            confidentiality_misread=False,
        )
        expected = select_questions(
            bank, position_requirements(candidate), 3, rng=np.random.default_rng(seed)
        )
        assert tuple(a.question for a in script.answers) == expected
        assert any(a.question.category == "compliance_scenario" for a in script.answers)


def test_shipped_bank_files_all_select() -> None:
    # every version on disk, not only the newest, can still serve an interview (old plans re-score)
    for ref in list_banks():
        bank = load_bank_file(ref.path)
        position = PositionRequirements(position_id="P", role_family=bank.role_family)
        assert select_questions(bank, position, 3, seed=1)


@pytest.mark.parametrize("bank_id", ["clinical_physician_emergency", "clinical_physician_cardiology",
                                     "nurse_emergency", "nurse_ward", "administrative"])  # fmt: skip
@pytest.mark.parametrize("seed", range(4))
def test_three_questions_measure_every_weighted_dimension(bank_id: str, seed: int) -> None:
    from hirelake.question_banks import load_bank
    from hirelake.question_banks.selection import weighted_dimensions

    bank = load_bank(bank_id)
    position = PositionRequirements(
        position_id="P-1", role_family=bank.role_family, department=(bank.departments or ("ADM",))[0]
    )
    chosen = select_questions(bank, position, 3, seed=seed)
    assert {q.dimension for q in chosen} >= set(weighted_dimensions(bank.role_family))
    assert any(q.category == "compliance_scenario" for q in chosen)
