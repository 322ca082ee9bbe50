"""One processed generated hospital shared by the integration modules that need analysed interviews.

Processing real media takes minutes on two cores, so the session does it once (bucket `pipeline`):
good interviews, a duplicate, a candidate without consent and the broken set; then a second run that
must find nothing to redo.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from flows.interview import InterviewOutcome
from flows.pipeline import run_process_pending
from hirelake.lake import Lake
from hirelake.landing import submit_media
from hirelake.settings import Settings
from hirelake.synth.hospital import HospitalConfig, HospitalResult, generate_hospital
from hirelake.synth.to_lake import load_hospital

PIPELINE_BUCKET = "pipeline"


@dataclass(frozen=True)
class PipelineRun:
    settings: Settings
    hospital: HospitalResult
    first: dict[str, InterviewOutcome]
    second: dict[str, InterviewOutcome]
    objects_after_first: dict[str, int]
    objects_after_second: dict[str, int]


def env_for(settings: Settings) -> dict[str, str]:
    store = settings.store
    return {
        "HIRELAKE_DATA_DIR": str(settings.data_dir),
        "HIRELAKE_STORE__ENDPOINT": store.endpoint,
        "HIRELAKE_STORE__BUCKET": store.bucket,
        "HIRELAKE_PIPELINE__DASK_WORKERS": "1",
    }


def _objects(lake: Lake) -> dict[str, int]:
    return {e.key: e.size_bytes for e in lake.list("silver/") if not e.key.startswith("silver/_stages/")}


def processed_hospital(
    store_settings: Settings, prefect_harness: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PipelineRun]:
    settings = store_settings.model_copy(
        update={"store": store_settings.store.model_copy(update={"bucket": PIPELINE_BUCKET})}
    )
    lake = Lake(settings)
    lake.client.make_bucket(PIPELINE_BUCKET)
    hospital = generate_hospital(
        tmp_path_factory.mktemp("hospital"),
        HospitalConfig(seed=5, employees=30, candidates=16, interviews=3, months=1, languages=("en", "zh")),
    )
    load_hospital(lake, hospital, hospital.hr.period_end)
    first_interview, second_interview = hospital.media.interviews[:2]
    # A candidate the HRIS has no consent record for: as good as a refusal.
    submit_media(
        lake,
        interview_id="no-consent",
        candidate_id="C-NOT-IN-HRIS",
        position_id=first_interview.position_id,
        path=second_interview.media_path,
    )
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env_for(settings).items():
            patch.setenv(key, value)
        first = {o.interview_id: o for o in run_process_pending(Settings())}
        after_first = _objects(lake)
        submit_media(  # the same recording sent again under another id, after the first was processed
            lake,
            interview_id="dup-of-first",
            candidate_id=first_interview.candidate_id,
            position_id=first_interview.position_id,
            path=first_interview.media_path,
        )
        second = {o.interview_id: o for o in run_process_pending(Settings())}
    yield PipelineRun(settings, hospital, first, second, after_first, _objects(lake))
