"""Round-trip scores with sacrebleu: chrF (the sentence-level metric) and BLEU.

Chinese needs sacrebleu's "zh" tokenizer for BLEU; chrF works on characters and needs none.
Round-trip scores are a screening signal, not proof: they point an editor at what to read first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex


def bleu_tokenizer(lang: str) -> str:
    if lang.startswith("zh"):
        return "zh"
    if lang in ("ja", "ko"):
        return "char"
    return "13a"


@dataclass(frozen=True)
class Scores:
    chrf: float
    bleu: float


@cache
def _metrics(tokenizer: str) -> tuple[Any, Any]:
    """chrF and sentence BLEU (effective order) with BLEU's `tokenizer`."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    return CHRF(), BLEU(tokenize=tokenizer, effective_order=True)


def _corpus_bleu(lang: str) -> Any:
    from sacrebleu.metrics.bleu import BLEU

    return BLEU(tokenize=bleu_tokenizer(lang))


# A sentence pair's sacrebleu statistics (n-gram matches and counts, integers), kept for the
# sentences just scored: an article's corpus scores are sums of its sentences' statistics
# (what sacrebleu's corpus_score computes from the same statistics), so its sentences are not
# tokenized and counted a second time. Bounded: past that many, statistics are recomputed.
_STATS_KEPT = 1024
_CHRF = "chrf"  # chrF has no tokenizer: its statistics are the same in every language


@lru_cache(maxsize=_STATS_KEPT)
def _statistics(tokenizer: str, hypothesis: str, reference: str) -> tuple[int, ...]:
    """chrF's statistics (tokenizer _CHRF) or BLEU's with that tokenizer."""
    chrf, bleu = _metrics("13a" if tokenizer == _CHRF else tokenizer)
    scorer = chrf if tokenizer == _CHRF else bleu
    return tuple(scorer._extract_corpus_statistics([hypothesis], [[reference]])[0])


def _score(metric: Any, tokenizer: str, pairs: Sequence[tuple[str, str]]) -> float:
    """sacrebleu's score from the summed statistics of the pairs (hypothesis, reference)."""
    stats = [list(_statistics(tokenizer, hyp, ref)) for hyp, ref in pairs]
    return round(float(metric._aggregate_and_compute(stats).score), 2)


def sentence(hypothesis: str, reference: str, lang: str) -> Scores:
    """Scores of one back-translation against its source sentence (0..100): sacrebleu's
    sentence_score (BLEU with effective order)."""
    tokenizer = bleu_tokenizer(lang)
    chrf, bleu = _metrics(tokenizer)
    pair = [(hypothesis, reference)]
    return Scores(chrf=_score(chrf, _CHRF, pair), bleu=_score(bleu, tokenizer, pair))


def corpus(hypotheses: Sequence[str], references: Sequence[str], lang: str) -> Scores | None:
    """Corpus-level scores of an article (sacrebleu's corpus_score); None when there is
    nothing to score."""
    if not hypotheses:
        return None
    tokenizer = bleu_tokenizer(lang)
    chrf, _ = _metrics(tokenizer)
    pairs = list(zip(hypotheses, references, strict=True))
    return Scores(
        chrf=_score(chrf, _CHRF, pairs), bleu=_score(_corpus_bleu(lang), tokenizer, pairs)
    )


def signatures(lang: str) -> tuple[str, str]:
    """sacrebleu's own signatures (chrF, BLEU) so a number can be reproduced."""
    chrf, bleu = _metrics(bleu_tokenizer(lang))
    for metric in (chrf, bleu):  # sacrebleu knows the reference count only after a score
        metric.sentence_score("x", ["x"])
    return str(chrf.get_signature()), str(bleu.get_signature())


_NUMBER = regex.compile(r"\p{Nd}+(?:[.,]\p{Nd}+)*")


def numbers(text: str) -> list[str]:
    """Numbers written with digits, thousands separators removed ("1,000.5" -> "1000.5")."""
    found = []
    for m in _NUMBER.finditer(text):
        value = m.group()
        if regex.fullmatch(r"\p{Nd}{1,3}(?:,\p{Nd}{3})+(?:\.\p{Nd}+)?", value):
            value = value.replace(",", "")
        found.append(value)
    return found


def numbers_lost(source: str, back: str) -> list[str]:
    """Numbers of the source that the back-translation does not give back: a cheap check
    that catches a changed figure (480 -> 400) that chrF barely notices."""
    back_numbers = set(numbers(back))
    return [n for n in numbers(source) if n not in back_numbers and n.replace(",", "") not in back]


def numbers_added(source: str, back: str) -> list[str]:
    """Numbers of the back-translation that the source does not have: a figure the engine
    made up or changed (520 came back as 250)."""
    source_numbers = set(numbers(source))
    return [n for n in numbers(back) if n not in source_numbers and n not in source]


def release_caches() -> None:
    """Empty sacrebleu's tokenizer caches (each keeps up to 65,536 tokenized sentences): a
    batch calls this after each group of articles, so memory does not grow with the batch."""
    import sys

    _statistics.cache_clear()
    for name, module in list(sys.modules.items()):
        if not name.startswith("sacrebleu.tokenizers.") or module is None:
            continue
        for value in vars(module).values():
            if isinstance(value, type):
                clear = getattr(vars(value).get("__call__"), "cache_clear", None)
                if callable(clear):
                    clear()
