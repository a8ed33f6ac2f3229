"""The web UI in a real browser: Playwright driving Debian's chromium against the real server.

Runs a search, opens a claim and checks its evidence and grade, visits every page, saves
screenshots to tests/web/screenshots/ (git-ignored), makes sure a hostile article cannot run
script, and opens the seed article's report offline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium "
        "(apt-get install chromium); skipped",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A page logged in as an editor; fails the test on any browser dialog or console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(f"{server.base}/")
    assert "/login" in page.url
    page.fill("input[name=token]", server.editor)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.base}/")
    page.problems = problems
    yield page
    context.close()
    assert not problems, problems


def shot(page: Any, folder: Path, name: str, full: bool = False) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


def test_search_then_claim_shows_evidence_and_grade(
    page: Any, server: Server, screenshots: Path
) -> None:
    page.fill("input[name=q]", "drones")
    page.select_option("select[name=certainty]", "reported")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#claim-results")
    assert "q=drones" in page.url
    links = page.locator("#claim-results a.claim-link", has_text="Belarus → Russia")
    assert links.count() >= 1
    shot(page, screenshots, "search")
    links.first.click()
    page.wait_for_selector("#evidence")
    assert "/claims/" in page.url
    assert "40 attack drones" in page.inner_text("#evidence blockquote")
    grade = page.inner_text("#grade h2 .grade")
    assert re.fullmatch(r"[A-F][1-6]", grade.strip())
    assert page.locator("#grade-reasons li").count() >= 1
    assert "military intelligence" in page.inner_text("#chain").lower()
    assert "belarus-denial.txt" in page.inner_text("#corroboration")
    shot(page, screenshots, "claim", full=True)


def test_every_page_renders(page: Any, server: Server, screenshots: Path) -> None:
    page.goto(f"{server.base}/documents")
    page.click("text=k9-estonia.txt")
    page.wait_for_selector("#doctext")
    assert page.locator("#doctext .removed").count() >= 1
    assert page.locator("#doctext a.ent").count() >= 5
    assert page.locator("#doctext a.claim-ref").count() >= 1
    shot(page, screenshots, "document")
    page.uncheck("input[data-layer=removed]")
    assert not page.locator("#doctext .removed").first.is_visible()
    page.goto(f"{server.base}/entities/country%3AEE")
    assert page.inner_text("h1").strip() == "Estonia"
    shot(page, screenshots, "entity")
    page.goto(f"{server.base}/timeline")
    assert page.locator("svg.timeline .tl-row").count() >= 3
    shot(page, screenshots, "timeline")
    page.goto(f"{server.base}/graph")
    assert page.locator("svg.network g.node").count() >= 4
    shot(page, screenshots, "graph")
    page.goto(f"{server.base}/sources")
    assert page.locator("#sources tbody tr").count() >= 3
    shot(page, screenshots, "sources")
    page.goto(f"{server.base}/api-docs")
    assert page.locator("td.mono", has_text="/api/search").count() == 1
    shot(page, screenshots, "api-docs")
    page.goto(f"{server.base}/upload")
    assert page.locator("input[type=file]").count() == 1
    shot(page, screenshots, "upload")


def test_login_page(browser: Any, server: Server, screenshots: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 600})
    page = context.new_page()
    page.goto(f"{server.base}/claims/x")
    assert "/login?next=" in page.url
    page.fill("input[name=token]", "cg_wrong_token")
    page.click("button[type=submit]")
    assert page.inner_text(".error") == "That token is not valid."
    shot(page, screenshots, "login")
    context.close()


INJECTED = (
    "script:not([src='/static/app.js']), iframe, object, embed, body style, "
    "[onerror], [onload], [onmouseover], a[href^='javascript:'], svg [onload]"
)


def assert_inert(page: Any) -> None:
    """Nothing from the hostile article became markup or ran."""
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(INJECTED).count() == 0
    assert page.locator("body").evaluate("b => getComputedStyle(b).display") != "none"


def test_hostile_article_cannot_run_script(page: Any, server: Server, screenshots: Path) -> None:
    page.goto(f"{server.base}/?q=Nigeria")
    page.wait_for_selector("#claim-results")
    assert_inert(page)
    page.goto(f"{server.base}/documents")
    page.click("text=hostile.txt")
    page.wait_for_selector("#doctext")
    assert_inert(page)
    text = page.inner_text("#doctext")
    assert '<script>window.__pwned = 1; alert("pwned")</script>' in text
    assert "onerror=" in text and "javascript:alert(6)" in text
    shot(page, screenshots, "hostile-document")
    hrefs = [link.get_attribute("href") for link in page.locator(".side-claims a").all()]
    assert hrefs
    for href in hrefs[:6]:
        page.goto(f"{server.base}{href}")
        assert_inert(page)
    shot(page, screenshots, "hostile-claim")
    page.goto(f"{server.base}/entities/country%3ANG")
    assert_inert(page)
    page.goto(f"{server.base}/api/report?format=html&query=Nigeria")
    assert_inert(page)
    page.wait_for_timeout(300)  # give any stray handler a chance to fire
    assert not page.problems


def test_seed_report_opens_offline(browser: Any, tmp_path: Path, screenshots: Path) -> None:
    import os

    from click.testing import CliRunner

    from claimgraph.cli import main

    env = os.environ.get("CLAIMGRAPH_SHARED")
    shared = Path(env) if env else Path(__file__).resolve().parents[2] / "../shared"
    article = shared / "examples" / "seed-article" / "article.txt"
    if not article.is_file():
        pytest.skip("../shared (seed article) is not available")
    db, out = tmp_path / "seed.db", tmp_path / "seed-report.html"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(article), "--db", str(db)]).exit_code == 0
    result = runner.invoke(main, ["report", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(out.as_uri())
    assert [u for u in requests if not u.startswith("file:")] == []
    transfers = page.inner_text("#transfers")
    assert "light amphibious assault vehicle" in transfers and "37" in transfers
    assert page.locator("#timeline svg .tl-row").count() >= 3
    assert page.locator("#network svg g.node").count() >= 4
    assert page.locator("#network svg text", has_text="Russia").count() >= 1
    for section in ("header", "#judgements", "#timeline", "#network", "#transfers", "#sources"):
        box = page.locator(section).first.bounding_box()
        assert box and box["height"] > 40, section
        page.locator(section).first.screenshot(
            path=str(screenshots / f"report-{section.strip('#')}.png")
        )
    context.close()
