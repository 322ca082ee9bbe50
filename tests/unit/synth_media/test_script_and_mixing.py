"""Interview scripts follow the position and the intended strength; the mixer's tracks match its turns."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from hirelake.question_banks import QuestionBank, find_bank, load_bank, select_questions
from hirelake.synth.media import CandidateRef, MediaSynthConfig, generate_interviews
from hirelake.synth.media.generate import interview_rng, plan_interview
from hirelake.synth.media.mixing import mix_utterances
from hirelake.synth.media.script import InterviewScript, Utterance, build_script, position_requirements
from hirelake.synth.media.speech import Synthesizer

ED_NURSE = CandidateRef(
    candidate_id="C1", position_id="P1", role_family="nurse", department="ED",
    competencies=("emergency_response",), language="zh", strength="strong",
)  # fmt: skip


@functools.cache
def _bank(role_family: str, department: str) -> QuestionBank:
    return find_bank(role_family, department)  # type: ignore[arg-type]


def _script(candidate: CandidateRef, seed: int, **kwargs: bool) -> InterviewScript:
    bank = _bank(candidate.role_family, candidate.department)
    options = {"integrity_case": False, "confidentiality_misread": False} | kwargs
    return build_script("iv", candidate, bank, "zh", np.random.default_rng(seed), answers=3, **options)


@pytest.mark.parametrize("department", ["ED", "DEP-ED"])
def test_emergency_nurse_gets_emergency_and_stress_questions(department: str) -> None:
    bank = find_bank("nurse", department)
    assert bank.bank_id == "nurse_emergency"
    nurse = dataclasses.replace(ED_NURSE, department=department)
    for seed in range(5):
        questions = select_questions(bank, position_requirements(nurse), 3, rng=np.random.default_rng(seed))
        tags = {tag for q in questions for tag in q.tags}
        assert "stress_scenario" in tags and "emergency_procedure" in tags
        assert len({q.category for q in questions}) == 3


def test_four_answers_cover_all_categories_and_one_answer_is_compliance() -> None:
    bank = load_bank("administrative")
    position = position_requirements(CandidateRef("C2", "P2", "administrative", "HR"))
    four = select_questions(bank, position, 4, rng=np.random.default_rng(0))
    assert [q.category for q in four] == [
        "knowledge",
        "operational_skill",
        "professionalism",
        "compliance_scenario",
    ]
    for seed in range(5):
        # the library always asks a compliance scenario, so a one-question interview asks just that
        one = select_questions(bank, position, 1, rng=np.random.default_rng(seed))
        assert [q.category for q in one] == ["compliance_scenario"]


def test_same_seed_same_script_and_strength_orders_coverage() -> None:
    assert _script(ED_NURSE, 3) == _script(ED_NURSE, 3)
    coverage = {}
    for strength in ("strong", "medium", "weak"):
        candidate = CandidateRef("C1", "P1", "nurse", "ED", (), "zh", strength)  # type: ignore[arg-type]
        covered = total = 0
        for seed in range(10):
            script = _script(candidate, seed)
            covered += sum(len(a.key_points_covered) for a in script.answers)
            total += sum(len(a.question.rubric.key_points) for a in script.answers)
        coverage[strength] = covered / total
    assert coverage["strong"] > 0.85 > coverage["medium"] > 0.35 > coverage["weak"]


def test_integrity_and_misread_features_are_in_the_script() -> None:
    script = _script(ED_NURSE, 1, integrity_case=True, confidentiality_misread=True)
    speakers = {u.speaker for u in script.utterances}
    assert speakers == {"interviewer", "candidate", "third"}
    kinds = {u.kind for u in script.utterances}
    assert {"red_flag", "prompt", "question", "greeting", "closing"} <= kinds
    assert script.confidentiality_misread


def test_mixer_places_clips_with_pauses_and_overlap() -> None:
    rate, fps = 16_000, 10
    utterances = [
        Utterance("interviewer", "a", "question", 0.0),
        Utterance("candidate", "b", "answer", 0.5),
        Utterance("interviewer", "c", "backchannel", -0.25),
    ]
    clips = [np.full(rate, 0.1, dtype=np.float32), np.full(rate * 2, 0.2, dtype=np.float32),
             np.full(rate // 2, 0.3, dtype=np.float32)]  # fmt: skip
    timeline = mix_utterances(utterances, clips, rate, np.random.default_rng(0), fps=fps)
    starts = [p.start_s for p in timeline.placed]
    assert starts == [0.6, 2.1, 3.85]
    assert timeline.overlaps() == ((3.85, 4.1),)
    assert (timeline.mix.size * fps) % rate == 0  # whole video frames
    interviewer = timeline.tracks["interviewer"]
    assert np.count_nonzero(interviewer) == rate + rate // 2


def test_speaker_tracks_have_energy_exactly_inside_their_turns() -> None:
    config = MediaSynthConfig(answers_per_interview=1)
    candidate = CandidateRef("C9", "P9", "clinical_physician", "ED", (), "en", "medium")
    plan = plan_interview(
        "iv-test", candidate, find_bank("clinical_physician", "ED"),
        config=config, synthesizer=Synthesizer(config.sample_rate), rng=interview_rng(1, 0, "C9"),
        integrity_case=True, confidentiality_misread=False, face_absent=False,
    )  # fmt: skip
    timeline, rate = plan.timeline, config.sample_rate
    assert set(timeline.tracks) == {"interviewer", "candidate", "third"}
    for speaker, track in timeline.tracks.items():
        inside = np.zeros(track.size, dtype=bool)
        for p in timeline.placed:
            if p.speaker == speaker:
                part = track[int(p.start_s * rate) : int(p.end_s * rate)]
                assert float(np.sqrt(np.mean(part**2))) > 0.01, p
                # turn times are rounded to the millisecond: allow half of one
                inside[max(0, int(p.start_s * rate) - 8) : int(p.end_s * rate) + 9] = True
        assert not np.any(track[~inside]), f"{speaker} has sound outside its turns"
    assert {e.kind for e in plan.video.events} >= {"second_face"}


def test_too_few_candidates_is_an_actionable_error(tmp_path: object) -> None:
    with pytest.raises(ValueError, match="pass more candidates or lower interviews"):
        generate_interviews(tmp_path, MediaSynthConfig(interviews=3), [ED_NURSE])  # type: ignore[arg-type]


def test_candidate_ids_must_be_safe_folder_names() -> None:
    with pytest.raises(ValueError, match="folder name"):
        CandidateRef("../etc", "P1", "nurse", "ED")
