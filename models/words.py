"""Timed words as the stages exchange them: this project's (`text`) and faster-whisper's (`word`)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class TextWord(Protocol):
    """A timed word carrying `text` (this project's transcripts)."""

    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def text(self) -> str: ...


@runtime_checkable
class WhisperWord(Protocol):
    """A timed word carrying `word` (faster_whisper.transcribe.Word)."""

    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def word(self) -> str: ...


WordLike = TextWord | WhisperWord


def word_text(word: WordLike) -> str:
    """The text of a project word (`text`) or a faster-whisper word (`word`)."""
    if isinstance(word, TextWord):
        return word.text
    return word.word
