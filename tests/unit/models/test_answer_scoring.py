"""One answer's parts: coverage (lexical + semantic), terms, structure, feasibility, communication, flags."""

from __future__ import annotations

import dataclasses

import pytest

from hirelake.question_banks import load_bank
from models.answer_scoring import COMPONENT_WEIGHTS, RED_FLAG_CAP, score_answer
from models.embeddings import Embedder
from models.scoring_inputs import AnswerInput

NURSE = load_bank("nurse_emergency")
ANAPHYLAXIS = NURSE.question("EDN-O01")
CONFIDENTIALITY = NURSE.question("EDN-C01")
RELATIVE = NURSE.question("EDN-P01")


def _answer(
    text: str, language: str = "en", *, seconds: float = 30.0, fillers: int = 0, **extra: object
) -> AnswerInput:
    tokens = len(text) if language == "zh" else len(text.split())
    answer = AnswerInput(
        answer_index=1, start_seconds=10.0, end_seconds=10.0 + seconds, text=text,
        language=language, speech_rate_per_minute=tokens / seconds * 60, speech_rate_variation=None,  # type: ignore[arg-type]
        pause_count=0, pause_seconds=0.0, filler_count=fillers, empathy_phrase_count=0,
        structure_marker_count=0, token_count=tokens,
    )  # fmt: skip
    return dataclasses.replace(answer, **extra)  # type: ignore[arg-type]


def test_weights_sum_to_one() -> None:
    assert sum(COMPONENT_WEIGHTS.values()) == pytest.approx(1.0)


def test_a_complete_structured_answer_scores_high(embedder: Embedder) -> None:
    text = (
        "First, stop the suspected drug at once and call for help. Then give intramuscular adrenaline "
        "zero point five milligrams in the outer thigh as ordered. Next, keep the airway open and give "
        "high flow oxygen. Finally, monitor vital signs continuously and record them; this is anaphylaxis."
    )
    score = score_answer([_answer(text, structure_marker_count=4)], ANAPHYLAXIS, embedder=embedder)
    assert score.key_points_missed == ()
    assert score.coverage == 1.0 and score.feasibility == 1.0 and score.structure == 1.0
    assert set(score.domain_terms) >= {"anaphylaxis", "adrenaline", "airway"}
    assert score.score >= 90
    assert "ordered_steps:yes" in score.component("structure").signals
    located = {f.signal: f for f in score.findings}
    stop = located["key_point:stop_drug"]
    assert stop.sentence.startswith("First") and 10.0 <= stop.start_seconds < stop.end_seconds <= 40.0
    assert located["key_point:monitor"].start_seconds > stop.end_seconds  # later sentence, later time


def test_paraphrases_count_semantically_and_are_marked(embedder: Embedder) -> None:
    text = (
        "I would immediately halt the injection and shout for assistance. Make sure the airway stays clear."
    )
    with_meaning = score_answer([_answer(text)], ANAPHYLAXIS, embedder=embedder)
    lexical_only = score_answer([_answer(text)], ANAPHYLAXIS, embedder=None)
    assert "stop_drug" in with_meaning.semantic_only_key_points
    assert "stop_drug" not in lexical_only.key_points_covered
    assert with_meaning.score > lexical_only.score


def test_negated_points_do_not_count(embedder: Embedder) -> None:
    text = "I would not stop the drug. There is no need to monitor vital signs."
    score = score_answer([_answer(text)], ANAPHYLAXIS, embedder=embedder)
    assert "stop_drug" not in score.key_points_covered
    assert "monitor" not in score.key_points_covered


def test_hedges_make_an_answer_infeasible(embedder: Embedder) -> None:
    vague = "I think it depends on the situation. I would ask a colleague what to do."
    score = score_answer([_answer(vague)], ANAPHYLAXIS, embedder=embedder)
    assert score.feasibility == 0.0
    assert "hedges:2" in score.component("feasibility").signals
    mixed = score_answer(
        [_answer("Stop the drug at once and call for help. " + vague)], ANAPHYLAXIS, embedder=embedder
    )
    assert 0 < mixed.feasibility < 1


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_red_flag_caps_the_answer_and_covers_nothing(language: str, embedder: Embedder) -> None:
    flag = CONFIDENTIALITY.rubric.red_flags[0].text(language)
    good = " ".join(
        p.text(language) + ("。" if language == "zh" else ".") for p in CONFIDENTIALITY.rubric.key_points
    )
    text = flag + ("。" if language == "zh" else ". ") + good
    score = score_answer([_answer(text, language)], CONFIDENTIALITY,
                         embedder=embedder)  # fmt: skip
    assert score.red_flags == ("relatives_may_know",)
    assert score.score <= RED_FLAG_CAP
    assert score.feasibility == 0.0
    assert score.component("red_flags").signals == ("red_flag:relatives_may_know",)


def test_a_negated_red_flag_is_no_red_flag(embedder: Embedder) -> None:
    text = (
        "Even though he is family, I would not tell him the results. "
        "First I check whether the patient authorised him."
    )
    score = score_answer([_answer(text)], CONFIDENTIALITY, embedder=embedder)
    assert score.red_flags == ()
    assert "check_authorisation" in score.key_points_covered


def test_communication_reads_pace_fillers_and_expected_empathy() -> None:
    calm = (
        "I understand your worry. I stay calm and listen to the complaint first, then reassess the patient."
    )
    good = score_answer([_answer(calm, seconds=8.0)], RELATIVE, embedder=None)
    hurried = _answer(calm.replace("I understand your worry. ", ""), seconds=3.0, fillers=3)
    rushed = score_answer([hurried], RELATIVE,
                          embedder=None)  # fmt: skip
    assert good.communication > 0.9
    assert rushed.communication < 0.4
    assert "empathy_phrases:1" in good.component("communication").signals
    assert any(s.startswith("fillers_per_minute:") for s in rushed.component("communication").signals)
    # no empathy expected for a drug reaction: it is not asked for, so it costs nothing
    assert "empathy_phrases" not in " ".join(
        score_answer([_answer("Stop the drug.", seconds=1.0)], ANAPHYLAXIS, embedder=None)
        .component("communication")
        .signals
    )


def test_expression_enters_only_when_given() -> None:
    text = "I stay calm and listen to the complaint first."
    without = score_answer([_answer(text, seconds=4.0)], RELATIVE, embedder=None)
    happy = score_answer([_answer(text, seconds=4.0)], RELATIVE, embedder=None, expression=1.0)
    assert happy.communication > without.communication
    assert not any("expression" in s for s in without.component("communication").signals)


def test_pieces_of_a_split_answer_are_scored_together(embedder: Embedder) -> None:
    first = _answer("First, stop the suspected drug at once and call for help.", answer_index=3)
    then = "Then keep the airway open and give high flow oxygen."
    second = _answer(then, answer_index=4, start_seconds=45.0,
                     end_seconds=60.0)  # fmt: skip
    score = score_answer([first, second], ANAPHYLAXIS, embedder=embedder)
    assert score.answer_indices == (3, 4)
    assert {"stop_drug", "airway_oxygen"} <= set(score.key_points_covered)
    oxygen = next(f for f in score.findings if f.signal == "key_point:airway_oxygen")
    assert oxygen.start_seconds >= 45.0


def test_an_unmatched_answer_scores_no_rubric() -> None:
    score = score_answer([_answer("Okay, thank you.")], None, embedder=None)
    assert score.question_id is None and score.dimension is None
    assert score.coverage == 0.0 and score.key_points_covered == ()


def test_a_negated_step_does_not_set_the_polarity_of_an_unpunctuated_answer(embedder: Embedder) -> None:
    # Whisper wrote the answer as one run; the first step's 不 must not hide the second step's point
    consent = load_bank("clinical_physician_cardiology").question("CARDP-C01")
    heard = "首先未经同意不向单位透露病情其次询问患者本人是否愿意授权"
    score = score_answer([_answer(heard, "zh")], consent, embedder=None)
    assert "ask_patient" in score.key_points_covered and "no_disclosure" in score.key_points_covered
    located = {f.signal: f.sentence for f in score.findings}
    assert located["key_point:ask_patient"] == "其次询问患者本人是否愿意授权。"
