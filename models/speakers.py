"""From who-spoke-when to who-said-what: words to speakers, interviewer vs candidate, extra voices.

- `assign_words`: each word goes to the speaker whose turns overlap it most; a word in a gap between
  turns goes to the nearest turn (transcribers and diarizers draw boundaries a little differently).
- `identify_roles`: the interviewer is the speaker who asks the questions. Evidence, best first:
  question time spans; question texts located in the speaker-assigned words; else the speaker who
  speaks first. The candidate is the remaining speaker with the most speech. A clip with a single
  voice and no question evidence is a one-way (recorded) interview: that voice is the candidate.
- `third_speaker_events`: any speaker beyond those two, with enough total speech, yields
  `second_voice` integrity events, one per stretch of that speaker's speech.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from models.diarize import speakers_in_order
from models.words import WordLike, word_text

if TYPE_CHECKING:
    from pyannote.core import Annotation

RoleMethod = Literal["question_spans", "question_texts", "first_speaker", "no_speech"]
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class SpeakerWord:
    """A word with its speaker; `speaker` is None only when the annotation holds no speech at all."""

    start: float
    end: float
    text: str
    speaker: str | None


@dataclass(frozen=True)
class Roles:
    interviewer: str | None
    candidate: str | None
    others: tuple[str, ...]
    method: RoleMethod


@dataclass(frozen=True)
class IntegrityEvent:
    kind: Literal["second_voice"]
    start: float
    end: float
    speaker: str

    @property
    def duration(self) -> float:
        return self.end - self.start


def assign_words(words: Iterable[WordLike], annotation: Annotation) -> tuple[SpeakerWord, ...]:
    """Each word with the speaker that overlaps it most, or the nearest turn's speaker in a gap."""
    turns = [
        (segment.start, segment.end, str(label))
        for segment, _, label in annotation.itertracks(yield_label=True)
    ]
    return tuple(
        SpeakerWord(w.start, w.end, word_text(w).strip(), _speaker_for(w.start, w.end, turns)) for w in words
    )


def _speaker_for(start: float, end: float, turns: Sequence[tuple[float, float, str]]) -> str | None:
    if not turns:
        return None
    overlap: dict[str, float] = {}
    for turn_start, turn_end, label in turns:
        shared = min(end, turn_end) - max(start, turn_start)
        if shared > 0:
            overlap[label] = overlap.get(label, 0.0) + shared
    if overlap:
        return max(overlap, key=lambda label: (overlap[label], label))
    return min(turns, key=lambda turn: (_gap(start, end, turn[0], turn[1]), turn[0]))[2]


def _gap(start: float, end: float, turn_start: float, turn_end: float) -> float:
    return max(turn_start - end, start - turn_end, 0.0)


def identify_roles(
    annotation: Annotation,
    *,
    question_spans: Sequence[tuple[float, float]] = (),
    question_texts: Sequence[str] = (),
    words: Sequence[SpeakerWord] = (),
    min_text_match: float = 0.6,
) -> Roles:
    """Interviewer and candidate labels; question spans win over texts, texts over speaking order.

    question_texts are looked up in `words` (from `assign_words`): a question is found where a run of
    words shares at least `min_text_match` of its tokens (Chinese by character, others by word).
    """
    speakers = speakers_in_order(annotation)
    if not speakers:
        return Roles(None, None, (), "no_speech")
    if question_spans:
        interviewer = _most_overlap(annotation, question_spans)
        if interviewer is not None:
            return _roles_with(annotation, interviewer, "question_spans")
    located = locate_questions(question_texts, words, min_match=min_text_match)
    if located:
        interviewer = _most_overlap(annotation, located)
        if interviewer is not None:
            return _roles_with(annotation, interviewer, "question_texts")
    if len(speakers) == 1:
        return Roles(None, speakers[0], (), "first_speaker")
    return _roles_with(annotation, speakers[0], "first_speaker")


def _roles_with(annotation: Annotation, interviewer: str, method: RoleMethod) -> Roles:
    rest = [label for label in speakers_in_order(annotation) if label != interviewer]
    if not rest:
        return Roles(interviewer, None, (), method)
    candidate = max(rest, key=lambda label: (annotation.label_duration(label), -rest.index(label)))
    others = tuple(label for label in rest if label != candidate)
    return Roles(interviewer, candidate, others, method)


def _most_overlap(annotation: Annotation, spans: Sequence[tuple[float, float]]) -> str | None:
    from pyannote.core import Segment, Timeline

    scored = Timeline([Segment(start, end) for start, end in spans if end > start]).support()
    overlap: dict[str, float] = {}
    for segment, _, label in annotation.itertracks(yield_label=True):
        for span in scored:
            shared = segment & span
            if shared:
                overlap[str(label)] = overlap.get(str(label), 0.0) + shared.duration
    if not overlap:
        return None
    return max(overlap, key=lambda label: (overlap[label], label))


def locate_questions(
    question_texts: Sequence[str], words: Sequence[SpeakerWord], *, min_match: float = 0.6
) -> tuple[tuple[float, float], ...]:
    """Time spans where each question is spoken: the best-matching run of words, if good enough."""
    tokens = [(token, index) for index, word in enumerate(words) for token in tokenize(word.text)]
    spans = []
    for question in question_texts:
        wanted = Counter(tokenize(question))
        size = sum(wanted.values())
        if size == 0 or len(tokens) < 1:
            continue
        score, first, last = _best_run(tokens, wanted, size)
        if score >= min_match:
            spans.append((words[tokens[first][1]].start, words[tokens[last][1]].end))
    return tuple(spans)


def _best_run(tokens: Sequence[tuple[str, int]], wanted: Counter[str], size: int) -> tuple[float, int, int]:
    """The run of `size` tokens sharing most tokens with `wanted`, trimmed to its matching ends."""
    best = (-1.0, 0, 0)
    for first in range(max(1, len(tokens) - size + 1)):
        run = tokens[first : first + size]
        shared = sum((Counter(token for token, _ in run) & wanted).values())
        score = shared / size
        if score > best[0]:
            best = (score, first, first + len(run) - 1)
    score, first, last = best
    while first < last and tokens[first][0] not in wanted:
        first += 1
    while last > first and tokens[last][0] not in wanted:
        last -= 1
    return score, first, last


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; each Chinese character is a token of its own."""
    return _TOKEN.findall(text.lower())


def third_speaker_events(
    annotation: Annotation,
    roles: Roles,
    *,
    min_total_seconds: float = 1.0,
    min_stretch_seconds: float = 0.0,
    merge_gap_seconds: float = 1.0,
) -> tuple[IntegrityEvent, ...]:
    """`second_voice` events for speakers other than the interviewer and candidate.

    A speaker counts when their speech totals at least `min_total_seconds` and one stretch of it (turns
    closer than `merge_gap_seconds` joined) lasts `min_stretch_seconds`; each stretch is then one event,
    in time order.
    """
    known = {roles.interviewer, roles.candidate}
    events = []
    for label in annotation.labels():
        if label in known or annotation.label_duration(label) < min_total_seconds:
            continue
        stretches = annotation.label_timeline(label).support(collar=merge_gap_seconds)
        if max(s.duration for s in stretches) < min_stretch_seconds:
            continue
        events += [IntegrityEvent("second_voice", s.start, s.end, str(label)) for s in stretches]
    return tuple(sorted(events, key=lambda event: (event.start, event.speaker)))
