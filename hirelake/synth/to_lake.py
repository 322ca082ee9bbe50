"""`hirelake synth --to-lake`: the generated HRIS through the sync into `raw/hris/` (defects quarantined),
interview plans into `raw/interview_plans/`, recordings into landing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from hirelake.hris import HrisFileConnector, sync_hris
from hirelake.interview_plans import save_plan
from hirelake.lake import Lake
from hirelake.landing import submit_media
from hirelake.synth.hospital import HospitalResult
from hirelake.synth.media import plan_for_generated

HRIS_SOURCE = "hris"


@dataclass(frozen=True)
class LakeLoadSummary:
    tables: dict[str, int]  # entity -> rows accepted into raw/hris
    rejected: dict[str, int]  # entity -> rows quarantined with a reason (the declared defects)
    submissions: int
    broken_submissions: int
    skipped: tuple[str, ...]  # what was not uploaded, with the reason


def load_hospital(lake: Lake, result: HospitalResult, load_date: date) -> LakeLoadSummary:
    """The HRIS exports through the sync, then the recordings with their plans into landing."""
    # The same sync a real HRIS export goes through: every row checked, rejects kept with reasons.
    report = sync_hris(lake.settings, lake, HrisFileConnector(result.hr.out_dir), load_date)
    manifest_key = f"raw/{HRIS_SOURCE}/_manifests/load_date={load_date.isoformat()}/manifest.json"
    lake.put_json(manifest_key, json.loads(result.hr.manifest_path.read_text(encoding="utf-8")))
    landed = land_interviews(lake, result)
    return LakeLoadSummary(
        tables={e.entity: e.accepted for e in report.entities},
        rejected={e.entity: e.rejected for e in report.entities if e.rejected},
        submissions=landed.submissions,
        broken_submissions=landed.broken_submissions,
        skipped=landed.skipped,
    )


@dataclass(frozen=True)
class LandedInterviews:
    submissions: int
    broken_submissions: int
    skipped: tuple[str, ...]


def land_interviews(lake: Lake, result: HospitalResult) -> LandedInterviews:
    """Each generated recording with its interview plan, then the broken set, into landing."""
    for interview in result.media.interviews:
        # The plan first: an interview in landing always has its questions on record.
        save_plan(lake, plan_for_generated(interview))
        submit_media(
            lake,
            interview_id=interview.interview_id,
            candidate_id=interview.candidate_id,
            position_id=interview.position_id,
            path=interview.media_path,
            language=interview.language,
        )
    broken, skipped = _submit_broken(lake, result)
    return LandedInterviews(len(result.media.interviews), broken, skipped)


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
