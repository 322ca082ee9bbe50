"""What one interview report shows, read back from the score tables of one score set.

The report is rendered from the lake, not from the scorer's objects in memory, so a report can be
re-rendered at any time (another language, a reprint for a dispute) from exactly what was stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hirelake.lake import Lake
from hirelake.question_banks import BankError, load_bank
from hirelake.schemas import SCORE_TABLES


@dataclass(frozen=True)
class DimensionRow:
    dimension: str
    score: float
    weight: float | None
    answer_count: int


@dataclass(frozen=True)
class AnswerRow:
    answer_index: int
    question_id: str | None
    question_zh: str
    question_en: str
    dimension: str | None
    start_seconds: float
    end_seconds: float
    score: float
    components: dict[str, float]
    key_points_covered: tuple[str, ...]
    key_points_missed: tuple[str, ...]
    red_flags: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class EvidenceRow:
    dimension: str
    question_id: str | None
    start_seconds: float
    end_seconds: float
    excerpt: str
    signals: tuple[str, ...]


@dataclass(frozen=True)
class FlagRow:
    code: str
    severity: str
    detail: str
    question_id: str | None
    start_seconds: float | None
    end_seconds: float | None


@dataclass(frozen=True)
class ReportData:
    summary: dict[str, Any]  # the interview_scores row
    dimensions: tuple[DimensionRow, ...]
    answers: tuple[AnswerRow, ...]
    evidence: tuple[EvidenceRow, ...]
    flags: tuple[FlagRow, ...]
    dimension_pass: float


def score_stage(score_key: str) -> str:
    """The silver object name of a score set: `silver/<table>/interview_id=<id>/score-<key>.parquet`."""
    return f"score-{score_key}"


Rows = Mapping[str, Sequence[Mapping[str, Any]]]  # table name -> rows of one score set


def read_score_rows(lake: Lake, interview_id: str, score_key: str) -> dict[str, list[dict[str, Any]]]:
    """The five score tables of one score set, as rows."""
    return {
        table.name: lake.read_parquet(table.key(interview_id, score_stage(score_key))).to_pylist()
        for table in SCORE_TABLES
    }


def _question_texts(bank_id: str, version: int) -> dict[str, tuple[str, str]]:
    try:
        bank = load_bank(bank_id, version)
    except BankError:
        return {}  # a retired bank file: the report still shows ids, scores and evidence
    return {q.question_id: (q.prompt_zh, q.prompt_en) for q in bank.questions}


def load_report_data(lake: Lake, interview_id: str, score_key: str, dimension_pass: float) -> ReportData:
    return report_data(read_score_rows(lake, interview_id, score_key), dimension_pass)


def report_data(rows: Rows, dimension_pass: float) -> ReportData:
    summary = dict(rows["interview_scores"][0])
    prompts = _question_texts(str(summary["bank_id"]), int(summary["bank_version"]))
    dimensions = tuple(
        DimensionRow(r["dimension"], r["score"], r["weight"], r["answer_count"])
        for r in rows["dimension_scores"]
    )
    answers = tuple(
        AnswerRow(
            answer_index=r["answer_index"],
            question_id=r["question_id"],
            question_zh=prompts.get(r["question_id"] or "", ("", ""))[0],
            question_en=prompts.get(r["question_id"] or "", ("", ""))[1],
            dimension=r["dimension"],
            start_seconds=r["start_seconds"],
            end_seconds=r["end_seconds"],
            score=r["score"],
            components={k: r[k] for k in ("coverage", "terms", "structure", "feasibility", "communication")},
            key_points_covered=tuple(r["key_points_covered"]),
            key_points_missed=tuple(r["key_points_missed"]),
            red_flags=tuple(r["red_flags"]),
            text=r["text"],
        )
        for r in sorted(rows["answer_scores"], key=lambda r: r["answer_index"])
    )
    evidence = tuple(
        EvidenceRow(
            r["dimension"],
            r["question_id"],
            r["start_seconds"],
            r["end_seconds"],
            r["excerpt"],
            tuple(r["signals"]),
        )
        for r in sorted(rows["score_evidence"], key=lambda r: r["evidence_index"])
    )
    flags = tuple(
        FlagRow(r["code"], r["severity"], r["detail"], r["question_id"], r["start_seconds"], r["end_seconds"])
        for r in sorted(rows["risk_flags"], key=lambda r: r["flag_index"])
    )
    return ReportData(summary, dimensions, answers, evidence, flags, dimension_pass)
