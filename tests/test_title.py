"""article_title: the first line that is not scraped page furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate.title import TITLE_COLUMNS, article_title, is_boilerplate

ROOT = Path(__file__).resolve().parent.parent


def test_the_scraped_seed_article_gets_its_headline() -> None:
    text = (ROOT / "seeds" / "asean-china-partnership-and-nvidia-2025-03-22.txt").read_text(
        encoding="utf-8"
    )
    assert article_title(text.split("\n\n")) == (
        "ASEAN, China share mutually beneficial partnership: secretary-general"
    )


def test_a_clean_article_keeps_its_first_line() -> None:
    text = (ROOT / "seeds" / "asean-sg-five-strategic-areas-2025-06-20.txt").read_text(
        encoding="utf-8"
    )
    assert article_title(text.split("\n\n")) == (
        "ASEAN Secretary-General: Five Strategic Areas Will Reshape the Future of ASEAN-China "
        "Relations"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Skip to Content Facebook Feature Image",
        "Skip to main content",
        "Menu | Search | Sign in",
        "Home > News > Asia",
        "Share | Tweet | WhatsApp | Copy link",
        "China",
        "2025-03-22 00:48 Last Updated At:02:17",
        "Published at Jun 20, 2025 04:22 pm",
        "20 June 2025, 10:30 AM SGT",
        "By Jane Doe",
        "Photo: Xinhua",
        "https://www.example.com/news/asean",
        "跳到主要内容",
        "分享到：微信 微博 QQ空间",
        "2025年6月20日 10:30 来源：新华社",
        "责任编辑：王五",
        "— · —",
    ],
)
def test_page_furniture_is_skipped(line: str) -> None:
    assert is_boilerplate(line)
    assert article_title([line, "Real headline here"]) == "Real headline here"


@pytest.mark.parametrize(
    "line",
    [
        "ASEAN",
        "By the numbers: ASEAN trade in 2024",
        "Bystanders flee as floods hit Jakarta",
        "G20 summit opens at 10 am",
        "Share prices fall in Singapore",
        "China and ASEAN sign upgraded free trade pact",
        "中国与东盟签署自贸区3.0版升级议定书",
        "東協秘書長：五大戰略領域將重塑東協與中國關係",
    ],
)
def test_headlines_are_kept(line: str) -> None:
    assert not is_boilerplate(line)
    assert article_title(["Skip to Content", line]) == line


def test_lines_within_a_paragraph_count_and_spaces_are_tidied() -> None:
    paragraph = "Skip to Content\nFacebook\nFeature Image\n  ASEAN   and China \nbody"
    assert article_title([paragraph]) == "ASEAN and China"


def test_only_furniture_gives_the_first_line_and_nothing_gives_nothing() -> None:
    assert article_title(["", "Menu", "Share"]) == "Menu"
    assert article_title([]) == ""
    assert article_title(["  ", "\n"]) == ""


def test_a_long_first_line_is_cut_at_a_word() -> None:
    body = "ASEAN and China share a common commitment to their partnership, " * 4
    title = article_title([body])
    assert title.endswith("\u2026") and len(title) <= TITLE_COLUMNS + 1
    assert body.startswith(title[:-1])
    chinese = article_title(["东盟" * 100])
    assert chinese == "东盟" * 30 + "\u2026"  # 60 wide characters are 120 columns


@given(st.lists(st.text(max_size=80), max_size=6))
def test_the_title_comes_from_the_text(paragraphs: list[str]) -> None:
    title = article_title(paragraphs)
    words = " ".join(" ".join(p.split()) for p in paragraphs)
    assert title.removesuffix("\u2026") in words or not title
    assert bool(title) == any(p.strip() for p in paragraphs)
