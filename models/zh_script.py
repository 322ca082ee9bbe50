"""Traditional -> simplified Chinese for transcripts.

Whisper often writes Mandarin in traditional characters. A simplified-Chinese initial prompt steers
it, and OpenCC's phrase-level `t2s` conversion fixes whatever traditional characters remain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any


def is_han(ch: str) -> bool:
    """A CJK unified ideograph (the basic block: every character of modern Mandarin text)."""
    return "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True)
class SimplifiedConverter:
    name: str
    _engine: Any

    def convert(self, texts: Sequence[str]) -> list[str]:
        """Convert many strings, order kept."""
        return [str(self._engine.convert(text)) for text in texts]

    def __call__(self, text: str) -> str:
        return self.convert([text])[0]


@cache
def simplified_converter() -> SimplifiedConverter:
    """OpenCC's traditional-to-simplified converter, built once per process."""
    import opencc

    return SimplifiedConverter("opencc-t2s", opencc.OpenCC("t2s"))
