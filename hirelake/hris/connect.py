"""Which HRIS a sync reads: a folder of its exports when one is named, else its API. One rule for the
CLI (`hirelake hris sync --api/--files`) and the scheduled deployment (`api_url`/`files_dir`)."""

from __future__ import annotations

from pathlib import Path

from hirelake.errors import ConfigurationError
from hirelake.hris.api import HrisApiConnector
from hirelake.hris.files import HrisFileConnector
from hirelake.hris.source import HrisSource
from hirelake.settings import Settings


def choose_source(settings: Settings, api_url: str | None, files_dir: Path | None) -> HrisSource:
    """The export folder, or the API at `api_url` (default HIRELAKE_HRIS__API_URL); never both."""
    if api_url and files_dir is not None:
        raise ConfigurationError(
            "choose one source: the HRIS API (--api, api_url) or a folder of its exports (--files, "
            "files_dir), not both"
        )
    if files_dir is not None:
        return HrisFileConnector(files_dir, encoding=settings.hris.csv_encoding)
    if api_url is None and settings.hris.api_url is None:
        raise ConfigurationError(
            "say where the HRIS is: its API URL (--api, api_url, or HIRELAKE_HRIS__API_URL, with the "
            "token in HIRELAKE_HRIS__TOKEN) or a folder of its exports (--files, files_dir)"
        )
    return HrisApiConnector.from_settings(settings, api_url)
