"""`hirelake synth --to-lake`: the generated HRIS exports into `raw/hris/`, recordings into landing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from hirelake.lake import Lake
from hirelake.landing import submit_media
from hirelake.raw_zone import land_csv
from hirelake.synth.hospital import HospitalResult

HRIS_SOURCE = "hris"


@dataclass(frozen=True)
class LakeLoadSummary:
    tables: dict[str, int]  # entity -> rows landed
    submissions: int
    broken_submissions: int
    skipped: tuple[str, ...]  # what was not uploaded, with the reason


def load_hospital(lake: Lake, result: HospitalResult, load_date: date) -> LakeLoadSummary:
    tables: dict[str, int] = {}
    hr_dir = result.hr.out_dir
    for exported in result.hr.files:
        if exported.format != "csv":
            continue  # XLSX carries the same rows; raw keeps one copy of each table
        _, rows = land_csv(
            lake, source=HRIS_SOURCE, entity=exported.table, path=hr_dir / exported.path, load_date=load_date
        )
        tables[exported.table] = rows
    manifest_key = f"raw/{HRIS_SOURCE}/_manifests/load_date={load_date.isoformat()}/manifest.json"
    lake.put_json(manifest_key, json.loads(result.hr.manifest_path.read_text(encoding="utf-8")))
    for interview in result.media.interviews:
        submit_media(
            lake,
            interview_id=interview.interview_id,
            candidate_id=interview.candidate_id,
            position_id=interview.position_id,
            path=interview.media_path,
            language=interview.language,
        )
    broken, skipped = _submit_broken(lake, result)
    return LakeLoadSummary(tables, len(result.media.interviews), broken, skipped)


def _submit_broken(lake: Lake, result: HospitalResult) -> tuple[int, tuple[str, ...]]:
    """Broken files arrive as if from consenting candidates: ingest must reject them on media grounds."""
    donors = [i for i in result.media.interviews if i.has_consent]
    if not donors:
        return 0, ()
    submitted, skipped = 0, []
    broken_dir = result.media.out_dir / "broken"
    for index, item in enumerate(result.media.broken):
        if item.sha256 is None:  # the sparse oversize file: gigabytes of holes, proven locally instead
            skipped.append(f"{item.file}: sparse oversize file is not uploaded")
            continue
        donor = donors[index % len(donors)]
        submit_media(
            lake,
            interview_id=f"broken-{index:02d}",
            candidate_id=donor.candidate_id,
            position_id=donor.position_id,
            path=broken_dir / item.file,
        )
        submitted += 1
    return submitted, tuple(skipped)
