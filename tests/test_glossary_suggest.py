"""Candidate extraction for `glossary suggest` (pure functions; renderings come from the engine)."""

from __future__ import annotations

from pathlib import Path

from translate.glossary import (
    COLUMNS,
    VERSION_LINE,
    extract_candidates,
    load_glossaries,
    parse_text,
    suggest_rows,
)

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "glossaries" / "newsroom.tsv"

ARTICLES = {
    "a1": "Prime Minister Anwar Ibrahim met the Asian Development Bank (ADB). The ADB agreed.",
    "a2": "The ADB and the World Bank spoke. Prime Minister Anwar Ibrahim said so.",
    "a3": "In Geneva, the World Bank and the Belt and Road Initiative were discussed. ASEAN and "
    "China met.",
}


def test_kinds_and_ranking_by_articles_then_count() -> None:
    found = [(c.form, c.kind, c.articles, c.count) for c in extract_candidates(ARTICLES)]
    assert found[:4] == [
        ("ADB", "acronym", 2, 3),
        ("Prime Minister Anwar Ibrahim", "title+name", 2, 2),
        ("World Bank", "name", 2, 2),
        ("Asian Development Bank", "name", 1, 1),
    ]
    forms = [form for form, *_ in found]
    assert "Belt and Road Initiative" in forms  # "and" inside a name
    assert "ASEAN and China" not in forms and "In Geneva" not in forms


def test_acronym_expansion_and_context() -> None:
    adb = next(c for c in extract_candidates(ARTICLES) if c.form == "ADB")
    assert adb.expansion == "Asian Development Bank"
    assert adb.contexts[0].startswith("…") and "(ADB)" in adb.contexts[0]


def test_title_inside_a_longer_name() -> None:
    found = extract_candidates({"x": "Malaysian Prime Minister Anwar Ibrahim spoke."})
    assert [(c.form, c.kind) for c in found] == [
        ("Prime Minister Anwar Ibrahim", "title+name"),  # titles first on a tie
        ("Malaysian Prime Minister Anwar Ibrahim", "name"),
    ]


def test_terms_the_glossary_covers_are_left_out() -> None:
    glossary = load_glossaries([NEWSROOM])
    seeds = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    forms = [c.form for c in extract_candidates(seeds, glossary)]
    assert "AI" in forms and "CEO" in forms
    for covered in (
        "ASEAN",
        "RCEP",
        "Kao Kim Hourn",
        "ASEAN Secretary-General Kao Kim Hourn",
        "Chinese President Xi Jinping",
        "CCPIT",
    ):
        assert covered not in forms


def test_rows_are_ready_to_paste() -> None:
    glossary = load_glossaries([NEWSROOM])
    candidates = extract_candidates(ARTICLES, glossary)[:3]
    assert [c.form for c in candidates] == ["ADB", "Prime Minister Anwar Ibrahim", "World Bank"]
    rows = suggest_rows(candidates, {"ADB": "亚行", "World Bank": "世界银行"}, glossary)
    lines = rows.splitlines()
    assert lines[1].startswith("# prime-minister-anwar-ibrahim\t")  # no rendering yet
    parsed = parse_text(VERSION_LINE + "\n" + "\t".join(COLUMNS) + "\n" + rows, "pasted.tsv")
    assert parsed.problems == ()
    adb, world = parsed.terms
    assert (world.id, world.en, world.zh_hans, world.status, world.case) == (
        "world-bank",
        "World Bank",
        "世界银行",
        "proposed",
        "smart",
    )
    assert (adb.case, adb.plural) == ("exact", True)
    assert "written out as 'Asian Development Bank'" in adb.note
