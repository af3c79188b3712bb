"""The review pages in a real headless browser (Debian's chromium), loaded from disk.

Checks the DOM after the inline script ran (rows, flags, highlights, the threshold, filter and
sort read from the address), keeps a screenshot in tests/artifacts/ and docs/review-page.png
(the README's picture), and prints the page to PDF to exercise the print styles.
Skips only where chromium is not installed.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import lxml.html
import pytest

from tests.writers_sample import sample_run, select
from translate.writers import write_run

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS_SHOT = ROOT / "docs" / "review-page.png"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="chromium is not installed (apt-get install chromium); "
        "the review page is tested in a real browser only where one is",
    ),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no network, even by mistake
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("aligned")
    write_run(sample_run(), out, ["html"])
    return out


def chromium(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run chromium with a fresh profile and home folder; fail with its stderr if it fails."""
    home.mkdir(parents=True, exist_ok=True)
    profile = home / f"profile-{len(list(home.iterdir()))}"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def dom(tmp_path: Path, page: Path, fragment: str = "") -> lxml.html.HtmlElement:
    url = page.as_uri() + (f"#{fragment}" if fragment else "")
    result = chromium(tmp_path / "home", "--virtual-time-budget=3000", "--dump-dom", url)
    return lxml.html.fromstring(result.stdout)


def _ids(page: lxml.html.HtmlElement, selector: str) -> list[str]:
    return [e.get("id") for e in select(page, selector)]


def test_rows_flags_and_highlights_after_scripts_ran(site: Path, tmp_path: Path) -> None:
    page = dom(tmp_path, site / "asean-china.html")
    assert page.get("data-ready") == "1" and "js" in page.get("class").split()
    assert _ids(page, "tr.seg") == ["s4", "s5", "s2", "s3", "s1", "s6"]  # riskiest first
    assert _ids(page, "tr.flagged") == ["s4"]
    assert page.get_element_by_id("flag-count").text == "1 of 6 segments flagged"
    row = page.get_element_by_id("s4")
    assert [(m.text, m.get("class")) for m in select(row, "td.src mark")] == [
        ("RCEP", "term lost"),
        ("Kao", "term ok"),
    ]
    assert [m.text for m in select(row, "td.tgt mark")] == ["高金洪"]
    assert "came through" in select(row, "td.src mark")[1].get("title")
    assert "carried" in page.get_element_by_id("s6").get("class").split()


def test_threshold_filter_and_sort_from_the_address(site: Path, tmp_path: Path) -> None:
    page = dom(tmp_path, site / "asean-china.html", "below=60&only=flagged&sort=chrf")
    assert "only-flagged" in page.get("class").split()
    assert _ids(page, "tr.flagged") == ["s4", "s5"]
    assert page.get_element_by_id("flag-count").text == "2 of 6 segments flagged"
    assert _ids(page, "tr.seg") == ["s4", "s5", "s2", "s3", "s1", "s6"]  # unscored last
    assert page.get_element_by_id("threshold").get("value") is not None
    chrf_head, risk_head = select(page, "th[data-key]")[1:3]
    assert chrf_head.get("aria-sort") == "ascending" and risk_head.get("aria-sort") == "none"


def test_article_order_from_the_address(site: Path, tmp_path: Path) -> None:
    page = dom(tmp_path, site / "asean-china.html", "sort=index")
    assert _ids(page, "tr.seg") == ["s1", "s2", "s3", "s4", "s5", "s6"]


def test_article_text_stays_text_in_the_browser(site: Path, tmp_path: Path) -> None:
    page = dom(tmp_path, site / "nasty.html")
    assert [h.text_content() for h in select(page, "h1")] == [
        "Quotes \"&\" <b>tags</b> & 'apostrophes'"
    ]
    assert not select(page, "td b, h1 b")
    assert [s.text for s in select(page.get_element_by_id("s3"), "td.src span.ctrl")] == [
        "U+0007",
        "U+001B",
    ]
    assert len(select(page, "td.hans")) == 4


def test_index_lists_and_links_articles(site: Path, tmp_path: Path) -> None:
    page = dom(tmp_path, site / "index.html", "sort=lowest")
    links = [a.get("href") for a in select(page, "tr.article a")]
    assert links == ["nasty.html", "asean-china.html"]  # lowest score 22.0 before 28.4


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def test_screenshot_for_the_readme(site: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "review-page.png"
    shot.unlink(missing_ok=True)
    page = (site / "asean-china.html").as_uri()
    chromium(
        tmp_path / "home",
        "--window-size=1400,900",
        "--virtual-time-budget=3000",
        f"--screenshot={shot}",
        page,
    )
    assert _png_size(shot) == (1400, 900)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


@pytest.fixture(scope="module")
def seeds_site(sample_models: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review pages of a real run over seeds/ with the sample packages (through the
    command, so the test follows the pipeline wherever its insides go)."""
    from typer.testing import CliRunner

    from translate.cli import app

    out = tmp_path_factory.mktemp("seeds-site")
    glossary = str(ROOT / "glossaries" / "newsroom.tsv")
    args = ["run", str(ROOT / "seeds"), "-o", str(out), "--glossary", glossary, "--no-tm"]
    result = CliRunner().invoke(app, [*args, "--format", "html,jsonl", "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_real_run_page_and_readme_screenshot(seeds_site: Path, tmp_path: Path) -> None:
    """The page of a real run: one row per segment, flags where the data says, terms marked.
    With UPDATE_SCREENSHOT=1 (and a Chinese font) its screenshot becomes docs/review-page.png."""
    import json

    name = "asean-sg-five-strategic-areas-2025-06-20"
    rows = [json.loads(x) for x in (seeds_site / f"{name}.jsonl").read_text().splitlines()]
    page = dom(tmp_path, seeds_site / f"{name}.html")
    body_rows = select(page, "tbody tr")
    assert len(body_rows) == len(rows)
    text = page.text_content()
    assert "SAMPLE" in text and rows[2]["target"] in text
    assert len(select(page, "mark")) >= sum(len(r["terms"]) for r in rows)
    shot = ARTIFACTS / "review-page-seeds.png"
    ARTIFACTS.mkdir(exist_ok=True)
    chromium(
        tmp_path / "home",
        "--window-size=1400,900",
        "--virtual-time-budget=3000",
        f"--screenshot={shot}",
        (seeds_site / f"{name}.html").as_uri(),
    )
    assert _png_size(shot) == (1400, 900)
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        if not _has_chinese_font():
            pytest.fail("no Chinese font (apt-get install fonts-wqy-microhei) for the screenshot")
        shutil.copyfile(shot, DOCS_SHOT)


def test_prints_to_pdf(site: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "review-page.pdf"
    pdf.unlink(missing_ok=True)
    chromium(
        tmp_path / "home",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        (site / "asean-china.html").as_uri(),
    )
    assert pdf.read_bytes()[:5] == b"%PDF-"
