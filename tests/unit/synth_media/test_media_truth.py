"""Ground truth agrees with what is in the files: speech inside RTTM turns, integrity events on screen."""

from __future__ import annotations

import numpy as np
import pytest

from hirelake.question_banks import load_bank
from hirelake.synth.media import InterviewTruth, MediaSynthResult, read_rttm, read_truth
from hirelake.synth.media.truth import rttm_lines

from .conftest import CONFIG, decode_audio, decode_frame

pytestmark = pytest.mark.slow


def _truths(generated: MediaSynthResult) -> list[InterviewTruth]:
    return [read_truth(i.truth_path) for i in generated.interviews]


def _rms(audio: np.ndarray, start_s: float, end_s: float, rate: int = 16_000) -> float:
    part = audio[int(start_s * rate) : int(end_s * rate)]
    return float(np.sqrt(np.mean(part.astype(np.float64) ** 2))) if part.size else 0.0


def test_rttm_file_is_the_truth_turns(generated: MediaSynthResult) -> None:
    for interview in generated.interviews:
        truth = read_truth(interview.truth_path)
        turns = read_rttm(interview.rttm_path)
        assert len(turns) == len(truth.turns)
        assert interview.rttm_path.read_text().splitlines() == rttm_lines(truth.interview_id, truth.turns)
        assert {t.speaker for t in turns} <= {"interviewer", "candidate", "third"}
        assert all(0 <= t.start_s < t.end_s <= truth.media.duration_s for t in turns)


def test_decoded_audio_has_speech_inside_turns_and_quiet_between(generated: MediaSynthResult) -> None:
    for interview in generated.interviews:
        truth = read_truth(interview.truth_path)
        audio = decode_audio(interview.media_path)
        for turn in truth.turns:
            if turn.end_s - turn.start_s >= 0.3:
                assert _rms(audio, turn.start_s, turn.end_s) > 0.02, turn
        # gaps of half a second or more between all turns are (near) silent
        edges = sorted((t.start_s, t.end_s) for t in truth.turns)
        cursor, quiet = 0.0, []
        for start, end in edges:
            if start - cursor >= 0.5:
                quiet.append((cursor + 0.1, start - 0.1))
            cursor = max(cursor, end)
        assert quiet, "expected pauses between turns"
        for start, end in quiet:
            assert _rms(audio, start, end) < 0.01, (start, end)


def test_overlaps_are_declared_where_turns_of_two_speakers_meet(generated: MediaSynthResult) -> None:
    for truth in _truths(generated):
        computed = set()
        for i, a in enumerate(truth.turns):
            for b in truth.turns[i + 1 :]:
                start, end = max(a.start_s, b.start_s), min(a.end_s, b.end_s)
                if a.speaker != b.speaker and end > start:
                    computed.add((start, end))
        assert computed == {(o.start_s, o.end_s) for o in truth.overlaps}


def test_integrity_case_has_third_voice_and_second_face(generated: MediaSynthResult) -> None:
    cases = [(i, read_truth(i.truth_path)) for i in generated.interviews]
    flagged = [(i, t) for i, t in cases if t.integrity_case]
    assert len(flagged) == 1
    interview, truth = flagged[0]
    third = [t for t in truth.turns if t.speaker == "third"]
    assert third, "the integrity case needs a third voice"
    kinds = {f.kind for f in truth.integrity_flags}
    assert {"second_voice", "second_face"} <= kinds
    voice_flags = [(f.start_s, f.end_s) for f in truth.integrity_flags if f.kind == "second_voice"]
    assert voice_flags == [(t.start_s, t.end_s) for t in third]
    assert any(a.prompted_by_third_voice for a in truth.answers)
    # the second face is on screen in the upper left corner only while flagged
    face = next(f for f in truth.integrity_flags if f.kind == "second_face")
    w, h = CONFIG.width, CONFIG.height
    during = decode_frame(interview.media_path, (face.start_s + face.end_s) / 2, w, h)
    before = decode_frame(interview.media_path, 0.2, w, h)
    corner = (slice(int(h * 0.15), int(h * 0.4)), slice(int(w * 0.04), int(w * 0.18)))
    diff = np.abs(during[corner].astype(int) - before[corner].astype(int)).mean()
    assert diff > 20
    # the other interview has none of it
    clean = [t for _, t in cases if not t.integrity_case]
    assert all(not any(turn.speaker == "third" for turn in t.turns) for t in clean)
    assert all(f.kind not in {"second_face", "second_voice"} for t in clean for f in t.integrity_flags)


def test_face_absent_frames_show_only_the_background(generated: MediaSynthResult) -> None:
    for interview in generated.interviews:
        truth = read_truth(interview.truth_path)
        w, h = CONFIG.width, CONFIG.height
        centre = (slice(int(h * 0.2), int(h * 0.6)), slice(int(w * 0.35), int(w * 0.65)))
        present = decode_frame(interview.media_path, 0.2, w, h)[centre].astype(float)
        assert present.std(axis=1).mean() > 15  # a face has texture across each row
        for flag in truth.integrity_flags:
            if flag.kind == "face_absent":
                frame = decode_frame(interview.media_path, (flag.start_s + flag.end_s) / 2, w, h)
                assert frame[centre].astype(float).std(axis=1).mean() < 5  # a plain wall


def test_answers_match_the_rubric(generated: MediaSynthResult) -> None:
    for truth in _truths(generated):
        bank = load_bank(truth.bank_id, truth.bank_version)
        for answer in truth.answers:
            question = bank.question(answer.question_id)
            ids = {k.id for k in question.rubric.key_points}
            assert set(answer.key_points_covered) | set(answer.key_points_missed) == ids
            assert not set(answer.key_points_covered) & set(answer.key_points_missed)
            for kp in question.rubric.key_points:
                if kp.id in answer.key_points_covered:
                    assert kp.text(truth.language) in answer.transcript
            for phrase in answer.empathy_phrases_used:
                assert phrase in answer.transcript
            for term in answer.domain_terms_used:
                assert term.lower() in answer.transcript.lower()
            assert answer.question_end_s <= answer.answer_start_s + 0.5  # overlap is at most a moment
            assert answer.answer_start_s < answer.answer_end_s <= truth.media.duration_s


def test_strength_shows_in_coverage_and_misread_states_a_red_flag(generated: MediaSynthResult) -> None:
    truths = {t.intended_strength: t for t in _truths(generated)}
    strong, weak = truths["strong"], truths["weak"]

    def share(truth: InterviewTruth) -> float:
        covered = sum(len(a.key_points_covered) for a in truth.answers)
        return covered / sum(len(a.key_points_covered) + len(a.key_points_missed) for a in truth.answers)

    misread = [t for t in truths.values() if t.confidentiality_misread]
    assert len(misread) == 1
    answer = misread[0].answers[0]
    assert answer.category == "compliance_scenario"
    assert answer.red_flags_spoken
    flag = (
        load_bank(misread[0].bank_id, misread[0].bank_version)
        .question(answer.question_id)
        .rubric.red_flags[0]
    )
    assert flag.text(misread[0].language) in answer.transcript
    if not strong.confidentiality_misread:
        assert share(strong) >= 0.75
    assert share(weak) <= 0.5
