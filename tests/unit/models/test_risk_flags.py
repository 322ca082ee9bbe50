"""Risk flags: compliance, integrity events placed on their question, missing answers."""

from __future__ import annotations

from hirelake.question_banks import load_bank
from models.answer_scoring import AnswerScore, score_answer
from models.risk_flags import risk_flags
from models.scoring_inputs import AnswerInput, IntegrityInput

NURSE = load_bank("nurse_emergency")
TRIAGE, CONFIDENTIALITY, CELEBRITY = (
    NURSE.question("EDN-K01"),
    NURSE.question("EDN-C01"),
    NURSE.question("EDN-C02"),
)


def _scored(text: str, question: object, start: float, end: float, index: int) -> AnswerScore:
    answer = AnswerInput(index, start, end, text, "en", 150.0, None, 0, 0.0, 0, 0, 0, len(text.split()))
    return score_answer([answer], question, embedder=None)  # type: ignore[arg-type]


def test_flags_for_each_kind_with_times_and_questions() -> None:
    triage = _scored("Assess quickly from vital signs and the chief complaint, level one goes to resus "
                     "immediately.", TRIAGE, 10, 30, 1)  # fmt: skip
    misread = _scored("He is family, so it is fine to tell him the results.", CONFIDENTIALITY, 40, 50, 2)
    events = (
        IntegrityInput("second_voice", 15, 18, "speech", "speaker 3"),
        IntegrityInput("face_absent", 44, 46, "vision"),
        IntegrityInput("second_face", 60, 75, "vision"),
        IntegrityInput("gaze_away", 1, 2, "vision"),  # not a risk flag
    )
    flags = risk_flags((TRIAGE, CONFIDENTIALITY, CELEBRITY), (triage, misread), events, "en")
    by_code = {(f.code, f.severity): f for f in flags}
    assert set(by_code) == {
        ("second_voice", "high"), ("compliance_misunderstanding", "high"), ("face_absent", "low"),
        ("second_face", "high"), ("missing_answer", "medium"),
    }  # fmt: skip
    assert by_code[("second_voice", "high")].question_id == "EDN-K01"
    assert by_code[("face_absent", "low")].question_id == "EDN-C01"
    assert by_code[("second_face", "high")].question_id is None  # after the last answer
    compliance = by_code[("compliance_misunderstanding", "high")]
    assert compliance.question_id == "EDN-C01" and 40 <= compliance.start_seconds <= 50  # type: ignore[operator]
    assert "relatives_may_know" in compliance.detail and "authorisation" in compliance.detail
    assert by_code[("missing_answer", "medium")].question_id == "EDN-C02"
    assert [f.start_seconds for f in flags if f.start_seconds is not None] == sorted(
        f.start_seconds for f in flags if f.start_seconds is not None
    )
    assert flags[-1].start_seconds is None  # untimed flags last


def test_a_compliance_answer_that_covers_almost_nothing_is_flagged_medium() -> None:
    vague = _scored("I would follow the department's rules and keep things quiet.", CONFIDENTIALITY, 0, 9, 0)
    flags = risk_flags((CONFIDENTIALITY,), (vague,), (), "en")
    assert [(f.code, f.severity) for f in flags] == [("compliance_misunderstanding", "medium")]


def test_near_empty_answers_and_unmeasured_dimensions_are_missing_answers() -> None:
    short = _scored("Um, okay.", TRIAGE, 0, 2, 0)
    flags = risk_flags((TRIAGE,), (short,), (), "en", unmeasured_dimensions=("teamwork",))
    assert [(f.code, f.question_id) for f in flags] == [
        ("missing_answer", "EDN-K01"),
        ("missing_answer", None),
    ]
    assert "teamwork" in flags[1].detail
