"""Where recordings arrive before ingest: `landing/interviews/<interview_id>/`.

A submission is the media file plus `submission.json` (who, for which position, in which language).
Ingest probes it, checks consent and moves the bytes to the content-addressed raw zone; the landing copy
stays until ingest has stored it, so nothing is lost if a run stops half way.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from hirelake.lake import Lake

PREFIX = "landing/interviews"
MAX_RECORD_BYTES = 64 * 1024
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
    check_ids(interview_id, candidate_id, position_id)  # before anything is written
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


@dataclass(frozen=True)
class InvalidSubmission:
    """A `submission.json` in landing that cannot be trusted: written by hand or by another system."""

    folder: str  # as found; may itself be what is wrong
    reason: str

    @property
    def item_id(self) -> str:
        """A name the folder can be quarantined under, whatever characters it holds."""
        return safe_media_name(self.folder)


def check_ids(interview_id: str, candidate_id: str, position_id: str) -> None:
    """Raises ValueError naming the first id that is not the HRIS's plain id form."""
    # fullmatch: `$` alone lets a trailing newline through.
    if not _SAFE_ID.fullmatch(interview_id):
        raise ValueError(f"interview id {interview_id!r:.80} must be letters, digits, '-' or '_' (max 128)")
    for kind, value in (("candidate", candidate_id), ("position", position_id)):
        if not _SAFE_ID.fullmatch(value):
            raise ValueError(
                f"{kind} id {value!r:.80} ({len(value)} characters) must be the HRIS's {kind} id: letters, "
                "digits, '-' or '_', starting with a letter or digit (max 128)"
            )


def parse_submission(folder: str, record: object) -> Submission:
    """The record `landing/interviews/<folder>/submission.json` as a Submission, checked as
    `submit_media` checks what it writes; the ValueError or TypeError says what is wrong."""
    if not isinstance(record, dict):
        raise TypeError(f"submission.json must hold a JSON object, got {type(record).__name__}")
    fields = {f.name for f in dataclasses.fields(Submission)}
    required = fields - {"language", "submitted_at"}
    if missing := sorted(required - record.keys()):
        raise ValueError(f"submission.json lacks {', '.join(missing)}")
    if unknown := sorted(str(k) for k in record.keys() - fields):
        raise ValueError(f"submission.json has unknown fields {', '.join(unknown)[:200]}")
    wrong = sorted(k for k, v in record.items() if not isinstance(v, str) and (k, v) != ("language", None))
    if wrong:
        raise ValueError(f"submission.json fields {', '.join(wrong)} must be text")
    submission = Submission(**record)
    check_ids(submission.interview_id, submission.candidate_id, submission.position_id)
    if submission.interview_id != folder:
        raise ValueError(
            f"submission.json names interview {submission.interview_id!r} but lies in folder {folder!r:.80}"
        )
    if submission.media_name != safe_media_name(submission.media_name):
        raise ValueError(f"media name {submission.media_name!r:.80} is not a plain file name")
    if submission.language is not None and len(submission.language) > 16:
        raise ValueError(f"language {submission.language!r:.40} is not a language code")
    return submission


def _json_record(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(
            f"submission.json is not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except json.JSONDecodeError as error:
        raise ValueError(f"submission.json is not valid JSON ({error})") from None


def scan_landing(lake: Lake) -> tuple[list[Submission], list[InvalidSubmission]]:
    """Every complete submission still in landing (oldest interview id first), and the records that
    cannot be read or trusted, each with its reason."""
    valid: list[Submission] = []
    invalid: list[InvalidSubmission] = []
    for entry in lake.list(f"{PREFIX}/"):
        if not entry.key.endswith("/submission.json"):
            continue
        folder = entry.key[len(PREFIX) + 1 : -len("/submission.json")]
        if entry.size_bytes > MAX_RECORD_BYTES:  # not read: it could be any size
            reason = f"submission.json holds {entry.size_bytes:,} bytes; a submission record is under 1 KiB"
            invalid.append(InvalidSubmission(folder, reason))
            continue
        try:
            valid.append(parse_submission(folder, _json_record(lake.get_bytes(entry.key))))
        except (ValueError, TypeError) as error:
            invalid.append(InvalidSubmission(folder, str(error)))
    return sorted(valid, key=lambda s: s.interview_id), invalid


def pending_submissions(lake: Lake) -> list[Submission]:
    """Every complete, valid submission still in landing, oldest interview id first."""
    return scan_landing(lake)[0]


def remove_submission(lake: Lake, submission: Submission) -> None:
    for key in (submission.media_key, submission.record_key):
        if lake.exists(key):
            lake.delete(key)
