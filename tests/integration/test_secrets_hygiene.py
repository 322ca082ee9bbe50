"""No generated secret reaches a log, a Prefect record, the lake or a rendered page; the store listens on
loopback only.

A representative slice of work runs with every log captured at DEBUG: the store starts, recordings and a
table are written and presigned, the `sync-hris` flow pulls the generated HRIS API with a bearer token.
Then the secrets (store keys, the JWT keys of security.toml, the encryption key, the HRIS token) are
searched for in the captured output, the store's own log, Prefect's flow runs, logs and artifacts, and
every object in the lake, Parquet cells included.

Then a whole demo run on the session's processed hospital (`pipeline_run`): scoring, the `sync-hris` flow
against the generated HRIS API, the `build-marts` flow, the dashboards' users file, and every dashboard page
rendered for every role (AppTest, one sign-in through the form with a generated password). The same secrets
plus the dashboard passwords are searched for in every rendered element, the presigned URLs (signed by the
read-only identity: its access key names it, no secret key is in them), the captured logs, Prefect's
records and persisted results, the data folders (service logs, dbt's target, the warehouse, the users
file) and the lake. A secret planted in each kind of place proves the search reads them all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import logging
import re
import secrets
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

import psutil
import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from hirelake.auth import DEMO_USERS, UserStore, ensure_users, start_session, users_path
from hirelake.credentials import store_credentials
from hirelake.hris import HrisApiConnector
from hirelake.lake import Lake
from hirelake.logs import configure_logging, get_logger
from hirelake.roles import ROLE_PAGES
from hirelake.services.seaweedfs import seaweedfs_process, sse_kek_path, start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthConfig, generate_hr, serve_hr_api
from tests.dashboard_data import copy_store_credentials
from tests.helpers import isolated_settings
from tests.integration.pipeline_run import PipelineRun, env_for

pytestmark = pytest.mark.integration
APP = Path(__file__).resolve().parents[2] / "apps" / "streamlit_app.py"
Texts = list[tuple[str, str]]  # (where, text)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A store of its own: its log and its bucket hold only what this module did."""
    base = isolated_settings(Path(tmp_path_factory.mktemp("secrets-data")))
    configured = base.model_copy(update={"log_level": "DEBUG", "log_format": "json"})
    yield configured
    stop_seaweedfs(configured)


def _secrets(settings: Settings, hris_token: str, passwords: dict[str, str] | None = None) -> dict[str, str]:
    creds = store_credentials(settings)
    found = {
        "admin access key": creds.admin.access_key.get_secret_value(),
        "admin secret key": creds.admin.secret_key.get_secret_value(),
        "reader access key": creds.reader.access_key.get_secret_value(),
        "reader secret key": creds.reader.secret_key.get_secret_value(),
        "encryption key": sse_kek_path(settings).read_text(encoding="utf-8").strip(),
        "HRIS token": hris_token,
    }
    security = tomllib.loads(
        (settings.secrets_dir / "seaweedfs" / "security.toml").read_text(encoding="utf-8")
    )
    for section, body in security["jwt"].items():
        found[f"jwt {section}"] = body["key"]
        for sub, nested in body.items():
            if isinstance(nested, dict):
                found[f"jwt {section}.{sub}"] = nested["key"]
    found |= {f"dashboard password of {user}": password for user, password in (passwords or {}).items()}
    assert len(found) == 10 + len(passwords or {}) and all(len(v) >= 16 for v in found.values())
    return found


def _leaks(secret_values: dict[str, str], sources: Iterable[tuple[str, str]]) -> list[str]:
    """`<secret name> in <where>` for every secret found in every source text."""
    texts = list(sources)
    return [
        f"{name} in {where}"
        for name, value in secret_values.items()
        for where, text in texts
        if value in text
    ]


def _leak_contexts(secret_values: dict[str, str], sources: Iterable[tuple[str, str]]) -> list[str]:
    """Around the first place each secret was found, the secret itself masked: a failure says where to
    look without printing the secret."""
    found = []
    for name, value in secret_values.items():
        for where, text in sources:
            at = text.find(value)
            if at >= 0:
                around = text[max(0, at - 160) : at + len(value) + 80].replace(value, f"<{name}>")
                found.append(f"{where}: ...{around}...")
                break
    return found


def _lake_texts(lake: Lake) -> Iterator[tuple[str, str]]:
    for entry in lake.list(""):
        data = lake.get_bytes(entry.key)
        if entry.key.endswith(".parquet"):
            rows = pq.read_table(io.BytesIO(data)).to_pylist()
            yield entry.key, json.dumps(rows, ensure_ascii=False, default=str)
        else:
            yield entry.key, data.decode("utf-8", errors="replace")


def _data_dir_texts(settings: Settings) -> Iterator[tuple[str, str]]:
    """The store's own files (volumes, filer metadata, options) and the service logs: only the secrets
    folder may hold a secret."""
    for path in settings.data_dir.rglob("*"):
        if path.is_file() and not path.is_symlink() and not path.is_relative_to(settings.secrets_dir):
            yield str(path), path.read_bytes().decode("latin-1")


def _paged(read: Callable[..., Sequence[Any]], page: int = 200) -> Iterator[Any]:
    """Every record, not the server's default first 200."""
    offset = 0
    while True:
        records = read(limit=page, offset=offset)
        yield from records
        if len(records) < page:
            return
        offset += page


def _prefect_texts() -> Iterator[tuple[str, str]]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        for run in _paged(client.read_flow_runs):
            message = run.state.message if run.state is not None else ""
            yield f"flow run {run.name} parameters", json.dumps(run.parameters, default=str) + str(message)
        for record in _paged(client.read_logs):
            yield f"prefect log {record.flow_run_id}", record.message
        for artifact in _paged(client.read_artifacts):
            yield (
                f"artifact {artifact.key}",
                json.dumps(artifact.data, default=str) + str(artifact.description),
            )


def _prefect_result_texts() -> Iterator[tuple[str, str]]:
    """Task and flow results Prefect persisted on disk (its local result storage)."""
    from prefect.settings import get_current_settings

    folder = Path(get_current_settings().results.local_storage_path).expanduser()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file():
            yield f"prefect result {path}", path.read_bytes().decode("latin-1")


def test_no_secret_in_logs_prefect_records_or_the_lake(
    settings: Settings,
    prefect_harness: None,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from flows.sync_hris import run_sync_hris

    caplog.set_level(logging.DEBUG)
    configure_logging(settings)
    start_seaweedfs(settings)
    hris_token = secrets.token_urlsafe(32)
    lake = Lake(settings)
    media = tmp_path / "interview.wav"
    media.write_bytes(b"RIFF" + secrets.token_bytes(20_000))
    stored = lake.put_media("sec-iv-1", media)
    url = Lake(settings, "reader").presigned_get(stored.key)
    log = get_logger("tests.secrets")
    # What a careless caller might log: the scrubber must mask the secret values inside them.
    log.info("presigned", url=url, settings_repr=repr(settings))
    hospital = generate_hr(tmp_path / "hr", HrSynthConfig(seed=3, employees=12, candidates=6, months=1))
    with (
        serve_hr_api(hospital.out_dir, hris_token) as server,
        HrisApiConnector(server.url, hris_token, page_size=50) as api,
    ):
        log.warning("connector", detail=f"Authorization: Bearer {hris_token}")
        report = run_sync_hris(settings, api, date(2026, 3, 1))
    assert report.accepted > 0

    captured = capfd.readouterr()
    sources = [
        ("captured stdout", captured.out),
        ("captured stderr", captured.err),
        ("python logging", caplog.text),
        ("store log", seaweedfs_process(settings).log_path.read_text(encoding="utf-8", errors="replace")),
        *_prefect_texts(),
        *_lake_texts(lake),
        *_data_dir_texts(settings),
    ]
    assert any("hr_api" in text or "sync" in text for _, text in sources[:3])  # the logs were captured
    assert any(key.startswith("raw/hris/") for key, _ in sources)  # and the sync wrote the lake
    assert _leaks(_secrets(settings, hris_token), sources) == []


def test_every_listener_of_the_store_binds_loopback(settings: Settings) -> None:
    start_seaweedfs(settings)  # idempotent: already up when the module's first test ran
    pid = seaweedfs_process(settings).read_pid()
    assert pid is not None
    process = psutil.Process(pid)
    sockets = [
        s for p in (process, *process.children(recursive=True)) for s in p.net_connections(kind="inet")
    ]
    listening = [s for s in sockets if s.status == psutil.CONN_LISTEN or (s.type == 2 and s.laddr)]
    ports = {s.laddr.port for s in listening}
    store = settings.store
    expected = {store.s3_port, store.master_port, store.volume_port, store.filer_port}
    assert expected | {p + 10000 for p in expected} <= ports  # HTTP and gRPC of each component
    assert [f"{s.laddr.ip}:{s.laddr.port}" for s in listening if s.laddr.ip != "127.0.0.1"] == []


# --- a whole demo run on the processed hospital, down to the rendered dashboards ---------------------
class _Captured(logging.Handler):
    """Every stdlib log record (root, Prefect's and Streamlit's loggers) and everything written to
    stdout/stderr (structlog's output) while a module-scoped fixture runs: capfd is per test.

    The platform runs at DEBUG (its structlog events, Prefect's loggers); the root logger is lowered to
    DEBUG too, so third-party libraries' debug records are kept, apart: `texts()` holds what the platform's
    own configuration emits, `debug_texts()` everything."""

    def __init__(self, root_level: int) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.root_level = root_level  # the root logger's level before it was lowered
        self.records: list[tuple[bool, str]] = []  # (emitted as configured, line)
        self.stream = io.StringIO()

    def _as_configured(self, record: logging.LogRecord) -> bool:
        logger = logging.getLogger(record.name)
        while logger.level == logging.NOTSET and logger.parent is not None:
            logger = logger.parent
        return record.levelno >= (logger.level if logger.parent is not None else self.root_level)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((self._as_configured(record), self.format(record)))

    def extend(self, other: _Captured) -> None:
        self.records += other.records
        self.stream.write(other.stream.getvalue())

    def texts(self) -> Texts:
        return [
            ("captured stdout/stderr", self.stream.getvalue()),
            ("python logging", "\n".join(line for configured, line in self.records if configured)),
        ]

    def debug_texts(self) -> Texts:
        return [("python logging, every logger at DEBUG", "\n".join(line for _, line in self.records))]


class _Tee(io.TextIOBase):
    def __init__(self, *streams: TextIO) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


@contextlib.contextmanager
def _capturing() -> Iterator[_Captured]:
    loggers = [logging.getLogger(), logging.getLogger("prefect"), logging.getLogger("streamlit")]
    levels = [logger.level for logger in loggers]
    captured = _Captured(levels[0])
    for logger in loggers:
        logger.addHandler(captured)
    for logger in loggers[:2]:
        logger.setLevel(logging.DEBUG)
    tee_out, tee_err = _Tee(sys.stdout, captured.stream), _Tee(sys.stderr, captured.stream)
    try:
        with contextlib.redirect_stdout(tee_out), contextlib.redirect_stderr(tee_err):
            yield captured
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(captured)
            logger.setLevel(level)


@dataclasses.dataclass(frozen=True)
class DemoRun:
    store: Settings  # the session's store and the pipeline bucket (its data folder holds the services)
    settings: Settings  # the same bucket, with a data folder of its own: warehouse, dbt, users file
    hris_token: str
    passwords: dict[str, str]
    captured: _Captured
    hris_accepted: int
    marts: int


@pytest.fixture(scope="module")
def demo_run(
    pipeline_run: PipelineRun, prefect_harness: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoRun]:
    """After the pipeline: scores, an HRIS sync through the token-protected API, the marts, the users."""
    from flows.build_marts import run_build_marts
    from flows.score import run_score_interviews
    from flows.sync_hris import run_sync_hris

    store = pipeline_run.settings.model_copy(update={"log_level": "DEBUG", "log_format": "json"})
    data_dir = tmp_path_factory.mktemp("secrets-demo-data")
    copy_store_credentials(store, data_dir)
    settings = store.model_copy(update={"data_dir": data_dir})
    hris_token = secrets.token_urlsafe(32)
    hospital = pipeline_run.hospital.hr
    with _capturing() as captured, pytest.MonkeyPatch.context() as patch:
        configure_logging(store)
        for key, value in env_for(store).items():
            patch.setenv(key, value)
        scored = run_score_interviews()
        with (
            serve_hr_api(hospital.out_dir, hris_token) as server,
            HrisApiConnector(server.url, hris_token, page_size=50) as api,
        ):
            report = run_sync_hris(store, api, hospital.period_end + timedelta(days=1))
        build = run_build_marts(settings)
        passwords = ensure_users(users_path(settings))
    assert scored and passwords is not None
    yield DemoRun(store, settings, hris_token, passwords, captured, report.accepted, len(build.exported))


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _rendered(at: AppTest) -> str:
    """Everything the page sent to the browser: each element's message (markdown, captions, metrics,
    widgets, chart specs and data, media URLs) and each table's cells as CSV."""
    parts = [str(node.proto) for node in _walk(at._tree) if getattr(node, "proto", None) is not None]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [str(e.value) for e in at.exception]
    return "\n".join(parts)


def _presigned_urls(at: AppTest) -> list[str]:
    return [str(video.proto.url) for video in at.get("video")]


@dataclasses.dataclass(frozen=True)
class Rendered:
    pages: Texts  # ("<user> on <page>", rendered text)
    urls: list[str]
    exceptions: list[str]
    planted: str  # a display name that is not a secret of the run, rendered in the sidebar


@pytest.fixture(scope="module")
def rendered(demo_run: DemoRun) -> Iterator[Rendered]:
    from prefect.settings import get_current_settings

    env = {
        **env_for(demo_run.settings),
        "HIRELAKE_LANGUAGE": "en",
        "HIRELAKE_PREFECT__API_URL": str(get_current_settings().api.url),  # the flow runs page reads it
        "HIRELAKE_HRIS__API_URL": "http://127.0.0.1:9/hris/",  # configured as in production, token too
        "HIRELAKE_HRIS__TOKEN": demo_run.hris_token,
    }
    users = UserStore(users_path(demo_run.settings)).load()
    planted = "planted-" + secrets.token_urlsafe(24)
    pages: Texts = []
    urls: list[str] = []
    exceptions: list[str] = []
    with _capturing() as captured, pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        st.cache_data.clear()
        st.cache_resource.clear()
        # Sign in through the form once: the password is typed into the page.
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state["hl_language"] = "en"
        at.run()
        pages.append(("sign-in page", _rendered(at)))
        at.text_input(key="login_username").input("admin")
        at.text_input(key="login_password").input(demo_run.passwords["admin"])
        next(b for b in at.button if b.label == "Sign in").click().run()
        pages.append(("admin after sign-in", _rendered(at)))
        exceptions += [str(e.value) for e in at.exception]
        for spec in DEMO_USERS:
            for page in ROLE_PAGES[spec.role]:
                session = start_session(users[spec.username], 30)
                if spec.username == "data.engineer":
                    session = dataclasses.replace(session, display_name=planted)
                at = AppTest.from_file(str(APP), default_timeout=120)
                at.session_state["hl_session"] = session
                at.session_state["hl_language"] = "en"
                at.run()
                at.switch_page(f"app_pages/{page}.py").run()
                pages.append((f"{spec.username} on {page}", _rendered(at)))
                urls += _presigned_urls(at)
                exceptions += [f"{spec.username} on {page}: {e.value}" for e in at.exception]
        st.cache_data.clear()
        st.cache_resource.clear()
    demo_run.captured.extend(captured)
    yield Rendered(pages, urls, exceptions, planted)


@pytest.mark.slow
def test_the_demo_run_reached_every_page_of_every_role(demo_run: DemoRun, rendered: Rendered) -> None:
    assert demo_run.hris_accepted > 0 and demo_run.marts > 0
    assert rendered.exceptions == []
    expected = sum(len(ROLE_PAGES[u.role]) for u in DEMO_USERS) + 2
    assert len(rendered.pages) == expected and all(text for _, text in rendered.pages)
    assert rendered.urls  # the report page played a recording from a presigned URL


def _store_keys(demo_run: DemoRun) -> dict[str, str]:
    creds = store_credentials(demo_run.store)
    return {
        "reader access": creds.reader.access_key.get_secret_value(),
        "reader secret": creds.reader.secret_key.get_secret_value(),
        "admin access": creds.admin.access_key.get_secret_value(),
        "admin secret": creds.admin.secret_key.get_secret_value(),
    }


def _without_reader_credential(text: str, reader_access_key: str) -> str:
    """A presigned URL names the identity that signed it (the reader's access key, by design): that one
    place is not a leak; the reader's access key anywhere else still is."""
    return re.sub(
        rf"X-Amz-Credential={re.escape(reader_access_key)}(%2F|/)", r"X-Amz-Credential=reader\1", text
    )


def test_presigned_urls_are_signed_by_the_reader_and_carry_no_secret_key(
    demo_run: DemoRun, rendered: Rendered
) -> None:
    keys = _store_keys(demo_run)
    for url in rendered.urls:
        assert "X-Amz-Signature=" in url and f"X-Amz-Credential={keys['reader access']}%2F" in url
        assert keys["admin access"] not in url
        assert keys["reader secret"] not in url and keys["admin secret"] not in url
        assert _without_reader_credential(url, keys["reader access"]).count(keys["reader access"]) == 0


def _demo_run_texts(demo_run: DemoRun, rendered: Rendered) -> Texts:
    reader_access = _store_keys(demo_run)["reader access"]
    return [
        *((where, _without_reader_credential(text, reader_access)) for where, text in rendered.pages),
        *demo_run.captured.texts(),
        (
            "store log",
            seaweedfs_process(demo_run.store).log_path.read_text(encoding="utf-8", errors="replace"),
        ),
        ("dashboards users file", users_path(demo_run.settings).read_text(encoding="utf-8")),
        *_prefect_texts(),
        *_prefect_result_texts(),
        *_lake_texts(Lake(demo_run.store)),
        *_data_dir_texts(demo_run.store),  # the services' data folder: their logs, the store's files
        *_data_dir_texts(demo_run.settings),  # the demo's: warehouse, dbt target and logs
    ]


@pytest.mark.slow
def test_no_secret_in_rendered_pages_artifacts_logs_or_the_lake_of_a_demo_run(
    demo_run: DemoRun, rendered: Rendered
) -> None:
    sources = _demo_run_texts(demo_run, rendered)
    wheres = {where for where, _ in sources}
    assert {"dashboards users file", "store log"} <= wheres
    assert any(w.startswith("artifact hris-sync") for w in wheres)  # the flows' artifacts were read
    assert any(w.startswith("artifact") and "marts" in w for w in wheres)
    assert any("/dbt/" in w for w in wheres)  # and dbt's target and logs
    assert any("hris_sync_finished" in text for _, text in demo_run.captured.texts())  # logs captured
    secret_values = _secrets(demo_run.store, demo_run.hris_token, demo_run.passwords)
    leaks = _leaks(secret_values, sources)
    assert leaks == [], _leak_contexts(secret_values, sources)


@pytest.mark.slow
def test_third_party_debug_logs_carry_no_secret_either(demo_run: DemoRun, rendered: Rendered) -> None:
    secret_values = _secrets(demo_run.store, demo_run.hris_token, demo_run.passwords)
    sources = demo_run.captured.debug_texts()
    assert _leaks(secret_values, sources) == [], _leak_contexts(secret_values, sources)


def _canary_artifact(planted: str) -> None:
    from prefect import flow
    from prefect.artifacts import create_markdown_artifact

    @flow(name="secrets-canary")
    def canary() -> None:
        create_markdown_artifact(key="secrets-canary", markdown=f"canary {planted}", description="canary")

    canary()


@pytest.mark.slow
def test_the_search_finds_a_secret_planted_in_each_kind_of_place(
    demo_run: DemoRun, rendered: Rendered
) -> None:
    planted = "planted-" + secrets.token_urlsafe(24)
    lake = Lake(demo_run.store)
    canary = "tests/secrets-canary.json"
    lake.put_json(canary, {"note": f"not a secret of the run: {planted}"})
    _canary_artifact(planted)
    (demo_run.settings.data_dir / "logs").mkdir(exist_ok=True)
    (demo_run.settings.data_dir / "logs" / "canary.log").write_text(f"token={planted}\n", encoding="utf-8")
    try:
        with _capturing() as captured:
            get_logger("tests.secrets").info("canary", detail=planted)
        demo_run.captured.extend(captured)
        sources = _demo_run_texts(demo_run, rendered)
        found = _leaks({"planted": planted, "planted display name": rendered.planted}, sources)
    finally:
        lake.delete(canary)
    assert "planted display name in data.engineer on data_engineering" in found  # a rendered page
    for where in ("captured stdout/stderr", canary, "artifact secrets-canary", "canary.log"):
        assert any(f.startswith("planted in") and where in f for f in found), (where, found)
