"""The dashboards in a real browser: Debian's chromium driven by Playwright (no browser download).

`streamlit run` serves the app on 127.0.0.1 (through `apps.serve.serve_dashboards`); the test signs in
as an HR lead, opens a candidate report, checks the scores and that the video element plays its
presigned source, and saves a screenshot in the test's output folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from apps.serve import serve_dashboards, stop_dashboards
from hirelake.settings import Settings
from tests.dashboard_data import Dashboards, prepare_dashboards
from tests.helpers import free_ports

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright Python package is not installed (dev dependency)"
)


@pytest.fixture
def served(
    store_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Dashboards, str]]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium` (make system-deps does it)")
    dashboards = prepare_dashboards(
        store_settings, tmp_path_factory.mktemp("e2e-data"), bucket="dashboards-e2e"
    )
    settings = dashboards.settings.model_copy(update={"language": "en"})
    [port] = free_ports(1)
    process = serve_dashboards(settings, port)
    try:
        yield dashboards, f"http://127.0.0.1:{process.port}"
    finally:
        stop_dashboards(settings, port)


def test_an_hr_lead_opens_a_candidate_report_in_chromium(
    served: tuple[Dashboards, str], tmp_path: Path
) -> None:
    dashboards, url = served
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(url)
            page.get_by_label("User name").fill("hr.emergency")
            page.get_by_label("Password", exact=True).fill(dashboards.passwords["hr.emergency"])
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("link", name="Candidate report").click()
            metrics = page.get_by_test_id("stMetricValue")
            metrics.first.wait_for(timeout=30_000)
            assert metrics.nth(0).inner_text() == "68.0"
            assert metrics.nth(1).inner_text() == "Hold"
            video = page.locator("video").first
            video.wait_for(state="attached", timeout=30_000)
            page.wait_for_function(
                "() => { const v = document.querySelector('video');"
                " return v && v.readyState >= 1 && v.duration > 0; }",
                timeout=30_000,
            )
            source = video.evaluate(
                "v => ({src: v.currentSrc, webm: v.canPlayType('video/webm'), error: v.error})"
            )
            assert source["error"] is None and source["webm"] in {"maybe", "probably"}
            assert source["src"].startswith(f"{dashboards.settings.store.url}/dashboards-e2e/raw/media/")
            assert "X-Amz-Signature=" in source["src"]
            page.get_by_text("Knowledge", exact=True).first.wait_for()
            page.screenshot(path=str(tmp_path / "candidate-report.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "candidate-report.png").stat().st_size > 10_000
