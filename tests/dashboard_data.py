"""Data for the dashboards' tests and benchmark: score sets, transcripts and a playable recording in a
real lake bucket, and a DuckDB warehouse with the marts' and staging views' columns.

Scores go through the silver schemas (`hirelake.schemas.*.conform`), so a schema change breaks these
fixtures loudly instead of letting the pages test a stale shape.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from hirelake.auth import ensure_users, users_path
from hirelake.lake import Lake
from hirelake.reports import report_key, score_stage
from hirelake.schemas import (
    ANSWER_SCORES,
    DIMENSION_SCORES,
    INTERVIEW_SCORES,
    RISK_FLAGS,
    SCORE_EVIDENCE,
    TRANSCRIPT_SEGMENTS,
)
from hirelake.settings import AssessmentSettings, Settings
from hirelake.weights import WEIGHTS_DIR

BUCKET = "dashboards"
POSITIONS = (
    ("POS001", "急诊科护士", "Emergency nurse", "DEP-ED", "nurse"),
    ("POS002", "普外科医师", "General surgeon", "DEP-GSUR", "clinical_physician"),
    ("POS003", "重症医学科护士", "ICU nurse", "DEP-ICU", "nurse"),
)
DEPARTMENTS = (
    ("DEP-ED", "急诊科", "Emergency"),
    ("DEP-GSUR", "普外科", "General Surgery"),
    ("DEP-ICU", "重症医学科", "Intensive Care"),
)
FAMILY_DIMENSIONS = {
    "nurse": {"clinical_skill": 40.0, "knowledge": 30.0, "professionalism": 30.0},
    "clinical_physician": {"knowledge": 40.0, "clinical_skill": 30.0, "professionalism": 30.0},
}


@dataclass(frozen=True)
class InterviewSpec:
    interview_id: str
    candidate_id: str
    name_zh: str
    name_en: str
    position_id: str
    scores: dict[str, float]
    total: float
    recommendation: str
    needs_review: bool
    scored_at: datetime
    flags: tuple[str, ...] = ()


LINES = ("请介绍一下你自己。", "我在急诊科工作了三年。", "遇到焦虑的家属怎么办？", "我理解你的担心。")
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
INTERVIEWS = (
    InterviewSpec("I-ED-1", "C-001", "张伟", "Zhang Wei", "POS001",
                  {"clinical_skill": 78.0, "knowledge": 52.0, "professionalism": 70.0}, 68.0, "hold", True,
                  NOW - timedelta(days=3), ("second_voice",)),
    InterviewSpec("I-ED-2", "C-002", "李娜", "Li Na", "POS001",
                  {"clinical_skill": 88.0, "knowledge": 84.0, "professionalism": 86.0}, 86.2, "recommend",
                  False,
                  NOW - timedelta(days=5)),
    InterviewSpec("I-SUR-1", "C-003", "王芳", "Wang Fang", "POS002",
                  {"clinical_skill": 55.0, "knowledge": 58.0, "professionalism": 64.0}, 58.9,
                  "not_recommended", True,
                  NOW - timedelta(days=1), ("compliance_misunderstanding",)),
)  # fmt: skip


def score_key_of(interview_id: str) -> str:
    return "sk" + hashlib.sha256(interview_id.encode()).hexdigest()[:12]


def make_recording(path: Path, seconds: int = 6) -> Path:
    """A small WebM (VP9 + Opus) every browser plays, made with ffmpeg."""
    if not path.exists():
        subprocess.run(
            [
                "ffmpeg", "-v", "error", "-y",
                "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=160x120:rate=10",
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                "-c:v", "libvpx-vp9", "-b:v", "100k", "-c:a", "libopus", "-shortest", str(path),
            ],
            check=True,
        )  # fmt: skip
    return path


def _score_tables(
    spec: InterviewSpec, score_key: str, role_family: str
) -> dict[str, list[dict[str, object]]]:
    base = {"interview_id": spec.interview_id, "media_sha256": "0" * 64, "score_key": score_key}
    weights = FAMILY_DIMENSIONS[role_family]
    dims = [
        {**base, "dimension": d, "score": s, "weight": weights.get(d), "answer_count": 1}
        for d, s in spec.scores.items()
    ]
    answers, evidence = [], []
    for index, (dimension, score) in enumerate(spec.scores.items()):
        start = 1.0 + index * 1.5
        excerpt = f"Answer about {dimension}: 我理解你的担心, step {index + 1}."
        answers.append({
            **base, "answer_index": index, "question_id": f"Q{index + 1}", "dimension": dimension,
            "start_seconds": start, "end_seconds": start + 1.2, "text": excerpt, "coverage": score / 100,
            "terms": 0.5, "structure": 0.5, "feasibility": 0.5, "communication": 0.5, "score": score,
            "key_points_covered": ["kp1"], "key_points_missed": [], "domain_terms": [], "red_flags": [],
            "match_confidence": 0.9,
        })  # fmt: skip
        evidence.append({
            **base, "evidence_index": index, "dimension": dimension, "answer_index": index,
            "question_id": f"Q{index + 1}", "start_seconds": start, "end_seconds": start + 1.2,
            "excerpt": excerpt, "signals": ["coverage"],
        })  # fmt: skip
    flags = [
        {**base, "flag_index": i, "code": code, "severity": "high", "detail": f"{code} at 00:02",
         "question_id": None, "start_seconds": 2.0 + i, "end_seconds": 3.0 + i}
        for i, code in enumerate(spec.flags)
    ]  # fmt: skip
    summary = {
        **base, "candidate_id": spec.candidate_id, "position_id": spec.position_id,
        "role_family": role_family,
        "language": "zh", "bank_id": "nurse-ed", "bank_version": 1, "weights_version": 1,
        "scorer_version": "scorer-1", "embedder_model": "e5-small-q4", "speech_fingerprint": "f" * 16,
        "expression_used": False, "total_score": spec.total, "recommendation": spec.recommendation,
        "needs_review": spec.needs_review,
        "review_reasons": ["split: clinical_skill pass but knowledge below 60"] if spec.needs_review else [],
        "flags": list(spec.flags), "report_key": report_key(spec.interview_id, score_key, "zh"),
        "scored_at": spec.scored_at,
    }  # fmt: skip
    return {
        INTERVIEW_SCORES.name: [summary],
        DIMENSION_SCORES.name: dims,
        ANSWER_SCORES.name: answers,
        SCORE_EVIDENCE.name: evidence,
        RISK_FLAGS.name: flags,
    }


def load_lake(lake: Lake, recording: Path, interviews: Sequence[InterviewSpec] = INTERVIEWS) -> None:
    """Score sets, transcripts, reports and the recording of each interview, as the flows write them."""
    families = {p[0]: p[4] for p in POSITIONS}
    tables = {
        t.name: t for t in (INTERVIEW_SCORES, DIMENSION_SCORES, ANSWER_SCORES, SCORE_EVIDENCE, RISK_FLAGS)
    }
    for spec in interviews:
        key = score_key_of(spec.interview_id)
        for name, rows in _score_tables(spec, key, families[spec.position_id]).items():
            table = tables[name]
            lake.write_parquet(table.key(spec.interview_id, score_stage(key)), table.conform(rows))
        segments = [
            {"interview_id": spec.interview_id, "media_sha256": "0" * 64, "segment_index": i,
             "start_seconds": i * 1.5, "end_seconds": i * 1.5 + 1.4, "speaker": f"SPEAKER_{i % 2:02d}",
             "role": "interviewer" if i % 2 == 0 else "candidate", "text": text, "language": "zh",
             "avg_logprob": -0.2, "no_speech_prob": 0.01, "model_id": "bundled:base"}
            for i, text in enumerate(LINES)
        ]  # fmt: skip
        lake.write_parquet(
            TRANSCRIPT_SEGMENTS.key(spec.interview_id, "speech"), TRANSCRIPT_SEGMENTS.conform(segments)
        )
        media = lake.put_media(spec.interview_id, recording)
        lake.put_json(
            f"raw/interviews/{spec.interview_id}.json",
            {"interview_id": spec.interview_id, "media_key": media.key},
        )
        html = f"<html><body><h1>{spec.name_en}</h1><p>total {spec.total}</p></body></html>"
        lake.put_bytes(report_key(spec.interview_id, key, "zh"), html.encode(), "text/html")


_TABLES = {
    "staging.stg_hris__org_units": "org_unit_id varchar, parent_org_unit_id varchar, org_level varchar, "
    "name_zh varchar, name_en varchar",
    "staging.stg_hris__positions": "position_id varchar, title_zh varchar, title_en varchar, "
    "department_id varchar, role_family varchar",
    "staging.stg_hris__candidates": "candidate_id varchar, name_zh varchar, name_en varchar",
    "staging.stg_hris__applications": "application_id varchar, candidate_id varchar, position_id varchar, "
    "applied_date date, outcome varchar",
}
_LICENCES = """
    create table compliance.fct_licence_status as
    select employee_id, 'nurse_practising_certificate' as licence_type,
           '1100' || lpad(substr(employee_id, 2), 11, '7') as licence_number,
           date '2026-06-01' + (row_number() over () * 20)::int as expires_on,
           case when row_number() over () % 2 = 0 then 'expiring' else 'valid' end as status,
           date '2026-06-01' as as_of_date, (row_number() over () * 20)::int as days_until_expiry
    from attendance.dim_employment
"""
_BIAS = """
    create table compliance.fct_bias_audit as
    with rates as (
        select *, selected / applicants as selection_rate
        from (values ('sex', 'female', 100, 40), ('sex', 'male', 80, 24), ('sex', 'unknown', 10, 4))
             t(category_type, category, applicants, selected)
    )
    select date '2026-06-01' as audit_date, category_type, category, applicants, selected, selection_rate,
           selection_rate / max(selection_rate) over (partition by category_type) as selection_impact_ratio,
           0.5 as scoring_rate, 1.0 as scoring_impact_ratio,
           selection_rate / max(selection_rate) over (partition by category_type) < 0.8
               as is_below_four_fifths,
           false as is_excluded, null::varchar as exclusion_reason
    from rates
"""
_CONSENT = """
    create table compliance.fct_consent_coverage as
    select * from (values ('ai_evaluation', 3, 2, 1, 0, 0.6667, 3, 0),
                          ('biometric', 3, 1, 1, 1, 0.3333, 3, 0))
         t(consent_purpose, candidates, granted_candidates, refused_candidates, missing_candidates,
           consent_coverage_rate, scored_interviews, scored_without_consent)
"""
_DELETIONS = """
    create table compliance.fct_deletion_requests as
    select * from (values
        ('DR-1', 'C-009', timestamptz '2026-04-01 00:00:00+00', timestamptz '2026-05-01 00:00:00+00',
         null::timestamptz, true, false, null::varchar, 'overdue'),
        ('DR-2', 'C-010', timestamptz '2026-05-20 00:00:00+00', timestamptz '2026-06-19 00:00:00+00',
         null::timestamptz, false, false, null::varchar, 'open'))
         t(request_id, candidate_id, requested_at, due_at, completed_at, is_overdue,
           is_blocked_by_legal_hold, blocked_reason, request_status)
"""
_PAY = """
    create table payroll.fct_department_pay_costs_by_scenario as
    select s.scenario_id, s.description as scenario_description, d.department_id,
           date '2026-05-01' as pay_month, 20 as headcount,
           (200000 + s.k * 1000)::decimal(16,2) as base_pay_yuan,
           50000::decimal(16,2) as performance_pay_yuan,
           (8000 * s.k)::decimal(16,2) as night_allowance_yuan,
           6000::decimal(16,2) as overtime_pay_yuan,
           (264000 + s.k * 9000)::decimal(16,2) as gross_pay_yuan,
           264000::decimal(16,2) as baseline_gross_pay_yuan,
           (s.k * 9000)::decimal(16,2) as gross_pay_change_yuan
    from (values ('baseline', 'Current rules', 0), ('probation_90', 'Probation at 90%', 1),
                 ('night_150', 'Night allowance 150', 2)) s(scenario_id, description, k)
    cross join (select unnest(?::varchar[]) as department_id) d
"""
_EMPLOYMENT = """
    create table attendance.dim_employment as
    select 'E' || lpad(i::varchar, 6, '0') as employee_id,
           (?::varchar[])[1 + i % ?] as department_id, 'N1' as grade_code, date '2024-01-01' as hire_date
    from range(?) t(i)
"""


def build_warehouse(
    path: Path, interviews: Sequence[InterviewSpec] = INTERVIEWS, *, employees: int = 6
) -> None:
    """A warehouse with the columns the pages read (tables stand in for dbt's staging views)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    departments = [d[0] for d in DEPARTMENTS]
    with duckdb.connect(str(path)) as con:
        for schema in ("staging", "attendance", "payroll", "compliance", "recruiting"):
            con.execute(f"create schema {schema}")
        for table, columns in _TABLES.items():
            con.execute(f"create table {table} ({columns})")
        con.executemany(
            "insert into staging.stg_hris__org_units values (?, 'DIV', 'department', ?, ?)",
            [list(d) for d in DEPARTMENTS],
        )
        con.executemany(
            "insert into staging.stg_hris__positions values (?, ?, ?, ?, ?)", [list(p) for p in POSITIONS]
        )
        people = [(s.candidate_id, s.name_zh, s.name_en, s.position_id) for s in interviews]
        con.executemany("insert into staging.stg_hris__candidates values (?, ?, ?)", [p[:3] for p in people])
        con.executemany(
            "insert into staging.stg_hris__applications values (?, ?, ?, date '2026-05-01', 'interviewed')",
            [(f"A-{p[0]}", p[0], p[3]) for p in people],
        )
        con.execute(_EMPLOYMENT, [departments, len(departments), employees])
        for statement in (_LICENCES, _BIAS, _CONSENT, _DELETIONS):
            con.execute(statement)
        con.execute(_PAY, [departments])


@dataclass(frozen=True)
class Dashboards:
    settings: Settings
    passwords: dict[str, str]

    def env(self) -> dict[str, str]:
        return {
            "HIRELAKE_DATA_DIR": str(self.settings.data_dir),
            "HIRELAKE_STORE__ENDPOINT": self.settings.store.endpoint,
            "HIRELAKE_STORE__BUCKET": self.settings.store.bucket,
            "HIRELAKE_ASSESSMENT__WEIGHTS_DIR": str(self.settings.assessment.weights_dir),
            "HIRELAKE_LANGUAGE": "en",
        }

    def lake(self) -> Lake:
        return Lake(self.settings)


def prepare_dashboards(store_settings: Settings, data_dir: Path, bucket: str = BUCKET) -> Dashboards:
    """A data folder and bucket of their own on the session's store, loaded, with demo users."""
    copy_store_credentials(store_settings, data_dir)
    weights = data_dir / "weights"
    weights.mkdir()
    shutil.copy(WEIGHTS_DIR / "v1.yaml", weights / "v1.yaml")
    settings = store_settings.model_copy(
        update={
            "data_dir": data_dir,
            "store": store_settings.store.model_copy(update={"bucket": bucket}),
            "assessment": AssessmentSettings(weights_dir=weights),
        }
    )
    lake = Lake(settings)
    if not lake.client.bucket_exists(bucket):
        lake.client.make_bucket(bucket)
    load_lake(lake, make_recording(data_dir / "recording.webm"))
    build_warehouse(settings.warehouse_path)
    passwords = ensure_users(users_path(settings))
    assert passwords is not None
    return Dashboards(settings, passwords)


def copy_store_credentials(source: Settings, data_dir: Path) -> None:
    """Another data folder that reaches the same running store (its generated keys, kept 0600)."""
    target = data_dir / "secrets"
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    for file in source.secrets_dir.glob("store-credentials.json"):
        shutil.copy2(file, target / file.name)


def today() -> date:
    return NOW.date()
