"""translate.align: bead shapes, edge cases, the beads format and vecalign's scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.align import Alignment, align_sentences
from translate.align.beads import format_beads, parse_beads, score
from translate.align.search import Band, band_around, upsample
from translate.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [
    tuple(line.split("\t"))
    for line in (ROOT / "sample_models" / "corpus" / "seed_pairs.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
]
# Long seed sentence pairs with distinct content, as filler around the bead under test.
FILLER = [p for p in PAIRS if len(p[0]) > 60][:12]


def _groups(items: list[str], count: int, front: bool) -> list[list[str]]:
    """`items` cut into `count` consecutive groups, the bigger groups first (or last)."""
    size, extra = divmod(len(items), count)
    sizes = [size + (k < extra if front else k >= count - extra) for k in range(count)]
    out, at = [], 0
    for s in sizes:
        out.append(items[at : at + s])
        at += s
    return out


def _doc(
    shape: tuple[int, int],
) -> tuple[list[str], list[str], list[str], tuple[list[int], list[int]]]:
    """Four 1-1 pairs, one bead of `shape`, four more 1-1 pairs. The bead is made of short
    seed pairs grouped differently on each side (2-2: sizes 2+1 against 1+2, so no smaller
    bead fits). The MT is the Chinese of each source group (a perfect MT)."""
    n, m = shape
    en: list[str] = []
    zh: list[str] = []
    mt: list[str] = []
    for e, z in FILLER[:4]:
        en.append(e)
        zh.append(z)
        mt.append(z)
    k = n + m - 1 if n > 1 and m > 1 else max(n, m)
    pairs = PAIRS[40 : 40 + k]
    gold = (list(range(len(en), len(en) + n)), list(range(len(zh), len(zh) + m)))
    if n:
        for group in _groups(list(range(k)), n, front=True):
            en.append(" ".join(pairs[i][0] for i in group))
            mt.append("".join(pairs[i][1] for i in group) if m else "")
    if m:
        for group in _groups(list(range(k)), m, front=False):
            zh.append("".join(pairs[i][1] for i in group))
    for e, z in FILLER[4:8]:
        en.append(e)
        zh.append(z)
        mt.append(z)
    return en, zh, mt, gold


SHAPES = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1)]


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{n}-{m}" for n, m in SHAPES])
def test_each_bead_shape_is_found(shape: tuple[int, int]) -> None:
    en, zh, mt, (src, tgt) = _doc(shape)
    result = align_sentences(en, zh, "en", "zh-Hans", mt=mt)
    links = result.links()
    assert (tuple(src), tuple(tgt)) in links, format_beads(links)
    ones = sum(1 for s, t in links if len(s) == 1 and len(t) == 1)
    assert ones == 8 + (shape == (1, 1))


def test_each_bead_shape_without_mt_keeps_the_one_to_one_pairs() -> None:
    en, zh, _, _ = _doc((2, 1))
    links = align_sentences(en, zh, "en", "zh-Hans").links()
    for k in range(4):
        assert ((k,), (k,)) in links


def test_empty_and_one_sentence_texts() -> None:
    assert align_sentences([], [], "en", "zh-Hans").beads == ()
    only_source = align_sentences(["One."], [], "en", "zh-Hans")
    assert only_source.links() == [((0,), ())]
    only_target = align_sentences([], ["一。", "二。"], "en", "zh-Hans")
    assert only_target.links() == [((), (0,)), ((), (1,))]
    one = align_sentences(["It will continue to grow."], ["它将继续增长。"], "en", "zh-Hans")
    assert one.links() == [((0,), (0,))]
    assert 0.0 <= one.beads[0].confidence <= 1.0


def test_an_unmatched_last_sentence_gets_its_neighbours_confidence() -> None:
    en, zh, mt, _ = _doc((1, 1))
    result = align_sentences([*en, "Photo: Reuters"], zh, "en", "zh-Hans", mt=[*mt, ""])
    assert result.links()[-1] == ((9,), ())
    assert result.beads[-1].confidence == min(b.confidence for b in result.beads[-3:-1])


def test_mt_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="1 MT sentences for 2 source sentences"):
        align_sentences(["a.", "b."], ["甲。"], "en", "zh-Hans", mt=["甲。"])


def test_signals_name_what_was_used() -> None:
    en, zh, mt, _ = _doc((1, 1))
    assert align_sentences(en, zh, "en", "zh-Hans", mt=mt).signals[0] == "mt-chrf"
    free = align_sentences(en, zh, "en", "zh-Hans")
    assert free.signals == ("length", "numbers", "latin-names", "quotes-brackets")


def test_chinese_source_aligns_with_english_target() -> None:
    en, zh, _, _ = _doc((1, 1))
    result = align_sentences(zh, en, "zh-Hans", "en", mt=en)
    assert result.links() == [((k,), (k,)) for k in range(9)]


def test_long_documents_go_through_the_coarse_levels() -> None:
    en = [e for e, _ in PAIRS] * 4
    zh = [z for _, z in PAIRS] * 4
    result = align_sentences(en, zh, "en", "zh-Hans", mt=zh)
    assert result.links() == [((k,), (k,)) for k in range(len(en))]


def test_band_follows_the_upsampled_path() -> None:
    band = band_around(upsample([(0, 1, 0, 1), (1, 1, 1, 2)], 4, 6), 4, 6, 1)
    assert isinstance(band, Band)
    assert band.lo.tolist() == [0, 0, 1, 3, 5]
    assert band.hi.tolist() == [2, 3, 5, 6, 6]


def test_beads_format_round_trip() -> None:
    links = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), ())]
    text = format_beads(links)
    assert text == "[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[]\n"
    assert parse_beads(text) == links
    assert parse_beads("[0]:[0]:0.25\n") == [((0,), (0,))]  # vecalign's score field


def test_bad_beads_line_names_the_line() -> None:
    with pytest.raises(InputError, match=r"gold.beads:2: not a bead"):
        parse_beads("[0]:[0]\nnonsense\n", "gold.beads")


def test_scores_follow_vecalign_definitions() -> None:
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,))]
    s = score([(gold, test)])
    # precision: 5 test beads, 3 exact (strict); [1]:[1] overlaps gold, [2]:[] does not (lax)
    assert s.precision_strict == pytest.approx(3 / 5)
    assert s.precision_lax == pytest.approx(4 / 5)
    # recall: gold beads without deletions (3), against test beads without deletions
    assert s.recall_strict == pytest.approx(2 / 3)
    assert s.recall_lax == pytest.approx(1.0)


def test_alignment_links_are_plain_tuples() -> None:
    result = Alignment((), ())
    assert result.links() == []
