"""The interview script: which questions are asked, and what the candidate says back.

Answers are assembled from the question's rubric so the ground truth is known by construction:
a strong candidate states (nearly) every key point with domain terms, a medium one about half,
a weak one little beyond vague filler sentences. Deliberate features for the analysis stages:
empathy phrases, fillers (嗯/那个, um/uh), pauses, a little overlap, and in chosen interviews a
compliance answer that states one of the rubric's red flags (a misread of confidentiality) or a
third voice that prompts the candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from hirelake.question_banks.schema import KeyPoint, Language, Question, QuestionBank
from hirelake.question_banks.selection import PositionRequirements, select_questions
from hirelake.synth.media.config import CandidateRef, Speaker, Strength

UtteranceKind = Literal[
    "greeting", "question", "closing", "backchannel", "answer", "filler", "empathy", "red_flag", "prompt"
]

_TEXT: dict[Language, dict[str, tuple[str, ...]]] = {
    "zh": {
        "greeting": ("你好，欢迎参加今天的面试，我们开始吧。",),
        "reply": ("好的，谢谢。", "好的。"),
        "connector": ("首先，", "其次，", "另外，", "还有，", "最后，"),
        "filler": ("嗯，", "那个，", "嗯，那个，"),
        "vague": ("这个问题我觉得要看具体情况。", "我会按照科室的规定来做。", "我会先问问同事怎么处理。"),
        "terms": ("总之，关键是{term}。",),
        "backchannel": ("好的。", "嗯，好。"),
        "closing": ("好的，今天的面试就到这里，谢谢你。",),
        "prompt": ("快说，{point}。",),
    },
    "en": {
        "greeting": ("Hello, thank you for joining today. Let's begin.",),
        "reply": ("Okay, thank you.", "Sure."),
        "connector": ("First, ", "Also, ", "Then, ", "Besides that, ", "Finally, "),
        "filler": ("um, ", "uh, ", "um, uh, "),
        "vague": ("I think it depends on the situation.", "I would follow the department's rules.",
                  "I would ask a colleague what to do."),
        "terms": ("In short, the key is {term}.",),
        "backchannel": ("Okay.", "Right, thank you."),
        "closing": ("Okay, that is all for today. Thank you.",),
        "prompt": ("Say this: {point}.",),
    },
}  # fmt: skip

# Per strength: share of key points covered (low, high), filler probability per sentence,
# pause ranges in seconds (before answering, between sentences).
_STRENGTH: dict[Strength, dict[str, tuple[float, float]]] = {
    "strong": {"coverage": (0.85, 1.0), "filler": (0.1, 0.1), "think": (0.5, 1.0), "gap": (0.25, 0.6)},
    "medium": {"coverage": (0.45, 0.7), "filler": (0.3, 0.3), "think": (0.8, 1.6), "gap": (0.4, 0.9)},
    "weak": {"coverage": (0.0, 0.3), "filler": (0.6, 0.6), "think": (1.5, 2.8), "gap": (0.8, 1.8)},
}


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech. It starts `pause_before_s` after the previous utterance ends;
    a negative pause makes it overlap the previous one."""

    speaker: Speaker
    text: str
    kind: UtteranceKind
    pause_before_s: float
    answer_index: int | None = None
    key_point_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerPlan:
    """What one answer is meant to contain: the ground truth a scorer is tested against."""

    index: int
    question: Question
    key_points_covered: tuple[str, ...]
    key_points_missed: tuple[str, ...]
    empathy_phrases_used: tuple[str, ...]
    red_flags_spoken: tuple[str, ...]
    fillers: int
    prompted_by_third_voice: bool


@dataclass(frozen=True)
class InterviewScript:
    interview_id: str
    candidate: CandidateRef
    language: Language
    strength: Strength
    bank_id: str
    bank_version: int
    integrity_case: bool
    confidentiality_misread: bool
    utterances: tuple[Utterance, ...]
    answers: tuple[AnswerPlan, ...]


def position_requirements(candidate: CandidateRef) -> PositionRequirements:
    """The position as the question selection sees it: role family, department, competency model."""
    return PositionRequirements(
        position_id=candidate.position_id,
        role_family=candidate.role_family,
        department=candidate.department,
        competencies=candidate.competencies,
    )


def _uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return round(float(rng.uniform(*bounds)), 3)


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def _coverage(n: int, strength: Strength, rng: np.random.Generator, *, misread: bool) -> list[int]:
    """Indices of the key points an answer states, by intended strength."""
    covered_count = min(n, round(float(rng.uniform(*_STRENGTH[strength]["coverage"])) * n))
    if strength == "strong":
        covered_count = max(covered_count, n - 1)
    if misread:
        covered_count = 0  # the misread answer states the red flag instead of the policy
    return sorted(rng.choice(n, size=covered_count, replace=False).tolist()) if covered_count else []


class _AnswerBuilder:
    """Builds one candidate answer utterance by utterance, keeping count of what it put in."""

    def __init__(
        self, index: int, question: Question, language: Language, strength: Strength, rng: np.random.Generator
    ) -> None:
        self.index, self.question, self.language, self.strength, self.rng = (
            index,
            question,
            language,
            strength,
            rng,
        )
        self.text = _TEXT[language]
        self.profile = _STRENGTH[strength]
        self.stop = "。" if language == "zh" else "."
        self.utterances: list[Utterance] = []
        self.fillers = 0
        self.vague = [self.text["vague"][i] for i in rng.permutation(len(self.text["vague"]))]  # never twice
        self.prompt_done = False

    def gap(self) -> float:
        return _uniform(self.rng, self.profile["gap"])

    def say(self, sentence: str, kind: UtteranceKind, pause: float, kps: tuple[str, ...] = ()) -> None:
        if self.rng.random() < self.profile["filler"][0]:
            self.fillers += 1
            filler = _pick(self.rng, self.text["filler"])
            self.utterances.append(Utterance("candidate", filler, "filler", pause, self.index))
            pause = _uniform(self.rng, (0.15, 0.45))
        self.utterances.append(Utterance("candidate", sentence, kind, pause, self.index, kps))

    def say_vague(self, pause: float) -> None:
        self.say(self.vague.pop(0) if self.vague else self.text["vague"][0], "answer", pause)

    def whisper_then_repeat(self, missed: list[KeyPoint], covered: list[KeyPoint]) -> None:
        """The third voice whispers a missed point in a pause; the candidate then repeats it."""
        self.prompt_done = True
        hint = missed.pop(0) if missed else None
        whispered = (hint or self.question.rubric.key_points[0]).text(self.language)
        prompt = self.text["prompt"][0].format(point=whispered)
        self.utterances.append(
            Utterance("third", prompt, "prompt", _uniform(self.rng, (0.3, 0.6)), self.index)
        )
        if hint is None:
            self.say_vague(_uniform(self.rng, (0.3, 0.6)))
            return
        sentence = self.text["connector"][2] + hint.text(self.language) + self.stop
        self.say(sentence, "answer", _uniform(self.rng, (0.3, 0.6)), (hint.id,))
        covered.append(hint)

    def build(self, *, misread: bool, prompted: bool) -> AnswerPlan:
        rubric = self.question.rubric
        points = rubric.key_points
        covered = [points[i] for i in _coverage(len(points), self.strength, self.rng, misread=misread)]
        missed = [p for p in points if p not in covered]
        pause = _uniform(self.rng, self.profile["think"])
        empathy: list[str] = []
        phrases = rubric.empathy_phrases(self.language)
        if phrases and self.strength != "weak" and not misread:
            empathy.append(_pick(self.rng, phrases))
            self.say(empathy[0] + self.stop, "empathy", pause)
            pause = self.gap()
        red_flags: list[str] = []
        if misread and rubric.red_flags:
            flag = rubric.red_flags[0]
            red_flags.append(flag.id)
            self.say(flag.text(self.language) + self.stop, "red_flag", pause)
            pause = self.gap()
        stated = list(covered)
        connectors = self.text["connector"]
        for i, point in enumerate(stated):
            last = i == len(stated) - 1 and i > 0
            connector = connectors[-1] if last else connectors[min(i, len(connectors) - 2)]
            self.say(connector + point.text(self.language) + self.stop, "answer", pause, (point.id,))
            pause = self.gap()
            if prompted and not self.prompt_done:
                self.whisper_then_repeat(missed, covered)
        if not stated or self.strength == "weak":
            for _ in range(1 if stated or misread else 2):
                self.say_vague(pause)
                pause = self.gap()
        if prompted and not self.prompt_done:
            self.whisper_then_repeat(missed, covered)
        terms = rubric.domain_terms(self.language)
        if self.strength == "strong" and terms and not misread:
            self.say(self.text["terms"][0].format(term=_pick(self.rng, terms)), "answer", self.gap())
        covered_ids = tuple(p.id for p in points if p in covered)
        return AnswerPlan(
            index=self.index,
            question=self.question,
            key_points_covered=covered_ids,
            key_points_missed=tuple(p.id for p in points if p.id not in covered_ids),
            empathy_phrases_used=tuple(empathy),
            red_flags_spoken=tuple(red_flags),
            fillers=self.fillers,
            prompted_by_third_voice=prompted,
        )


def build_script(
    interview_id: str,
    candidate: CandidateRef,
    bank: QuestionBank,
    language: Language,
    rng: np.random.Generator,
    *,
    answers: int,
    integrity_case: bool,
    confidentiality_misread: bool,
) -> InterviewScript:
    """Assemble the full dialogue: greeting, numbered questions, answers, backchannels, closing."""
    text = _TEXT[language]
    # the library's selection (position competencies, department tags, always a compliance scenario);
    # it draws its tie-breakers from this interview's generator, so the script stays reproducible
    questions = select_questions(bank, position_requirements(candidate), answers, rng=rng)
    misread_index = next(
        (i for i, q in enumerate(questions) if q.category == "compliance_scenario" and q.rubric.red_flags),
        None,
    )
    if not confidentiality_misread:
        misread_index = None
    # the prompting third voice speaks during one answer that has key points to whisper
    prompted_index = int(rng.integers(len(questions))) if integrity_case else None
    utterances = [
        Utterance("interviewer", text["greeting"][0], "greeting", 0.0),
        Utterance("candidate", _pick(rng, text["reply"]), "answer", _uniform(rng, (0.4, 0.8))),
    ]
    plans: list[AnswerPlan] = []
    for i, question in enumerate(questions):
        # the interviewer sometimes starts the next question over the candidate's last words
        overlap = rng.random() < 0.3 and utterances[-1].speaker == "candidate" and i > 0
        pause = -_uniform(rng, (0.2, 0.4)) if overlap else _uniform(rng, (0.5, 1.0))
        utterances.append(Utterance("interviewer", question.prompt(language), "question", pause, i))
        builder = _AnswerBuilder(i, question, language, candidate.strength, rng)
        plan = builder.build(misread=misread_index == i, prompted=prompted_index == i)
        spoken = builder.utterances
        utterances.extend(spoken)
        plans.append(plan)
        if rng.random() < 0.4:
            utterances.append(
                Utterance(
                    "interviewer",
                    _pick(rng, text["backchannel"]),
                    "backchannel",
                    -_uniform(rng, (0.2, 0.35)),
                    i,
                )
            )
    utterances.append(Utterance("interviewer", text["closing"][0], "closing", _uniform(rng, (0.6, 1.0))))
    return InterviewScript(
        interview_id=interview_id,
        candidate=candidate,
        language=language,
        strength=candidate.strength,
        bank_id=bank.bank_id,
        bank_version=bank.version,
        integrity_case=integrity_case,
        confidentiality_misread=misread_index is not None,
        utterances=tuple(utterances),
        answers=tuple(plans),
    )
