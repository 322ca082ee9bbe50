"""Per-interview assessment reports: read back from the score tables, rendered as printable HTML."""

from hirelake.reports.data import ReportData, load_report_data, read_score_rows, report_data, score_stage
from hirelake.reports.render import render_report

REPORT_PREFIX = "reports"


def report_key(interview_id: str, score_key: str, language: str) -> str:
    """`reports/<interview_id>/<score_key>.<language>.html`: one page per score set and language."""
    return f"{REPORT_PREFIX}/{interview_id}/{score_key}.{language}.html"


__all__ = [
    "REPORT_PREFIX",
    "ReportData",
    "load_report_data",
    "read_score_rows",
    "render_report",
    "report_data",
    "report_key",
    "score_stage",
]
