"""The one entry point: `generate_hr(out_dir, config)` writes a synthetic hospital's HRIS hand-over.

Output under `out_dir/hr/`: one CSV and one XLSX per entity (XLSX left out above `xlsx_max_rows`, as
Excel users would not open millions of clock punches), `manifest.json` (files, rows, sha256, seed, config)
and `defects.json` (every deliberately bad row). Same seed and config: byte-identical files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, Self

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from hirelake.hashing import sha256_file
from hirelake.synth.hr import reference
from hirelake.synth.hr.attendance import generate_attendance
from hirelake.synth.hr.calendar_cn import COVERED_YEARS, calendar_range
from hirelake.synth.hr.candidates import Candidate, generate_candidates
from hirelake.synth.hr.contracts import add_months
from hirelake.synth.hr.defects import Defect, inject_defects
from hirelake.synth.hr.employees import generate_employees
from hirelake.synth.hr.export import ExportedFile, write_csv, write_xlsx
from hirelake.synth.hr.organisation import OrgUnit, Position, org_units, positions
from hirelake.synth.hr.rng import stream

Progress = Callable[[str, int, int], None]
GENERATOR_VERSION = "1"
STAGES = ("reference", "candidates", "employees", "attendance", "defects", "export")


class HrSynthConfig(BaseModel):
    """What to generate. Every field is recorded in the manifest; the seed decides every number."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = Field(default=20260101, ge=0, description="Same seed and fields: byte-identical output.")
    employees: int = Field(default=500, ge=1, le=10_000)
    candidates: int = Field(default=300, ge=0, le=100_000)
    months: int = Field(default=12, ge=1, le=12, description="Length of the attendance period.")
    start_month: str = Field(default="2026-01", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    languages: tuple[Literal["zh", "en"], ...] = Field(default=("zh", "en"), min_length=1, max_length=2)
    defect_rate: float = Field(default=0.01, ge=0.0, le=0.05, description="Share of rows spoilt on purpose.")
    xlsx_max_rows: int = Field(default=200_000, ge=0, description="Tables above this get CSV only.")

    @property
    def period_start(self) -> date:
        return date.fromisoformat(f"{self.start_month}-01")

    @property
    def period_end(self) -> date:
        return add_months(self.period_start, self.months) - timedelta(days=1)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if len(set(self.languages)) != len(self.languages):
            raise ValueError(f"languages must not repeat, got {self.languages}")
        if {self.period_start.year, self.period_end.year} - COVERED_YEARS:
            raise ValueError(
                f"the period {self.period_start}..{self.period_end} leaves the holiday calendar "
                f"(covered years: {sorted(COVERED_YEARS)}); choose start_month/months inside them"
            )
        return self


@dataclass(frozen=True)
class HrSynthResult:
    """What was written, and the typed records other generators (interview media) pick from."""

    out_dir: Path
    manifest_path: Path
    defects_path: Path
    files: tuple[ExportedFile, ...]
    row_counts: Mapping[str, int]
    defects: tuple[Defect, ...]
    org_units: tuple[OrgUnit, ...]
    positions: tuple[Position, ...]
    candidates: tuple[Candidate, ...]
    period_start: date
    period_end: date


def _noop(stage: str, done: int, total: int) -> None:
    del stage, done, total


def _build_tables(
    config: HrSynthConfig, progress: Progress
) -> tuple[dict[str, pd.DataFrame], tuple[Candidate, ...]]:
    days = calendar_range(config.period_start, config.period_end)
    units, posts = org_units(), positions()
    tables: dict[str, pd.DataFrame] = {
        "org_units": reference.org_units_frame(units),
        "positions": reference.positions_frame(posts),
        "grades": reference.grades_frame(),
        "allowance_rules": reference.allowance_rules_frame(),
        "city_settings": reference.city_settings_frame(),
        "calendar": reference.calendar_frame(days),
        "shift_types": reference.shift_types_frame(),
    }
    progress("reference", 1, len(STAGES))
    cand = generate_candidates(
        stream(config.seed, "candidates"),
        config.candidates,
        positions=posts,
        period_start=config.period_start,
        period_end=config.period_end,
        languages=config.languages,
        max_hires=config.employees,
    )
    tables |= {
        "candidates": cand.candidates,
        "candidate_demographics": cand.demographics,
        "applications": cand.applications,
        "consents": cand.consents,
    }
    progress("candidates", 2, len(STAGES))
    hires = [c for c in cand.records if c.outcome == "hired"]
    staff = generate_employees(
        config.seed,
        config.employees,
        positions=posts,
        hires=hires,
        period_start=config.period_start,
        as_of=config.period_end,
    )
    tables |= {
        "employees": staff.employees,
        "contracts": staff.contracts,
        "licences": staff.licences,
        "training_records": staff.training_records,
        "tax_deductions": staff.tax_deductions,
    }
    progress("employees", 3, len(STAGES))
    attendance = generate_attendance(
        stream(config.seed, "shifts"),
        stream(config.seed, "clock_events"),
        stream(config.seed, "leave_records"),
        staff.employees,
        days,
    )
    tables |= {
        "leave_records": attendance.leave_records,
        "shifts": attendance.shifts,
        "clock_events": attendance.clock_events,
    }
    progress("attendance", 4, len(STAGES))
    linked = dict(zip(staff.employees["candidate_id"], staff.employees["employee_id"], strict=True))
    records = tuple(replace(c, employee_id=linked.get(c.candidate_id)) for c in cand.records)
    return tables, records


def generate_hr(out_dir: Path, config: HrSynthConfig, progress: Progress | None = None) -> HrSynthResult:
    """Generate the HR side of the synthetic hospital into `out_dir/hr/` and describe what was written."""
    report = progress or _noop
    tables, candidates = _build_tables(config, report)
    defects: list[Defect] = []
    for name in sorted(tables):
        tables[name], found = inject_defects(
            name, tables[name], stream(config.seed, f"defects:{name}"), config.defect_rate
        )
        defects.extend(found)
    defects.sort(key=lambda d: (d.table, d.line))
    report("defects", 5, len(STAGES))

    hr_dir = out_dir / "hr"
    hr_dir.mkdir(parents=True, exist_ok=True)
    # The moment the "HRIS" produced the extract: midnight after the period's last day.
    stamp = datetime.combine(config.period_end + timedelta(days=1), time())
    files: list[ExportedFile] = []
    for done, name in enumerate(sorted(tables), start=1):
        files.append(write_csv(name, tables[name], hr_dir))
        if len(tables[name]) <= config.xlsx_max_rows:
            files.append(write_xlsx(name, tables[name], hr_dir, stamp))
        report("export", done, len(tables))
    row_counts = {name: len(frame) for name, frame in sorted(tables.items())}
    defects_path = _write_json(hr_dir / "defects.json", _defects_document(config, defects))
    manifest_path = _write_json(hr_dir / "manifest.json", _manifest(config, files, row_counts, defects_path))
    return HrSynthResult(
        out_dir=hr_dir,
        manifest_path=manifest_path,
        defects_path=defects_path,
        files=tuple(files),
        row_counts=row_counts,
        defects=tuple(defects),
        org_units=tuple(org_units()),
        positions=tuple(positions()),
        candidates=candidates,
        period_start=config.period_start,
        period_end=config.period_end,
    )


def _write_json(path: Path, document: object) -> Path:
    path.write_text(
        json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return path


def _defects_document(config: HrSynthConfig, defects: list[Defect]) -> dict[str, object]:
    by_kind: dict[str, int] = {}
    for d in defects:
        by_kind[d.kind] = by_kind.get(d.kind, 0) + 1
    return {
        "seed": config.seed,
        "defect_rate": config.defect_rate,
        "count": len(defects),
        "by_kind": by_kind,
        "line_convention": "CSV line number with the header on line 1; the same number is the XLSX row",
        "defects": [asdict(d) for d in defects],
    }


def _manifest(
    config: HrSynthConfig, files: list[ExportedFile], rows: Mapping[str, int], defects_path: Path
) -> dict[str, object]:
    skipped = [
        {"table": t, "rows": n, "reason": f"more than xlsx_max_rows={config.xlsx_max_rows} rows: CSV only"}
        for t, n in rows.items()
        if n > config.xlsx_max_rows
    ]
    return {
        "generator": "hirelake.synth.hr",
        "generator_version": GENERATOR_VERSION,
        "seed": config.seed,
        "config": config.model_dump(mode="json"),
        "period": {"start": config.period_start.isoformat(), "end": config.period_end.isoformat()},
        "row_counts": dict(rows),
        "files": [asdict(f) for f in files],
        "xlsx_skipped": skipped,
        "defects": {"path": defects_path.name, "sha256": sha256_file(defects_path)},
    }
