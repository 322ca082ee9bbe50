"""Does scoring rank candidates as intended, and do its flags fire where they should?

On a generated hospital (strong / medium / weak candidates by construction, some confidentiality
misreads, integrity cases), the real pipeline processes every recording and `score-interviews` scores
it. Printed: Spearman correlation between intended strength and the weighted total (all, and per
language), precision and recall of each risk flag against the generator's truth, and the scoring
time per interview beside the processing time (the baseline measured in the same run).

Run: .venv/bin/python -m bench.bench_assessment [--interviews 24] [--languages zh,en]
     [--out bench/results/assessment.json] [--work DIR]

Starts its own SeaweedFS on free ports in a temporary folder (stopped at the end) and an ephemeral
Prefect API. With `--work DIR` the folder is kept; a later run with the same DIR skips generation and
processing and only scores (a scorer change adds a score set beside the old ones, as in production).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scipy.stats import spearmanr

from flows.pipeline import run_process_pending
from flows.score import ScoreOutcome, run_score_interviews
from hirelake.lake import Lake
from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from hirelake.synth.hospital import HospitalConfig, generate_hospital
from hirelake.synth.to_lake import load_hospital
from tests.helpers import isolated_settings

STRENGTH = {"weak": 1, "medium": 2, "strong": 3}
FLAGS = ("compliance_misunderstanding", "second_voice", "second_face", "face_absent", "missing_answer")


def truth_flags(truth: dict[str, Any]) -> set[str]:
    """The flags an interview should raise, from what the generator put into it."""
    expected = {flag["kind"] for flag in truth["integrity_flags"]} & set(FLAGS)
    if truth["confidentiality_misread"]:
        expected.add("compliance_misunderstanding")
    return expected  # every generated question is answered: missing_answer is never expected


def precision_recall(pairs: Iterable[tuple[set[str], set[str]]], code: str) -> dict[str, float | int | None]:
    tp = fp = fn = 0
    for expected, raised in pairs:
        tp += code in expected and code in raised
        fp += code not in expected and code in raised
        fn += code in expected and code not in raised
    return {
        "expected": tp + fn,
        "raised": tp + fp,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }


def high_severity_flags(lake: Lake) -> dict[str, set[str]]:
    """Interview -> codes raised at high severity (a red flag stated, a second voice or face)."""
    connection = lake.duckdb()
    try:
        rows = connection.execute(
            "select interview_id, code from read_parquet(?) where severity = 'high'",
            [lake.uri("silver/risk_flags/*/*.parquet")],
        ).fetchall()
    finally:
        connection.close()
    found: dict[str, set[str]] = {}
    for interview_id, code in rows:
        found.setdefault(str(interview_id), set()).add(str(code))
    return found


def _spearman(strengths: list[int], totals: list[float]) -> float | None:
    if len(set(strengths)) < 2:
        return None
    return round(float(spearmanr(strengths, totals).statistic), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--interviews", type=int, default=24)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--languages", default="zh,en", help="Interview languages, comma-separated.")
    parser.add_argument("--out", type=Path, default=Path("bench/results/assessment.json"))
    parser.add_argument("--work", type=Path, help="Keep the lake here; reuse it when already processed.")
    args = parser.parse_args()
    os.environ.update({"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        measured = measure(args, args.work.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="hirelake-bench-") as tmp:
            measured = measure(args, Path(tmp))
    write_result(measured, args.out)


def _generate_and_process(args: argparse.Namespace, work: Path, settings: Settings) -> float:
    """Generate the hospital, land it and process every recording; the truths go to truths.json."""
    hospital = generate_hospital(
        work / "hospital",
        HospitalConfig(
            seed=args.seed,
            employees=30,
            candidates=max(40, args.interviews * 2),
            interviews=args.interviews,
            months=1,
            broken_media=False,
            languages=tuple(args.languages.split(",")),  # type: ignore[arg-type]
        ),
    )
    load_hospital(Lake(settings), hospital, hospital.hr.period_end)
    started = time.perf_counter()
    run_process_pending(Settings())
    process_seconds = time.perf_counter() - started
    truths = {i.interview_id: json.loads(i.truth_path.read_text("utf-8")) for i in hospital.media.interviews}
    saved = {"process_seconds": process_seconds, "truths": truths}
    (work / "truths.json").write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    return process_seconds


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    settings_file = work / "settings.json"
    if settings_file.exists():  # processed before: the same store, on its own ports again
        settings = Settings.model_validate_json(settings_file.read_text(encoding="utf-8"))
    else:
        settings = isolated_settings(work / "data")
        settings_file.write_text(settings.model_dump_json(), encoding="utf-8")
    start_seaweedfs(settings)
    os.environ.update(
        {
            "HIRELAKE_DATA_DIR": str(settings.data_dir),
            "HIRELAKE_STORE__ENDPOINT": settings.store.endpoint,
            "HIRELAKE_STORE__BUCKET": settings.store.bucket,
        }
    )
    try:
        if not (work / "truths.json").exists():
            _generate_and_process(args, work, settings)
        saved = json.loads((work / "truths.json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        outcomes: dict[str, ScoreOutcome] = {o.interview_id: o for o in run_score_interviews()}
        score_seconds = time.perf_counter() - started
        high = high_severity_flags(Lake(settings))
    finally:
        stop_seaweedfs(settings)
    return {
        "truths": saved["truths"],
        "outcomes": outcomes,
        "high": high,
        "process_seconds": saved["process_seconds"],
        "score_seconds": score_seconds,
    }


def write_result(measured: dict[str, Any], out: Path) -> None:
    truths: dict[str, dict[str, Any]] = measured["truths"]
    outcomes: dict[str, ScoreOutcome] = measured["outcomes"]
    high: dict[str, set[str]] = measured["high"]
    process_seconds: float = measured["process_seconds"]
    score_seconds: float = measured["score_seconds"]
    rows = []
    for interview_id in sorted(truths):
        outcome = outcomes.get(interview_id)
        if outcome is None or outcome.total is None:
            continue  # no consent: never scored, by design
        truth = truths[interview_id]
        rows.append(
            {
                "interview_id": interview_id,
                "language": truth["language"],
                "role_family": truth["role_family"],
                "strength": truth["intended_strength"],
                "total": outcome.total,
                "recommendation": outcome.recommendation,
                "expected_flags": sorted(truth_flags(truth)),
                "raised_flags": sorted(outcome.flags),
                "raised_high": sorted(high.get(interview_id, set())),
            }
        )
    by_language = {
        language: _spearman(
            [STRENGTH[r["strength"]] for r in rows if r["language"] == language],
            [r["total"] for r in rows if r["language"] == language],
        )
        for language in sorted({r["language"] for r in rows})
    }
    mean_total = {
        s: round(
            sum(r["total"] for r in rows if r["strength"] == s)
            / max(1, sum(r["strength"] == s for r in rows)),
            1,
        )
        for s in STRENGTH
    }
    complete = [r for r in rows if "incomplete_transcript" not in r["raised_flags"]]
    pairs = [(set(r["expected_flags"]), set(r["raised_flags"])) for r in rows]
    high_pairs = [(set(r["expected_flags"]), set(r["raised_high"])) for r in rows]
    result = {
        "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()},
        "interviews_scored": len(rows),
        "spearman_strength_total": _spearman(
            [STRENGTH[r["strength"]] for r in rows], [r["total"] for r in rows]
        ),
        "spearman_by_language": by_language,
        # the ranking among interviews whose transcript kept the candidate's speech (the others go to a
        # person first with the incomplete_transcript flag: their scores may reflect the transcriber)
        "spearman_complete_transcripts": _spearman(
            [STRENGTH[r["strength"]] for r in complete], [r["total"] for r in complete]
        ),
        "incomplete_transcript_by_strength": {
            s: sum(r["strength"] == s for r in rows if r not in complete) for s in STRENGTH
        },
        "mean_total_by_strength": mean_total,
        "flags": {code: precision_recall(pairs, code) for code in FLAGS},
        # a red flag stated in a compliance answer (high) vs also "covers almost none" (medium)
        "compliance_misunderstanding_high_only": precision_recall(high_pairs, "compliance_misunderstanding"),
        "process_seconds": round(process_seconds, 1),
        "score_seconds": round(score_seconds, 1),
        "score_share_of_processing": round(score_seconds / process_seconds, 3),
        "interviews": rows,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "interviews"}, indent=2))


if __name__ == "__main__":
    main()
