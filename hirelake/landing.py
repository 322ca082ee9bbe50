"""Where recordings arrive before ingest: `landing/interviews/<interview_id>/`.

A submission is the media file plus `submission.json` (who, for which position, in which language).
Ingest probes it, checks consent and moves the bytes to the content-addressed raw zone; the landing copy
stays until ingest has stored it, so nothing is lost if a run stops half way.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from hirelake.lake import Lake

PREFIX = "landing/interviews"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# The interview id names the landing folder. The candidate and position ids travel into silver rows,
# reports and the deletion matcher, which takes exactly these characters as an id's (`deletion._ID_CHARS`):
# the same rule for all three, so none can climb a path, reach a shell, or hide inside another id.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")


@dataclass(frozen=True)
class Submission:
    interview_id: str
    candidate_id: str
    position_id: str
    media_name: str
    language: str | None = None
    submitted_at: str = ""

    @property
    def media_key(self) -> str:
        return f"{PREFIX}/{self.interview_id}/{self.media_name}"

    @property
    def record_key(self) -> str:
        return f"{PREFIX}/{self.interview_id}/submission.json"


def safe_media_name(name: str) -> str:
    """A file name that cannot climb out of its folder or smuggle shell characters."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _SAFE_NAME.sub("_", base).lstrip(".")
    return cleaned[:120] or "media.bin"


def submit_media(
    lake: Lake,
    *,
    interview_id: str,
    candidate_id: str,
    position_id: str,
    path: Path,
    language: str | None = None,
) -> Submission:
    # Every id is checked before anything is written. fullmatch: `$` alone lets a trailing newline through.
    if not _SAFE_ID.fullmatch(interview_id):
        raise ValueError(f"interview id {interview_id!r:.80} must be letters, digits, '-' or '_' (max 128)")
    for kind, value in (("candidate", candidate_id), ("position", position_id)):
        if not _SAFE_ID.fullmatch(value):
            raise ValueError(
                f"{kind} id {value!r:.80} ({len(value)} characters) must be the HRIS's {kind} id: letters, "
                "digits, '-' or '_', starting with a letter or digit (max 128)"
            )
    submission = Submission(
        interview_id=interview_id,
        candidate_id=candidate_id,
        position_id=position_id,
        media_name=safe_media_name(path.name),
        language=language,
        submitted_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    lake.put_file(submission.media_key, path)
    lake.put_json(submission.record_key, asdict(submission))  # written last: marks the upload complete
    return submission


def pending_submissions(lake: Lake) -> list[Submission]:
    """Every complete submission still in landing, oldest interview id first."""
    records = [e.key for e in lake.list(f"{PREFIX}/") if e.key.endswith("/submission.json")]
    return sorted((Submission(**lake.get_json(key)) for key in records), key=lambda s: s.interview_id)


def remove_submission(lake: Lake, submission: Submission) -> None:
    for key in (submission.media_key, submission.record_key):
        if lake.exists(key):
            lake.delete(key)
