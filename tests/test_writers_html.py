"""HTML review pages without a browser: structure, flags, highlights, escaping, no network."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.writers_sample import SAMPLE_NOTE, one_segment_run, sample_run, select
from translate.core import RunResult
from translate.writers import WriteOptions, write_run
from translate.writers.html import WRITER, render_index

RUN = sample_run()


def _page(index: int, flag_below: float = 40.0) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(WRITER.render(RUN.articles[index], RUN, WriteOptions(flag_below)))


def _ids(page: lxml.html.HtmlElement, selector: str) -> list[str]:
    return [e.get("id") for e in select(page, selector)]


def _texts(element: lxml.html.HtmlElement, selector: str) -> list[str]:
    return [e.text_content() for e in select(element, selector)]


def test_one_row_per_segment_riskiest_first() -> None:
    page = _page(0)
    # s4: flagged, a term lost, far under the median; s5 under it; s6 carried over, last
    assert _ids(page, "tr.seg") == ["s4", "s5", "s2", "s3", "s1", "s6"]
    rows = {row.get("id"): row for row in select(page, "tr.seg")}
    assert [rows[f"s{i}"].get("data-rank") for i in range(1, 7)] == ["5", "3", "4", "1", "2", "6"]
    assert sorted(_texts(page, "td.src")) == sorted(
        s.segment.text for s in RUN.articles[0].segments
    )
    assert [r.get("data-index") for r in select(page, "tr.seg")] == ["3", "4", "1", "2", "0", "5"]
    head = select(page, "th[data-key]")[2]
    assert (head.get("data-key"), head.get("aria-sort")) == ("rank", "ascending")


def test_risk_cell_says_why() -> None:
    row = _page(0).get_element_by_id("s4")
    assert _texts(row, "td.risk .rank") == ["1"]
    assert _texts(row, "td.risk li") == [
        "chrF 28.4, 59% under the article's median 68.9",
        "flagged: term-lost",
        "term not rendered: RCEP",
    ]
    assert _texts(_page(0).get_element_by_id("s6"), "td.risk li") == ["carried over"]


def test_something_is_on_top_when_nothing_is_flagged() -> None:
    article = RUN.articles[0]
    calm = tuple(replace(s, flags=(), terms=()) for s in article.segments)
    run = replace(RUN, articles=(replace(article, segments=calm),))
    page = lxml.html.fromstring(WRITER.render(run.articles[0], run, WriteOptions(0)))
    assert not select(page, "tr.flagged")
    assert _ids(page, "tr.seg") == ["s4", "s5", "s2", "s3", "s1", "s6"]  # by chrF vs median


def test_weak_segments_are_flagged_by_the_threshold() -> None:
    assert _ids(_page(0), "tr.flagged") == ["s4"]
    assert _ids(_page(0, 60), "tr.flagged") == ["s4", "s5"]
    row = _page(0).get_element_by_id("s4")
    assert row.get("data-chrf") == "28.4" and row.get("data-review") == "1"
    assert _texts(row, ".badge") == ["low score", "term-lost"]
    assert _page(0).get_element_by_id("flag-count").text == "1 of 6 segments flagged"


def test_threshold_controls_and_filter() -> None:
    page = _page(0, 45)
    assert page.get_element_by_id("threshold").get("value") == "45"
    assert page.get_element_by_id("threshold-range").get("value") == "45"
    assert page.get_element_by_id("only-flagged").get("type") == "checkbox"
    assert [th.get("data-key") for th in select(page, "th[data-key]")] == ["index", "chrf", "rank"]


def test_terms_highlighted_on_both_sides_with_entry_and_outcome() -> None:
    row = _page(0).get_element_by_id("s4")
    source_marks = select(row, "td.src mark.term")
    assert [(m.text, m.get("data-term"), m.get("class")) for m in source_marks] == [
        ("RCEP", "rcep", "term lost"),
        ("Kao", "kao-kim-hourn", "term ok"),
    ]
    assert source_marks[0].get("title") == "rcep: RCEP \u2192 RCEP; did not come through (lost)"
    assert source_marks[1].get("title") == "kao-kim-hourn: Kao \u2192 高金洪; came through"
    target_marks = select(row, "td.tgt mark.term")
    assert [(m.text, m.get("data-term")) for m in target_marks] == [("高金洪", "kao-kim-hourn")]


def test_longer_target_form_is_not_split_by_a_shorter_one() -> None:
    row = _page(0).get_element_by_id("s2")
    marks = [(m.text, m.get("data-term")) for m in select(row, "td.tgt mark.term")]
    assert ("东盟秘书长", "asean-secretary-general") in marks
    assert ("东盟", "asean") in marks  # the later, free-standing 东盟


def test_carried_paragraph_is_marked() -> None:
    row = _page(0).get_element_by_id("s6")
    assert "carried" in row.get("class").split()
    assert "flagged" not in row.get("class").split()
    assert _texts(row, ".carried-badge") == ["carried over"]


def test_variant_and_simplified_column() -> None:
    page = _page(1)
    heads = _texts(page, "thead th")
    assert heads[:4] == ["#", "Source", "Chinese (zh-TW)", "Simplified (zh-Hans)"]
    assert select(page, "td.tgt")[0].get("lang") == "zh-TW"
    hans = select(page.get_element_by_id("s2"), "td.hans")[0].text_content()
    assert hans == RUN.articles[1].segments[1].target_hans
    assert "Simplified" not in _texts(_page(0), "thead")[0]


def test_article_text_is_escaped() -> None:
    html = WRITER.render(RUN.articles[1], RUN, WriteOptions())
    page = lxml.html.fromstring(html)
    assert _texts(page, "h1") == ["Quotes \"&\" <b>tags</b> & 'apostrophes'"]
    assert not select(page, "td b, h1 b, title b")  # no markup from article text
    assert "&lt;b&gt;H20&lt;/b&gt;" in html
    cell = select(page.get_element_by_id("s3"), "td.src")[0]
    assert _texts(cell, "span.ctrl") == ["U+0007", "U+001B"]


def test_notes_banner_and_signature_footer() -> None:
    page = _page(1)
    assert _texts(page, ".notes p") == [
        f"Note: {SAMPLE_NOTE}",
        "Note: Paragraph 3 holds control characters; they are shown as symbols.",
    ]
    footer = _texts(page, "footer")[0]
    for part in (
        "nrefs:1|case:mixed",
        "translate-en_zh-sample 0.1.0",
        "sample model",
        "s2twp",
        "glossaries/newsroom.tsv",
        "chrF below 40",
    ):
        assert part in footer


def test_static_inline_and_printable() -> None:
    html = WRITER.render(RUN.articles[0], RUN, WriteOptions())
    page = lxml.html.fromstring(html)
    assert not select(page, "*[src], link")  # nothing fetched
    hrefs = {a.get("href") for a in select(page, "a")}
    assert hrefs <= {"index.html"} | {f"#s{i}" for i in range(1, 7)}
    assert "@media print" in select(page, "style")[0].text
    assert not re.search(r"https?://", html)


def test_index_lists_articles(tmp_path: Path) -> None:
    write_run(RUN, tmp_path, ["html"])
    page = lxml.html.fromstring((tmp_path / "index.html").read_text(encoding="utf-8"))
    cells = [_texts(row, "td") for row in select(page, "tr.article")]
    assert cells[0] == [
        "ASEAN, China share mutually beneficial partnership: secretary-general",
        "seeds/asean-china.txt",
        "en (0.99)",
        "zh-Hans",
        "6",
        "1",
        "59.0",
        "28.4",
        "89%",
    ]
    assert cells[1][3:] == ["zh-TW", "4", "1", "60.9", "22.0", "100%"]
    links = [a.get("href") for a in select(page, "tr.article a")]
    assert links == ["asean-china.html", "nasty.html"]
    assert "seeds/broken.bin: binary file" in _texts(page, ".failures")[0]
    assert SAMPLE_NOTE in _texts(page, ".notes")[0]
    assert _texts(page, "footer h2") == ["Run signature"]


def test_index_page_renders_without_articles() -> None:
    empty = RunResult((), (), RUN.signature)
    page = lxml.html.fromstring(render_index(empty, WriteOptions()))
    assert select(page, "tr.article") == []


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_text_stays_text(source: str) -> None:
    run = one_segment_run(source, source)
    page = lxml.html.fromstring(WRITER.render(run.articles[0], run, WriteOptions()))
    cell = select(page, "td.src")[0]
    assert all(child.get("class") == "ctrl" for child in cell)
    expected = re.sub(
        r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]", lambda m: f"U+{ord(m[0]):04X}", source
    )
    assert cell.text_content() == expected


@pytest.mark.parametrize(("flag_below", "count"), [(0.0, 1), (100.0, 5)])
def test_threshold_extremes(flag_below: float, count: int) -> None:
    # term-lost keeps s4 flagged at 0; at 100 every scored segment is under the line
    assert len(select(_page(0, flag_below), "tr.flagged")) == count
