from __future__ import annotations

import pytest

from translate import score


def test_identical_sentence_scores_100() -> None:
    s = score.sentence(
        "ASEAN and China share a commitment.", "ASEAN and China share a commitment.", "en"
    )
    assert s.chrf == pytest.approx(100.0)
    assert s.bleu == pytest.approx(100.0)


def test_scores_drop_with_damage_and_stay_in_range() -> None:
    ref = "Kao Kim Hourn said that ASEAN has 480 million internet users."
    close = score.sentence("Kao Kim Hourn said ASEAN has 480 million internet users.", ref, "en")
    far = score.sentence("The weather is nice today.", ref, "en")
    assert 0 <= far.chrf < close.chrf < 100
    assert 0 <= far.bleu < close.bleu < 100


def test_short_sentence_bleu_uses_effective_order() -> None:
    # Without effective order a two-word exact match would score 0.
    assert score.sentence("Second, look.", "Second, look.", "en").bleu == pytest.approx(100.0)


def test_chinese_uses_zh_tokenizer() -> None:
    assert score.bleu_tokenizer("zh") == "zh"
    assert "tok:zh" in score.signatures("zh")[1]
    # With 13a, an unsegmented Chinese sentence is one token and a one-character change is 0.
    s = score.sentence("东盟秘书长高金洪表示", "东盟秘书长高金洪说", "zh")
    assert 0 < s.bleu < 100


def test_corpus_scores_and_signatures() -> None:
    c = score.corpus(["a b c d", "e f g h"], ["a b c d", "e f g x"], "en")
    assert c is not None and 0 < c.bleu < 100 and 0 < c.chrf < 100
    assert score.corpus([], [], "en") is None
    chrf_sig, bleu_sig = score.signatures("en")
    assert "version:" in chrf_sig and "tok:13a" in bleu_sig and "eff:yes" in bleu_sig


def test_numbers_lost_catches_changed_figures() -> None:
    src = "ASEAN has 480 million internet users and 1,000.5 km of rail since 1996."
    assert (
        score.numbers_lost(src, "ASEAN has 480 million users and 1000.5 km of rail since 1996.")
        == []
    )
    assert score.numbers_lost(src, "ASEAN has 400 million users and 1000.5 km since 196.") == [
        "480",
        "1996",
    ]
    assert score.numbers("US$982.3 and 5.5 billion, 2,025") == ["982.3", "5.5", "2025"]


def test_numbers_added_by_the_back_translation_are_caught() -> None:
    from translate.score import numbers_added, numbers_lost

    source = "Exports rose to 520 million dollars in 2024."
    back = "Exports rose to 250 million dollars in 2024."
    assert numbers_lost(source, back) == ["520"] and numbers_added(source, back) == ["250"]
    assert numbers_added("It rose.", "It rose 5% in 2024.") == ["5", "2024"]
    assert numbers_added("It cost 1,000 yuan.", "It cost 1000 yuan.") == []


def test_release_caches_empties_sacrebleus_tokenizer_caches() -> None:
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    from translate.score import release_caches, sentence

    sentence("Exports rose.", "Exports rose again.", "en")
    assert Tokenizer13a.__call__.cache_info().currsize > 0
    release_caches()
    assert Tokenizer13a.__call__.cache_info().currsize == 0


def test_the_release_after_each_group_empties_them_too() -> None:
    """translate.memory.release, called after every group (local and Ray), includes them."""
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    from translate import memory
    from translate.score import sentence

    sentence("Imports fell.", "Imports fell again.", "en")
    assert Tokenizer13a.__call__.cache_info().currsize > 0
    memory.release()
    assert Tokenizer13a.__call__.cache_info().currsize == 0


def _pairs() -> list[tuple[str, str, str]]:
    """(hypothesis, reference, language): damaged copies of seed sentences in three scripts."""
    from pathlib import Path

    root = Path(__file__).resolve().parent / "data"
    lines = (root / "seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for n, line in enumerate(lines):
        words = line.split()
        damaged = " ".join(words[: max(1, len(words) - n % 4)] + ["again"] * (n % 3))
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in line) else ("en", "ja")[n % 2]
        out.append((damaged, line, lang))
    out.append(("Second, look .", "Second, look.", "en"))  # a tokenized period: sacrebleu warns
    return out


def test_scores_are_sacrebleus_own() -> None:
    """Sentence and corpus scores, computed from statistics kept between the two, equal what
    sacrebleu's sentence_score and corpus_score give for the same texts."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    pairs = _pairs()
    assert len({lang for _, _, lang in pairs}) == 3
    for hyp, ref, lang in pairs:
        tok = score.bleu_tokenizer(lang)
        expected = score.Scores(
            chrf=round(CHRF().sentence_score(hyp, [ref]).score, 2),
            bleu=round(
                BLEU(tokenize=tok, effective_order=True).sentence_score(hyp, [ref]).score, 2
            ),
        )
        assert score.sentence(hyp, ref, lang) == expected, (hyp, ref, lang)
    for lang in ("en", "zh", "ja"):
        hyps, refs = [p[0] for p in pairs], [p[1] for p in pairs]
        tok = score.bleu_tokenizer(lang)
        expected = score.Scores(
            chrf=round(CHRF().corpus_score(hyps, [refs]).score, 2),
            bleu=round(BLEU(tokenize=tok).corpus_score(hyps, [refs]).score, 2),
        )
        assert score.corpus(hyps, refs, lang) == expected  # some kept, some recomputed
    assert len({score.sentence(h, r, lang) for h, r, lang in pairs}) > 20
    # too short for 3- and 4-grams: corpus BLEU has no effective order (0), sentence BLEU has
    assert score.sentence("Look.", "Look.", "en").bleu == 100.0
    assert score.corpus(["Look."], ["Look."], "en") == score.Scores(chrf=100.0, bleu=0.0)
