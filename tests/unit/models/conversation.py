"""Synthetic multi-speaker conversations from espeak-ng, with the reference diarization they imply.

Each utterance is synthesised alone, trimmed to where it is audible, and laid on a timeline with
seeded gaps, so the reference turns are exact by construction. Shared by the model tests and the
diarization benchmark.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pyannote.core import Annotation, Segment
from scipy.io import wavfile
from scipy.signal import resample_poly

from models.audio import SAMPLE_RATE, AudioClip

_TRIM_THRESHOLD = 0.01


@dataclass(frozen=True)
class Voice:
    name: str  # espeak-ng language+variant, e.g. en-us+m3
    pitch: int  # 0-99
    speed: int = 165  # words per minute


INTERVIEWER = Voice("en-us+m3", pitch=30, speed=160)
CANDIDATE = Voice("en-us+f3", pitch=70, speed=170)
THIRD = Voice("en-us+steph", pitch=50, speed=175)

QUESTIONS = (
    "Could you tell me about a time you handled a difficult patient on the ward?",
    "How do you prioritise when three call bells ring at the same moment?",
    "What would you do if a colleague made a medication error?",
    "How do you explain a new treatment plan to an anxious family?",
    "Describe how you hand over a patient at the end of a night shift.",
    "What steps do you take when a patient's oxygen saturation drops suddenly?",
    "How do you keep your documentation accurate during a busy shift?",
    "Why do you want to work in the emergency department of this hospital?",
    "How would you respond to a doctor's order you believe is unsafe?",
    "Tell me how you look after yourself after a stressful week.",
    "What does good infection control look like to you?",
    "How do you support a new graduate nurse on their first rotation?",
)
ANSWERS = (
    "I stayed calm, listened to his concerns, and explained each step before I did it.",
    "I assess which patient is most at risk first, then ask a colleague to help with the others.",
    "I would make sure the patient is safe, then report it honestly through the incident system.",
    "I use simple words, check what they already understand, and leave time for their questions.",
    "I follow the structured handover, with the situation, background, assessment and my recommendation.",
    "I sit the patient up, start oxygen, call for help early and keep watching the monitor closely.",
    "I write my notes as soon as I can, and I never leave them until the end of the shift.",
    "Your team has a strong reputation for training, and I enjoy the pace of acute care.",
    "I would question the order politely, explain my concern, and escalate it if it stayed unsafe.",
    "I go walking with my sister, and I talk things through with my mentor when I need to.",
    "Clean hands, the right protective equipment, and cleaning shared equipment between patients.",
    "I show them where everything is kept and I check in with them at the start of every shift.",
)
INTERJECTIONS = (
    "Say that you followed the protocol.",
    "Mention the escalation policy too.",
    "Tell them about your certificate.",
)


@dataclass(frozen=True)
class Utterance:
    speaker: str
    voice: Voice
    text: str


@dataclass(frozen=True)
class TimedUtterance:
    speaker: str
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Conversation:
    audio: AudioClip
    reference: Annotation
    utterances: tuple[TimedUtterance, ...]

    def spans_of(self, speaker: str) -> tuple[tuple[float, float], ...]:
        return tuple((u.start, u.end) for u in self.utterances if u.speaker == speaker)


def speak(text: str, voice: Voice) -> npt.NDArray[np.float32]:
    """One utterance at 16 kHz, trimmed to its audible part."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "utterance.wav"
        command = [espeak, "-v", voice.name, "-p", str(voice.pitch), "-s", str(voice.speed), "-w", str(wav)]
        subprocess.run([*command, text], check=True, capture_output=True, timeout=60)
        rate, pcm = wavfile.read(wav)
    samples = resample_poly(pcm.astype(np.float32) / 32768.0, SAMPLE_RATE, rate).astype(np.float32)
    loud = np.flatnonzero(np.abs(samples) > _TRIM_THRESHOLD)
    trimmed: npt.NDArray[np.float32] = samples[loud[0] : loud[-1] + 1].copy()
    return trimmed


def build_conversation(
    utterances: Sequence[Utterance],
    *,
    seed: int = 0,
    gap_seconds: tuple[float, float] = (0.3, 0.8),
    lead_seconds: float = 0.5,
) -> Conversation:
    """Lay utterances end to end with seeded gaps; the reference labels are the utterances' speakers."""
    rng = random.Random(seed)
    pieces: list[npt.NDArray[np.float32]] = [np.zeros(round(lead_seconds * SAMPLE_RATE), np.float32)]
    cursor = lead_seconds
    timed: list[TimedUtterance] = []
    reference = Annotation(uri="synthetic")
    for utterance in utterances:
        samples = speak(utterance.text, utterance.voice)
        start, end = cursor, cursor + len(samples) / SAMPLE_RATE
        timed.append(TimedUtterance(utterance.speaker, utterance.text, start, end))
        reference[Segment(start, end)] = utterance.speaker
        gap = rng.uniform(*gap_seconds)
        pieces += [samples, np.zeros(round(gap * SAMPLE_RATE), np.float32)]
        cursor = end + gap
    return Conversation(AudioClip(np.concatenate(pieces)), reference, tuple(timed))


def interview_script(turns: int, *, third_every: int = 0) -> list[Utterance]:
    """Question/answer pairs; with `third_every`, a third voice prompts after every n-th answer."""
    script: list[Utterance] = []
    for index in range(turns):
        script.append(Utterance("interviewer", INTERVIEWER, QUESTIONS[index % len(QUESTIONS)]))
        script.append(Utterance("candidate", CANDIDATE, ANSWERS[index % len(ANSWERS)]))
        if third_every and (index + 1) % third_every == 0:
            script.append(Utterance("third", THIRD, INTERJECTIONS[index % len(INTERJECTIONS)]))
    return script
