"""Hypothesis strategies for glossary entries, shared by the format and exchange tests."""

from __future__ import annotations

from hypothesis import strategies as st

from translate.core import Term

_SAFE = st.characters(
    categories=("L", "N", "P", "S", "Zs"), exclude_characters="|\t\n\r\x85\u2028\u2029"
)


def cells(markup: bool = False) -> st.SearchStrategy[str]:
    """One glossary cell: no tabs, line breaks or list separators; with `markup`, also the
    characters XML must escape."""
    alphabet = _SAFE | st.sampled_from("&<>\"'") if markup else _SAFE
    return st.text(alphabet=alphabet, min_size=1, max_size=10).map(str.strip)


@st.composite
def glossary_terms(
    draw: st.DrawFn, *, markup: bool = False, indexed: bool = False, max_terms: int = 5
) -> list[Term]:
    """A list of entries with unique ids. `indexed` makes every en and zh-Hans form unique
    (exchange formats key entries by their forms)."""
    cell = cells(markup)
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
            min_size=1,
            max_size=max_terms,
            unique=True,
        )
    )
    out = []
    for index, term_id in enumerate(ids):
        dnt = draw(st.booleans())
        suffix = f"{index}" if indexed else ""
        if indexed:
            zh_hans = "" if dnt else f"{draw(cell.filter(bool))}{suffix}"
        else:
            zh_hans = draw(cell) if dnt else draw(cell.filter(bool))
        regional = tuple(
            (v, draw(cell.filter(bool))) for v in ("zh-TW", "zh-HK", "zh-SG") if draw(st.booleans())
        )
        out.append(
            Term(
                id=term_id,
                en=f"{draw(cell.filter(bool))} {suffix}" if indexed else draw(cell.filter(bool)),
                zh_hans=zh_hans,
                zh_hant=draw(cell),
                aliases=tuple(draw(st.lists(cell.filter(bool), max_size=3))),
                zh_aliases=tuple(draw(st.lists(cell.filter(bool), max_size=3))),
                regional=regional,
                case=draw(st.sampled_from(["exact", "insensitive", "smart"])),
                plural=draw(st.booleans()),
                dnt=dnt,
                status=draw(st.sampled_from(["approved", "proposed", "deprecated"])),
                note=draw(cell),
                domain=draw(cell),
            )
        )
    return out
