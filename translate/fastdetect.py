"""langdetect's detector, faster: the same answers, bit for bit.

langdetect (the library the project detects with) cleans a paragraph and extracts its n-grams
character by character in Python, then, for each of hundreds of random draws, multiplies its 55
language probabilities by one n-gram's in a Python loop. `Detector` here overrides `append`,
`cleaning_text`, `_extract_ngrams` and `_detect_block` to compute the same values faster:

- text: `append` collapses runs of spaces and `cleaning_text` counts Latin and non-Latin
  characters with regular expressions instead of loops (the same text).
- n-grams: langdetect's n-gram buffer starts afresh after every space, so a text's n-grams are
  those of its space-separated words in turn. The text is normalised in one `str.translate`
  (`NGram.normalize` per distinct character, cached) and split on spaces; each word's n-grams,
  as rows of a numpy table of the profile, are cached (`_Rows`), so a known word costs one
  lookup. Only the last word, which no space follows, is worked out each time.
- draws: `random.choice(ngrams)` is `ngrams[k]`, k drawn by `Random._randbelow`:
  `getrandbits(len(ngrams).bit_length())` until below `len(ngrams)`. That is done inline, on
  the same generator, as many times as langdetect draws (with another generator class than
  `random.Random`, langdetect's own `_detect_block` runs).
- products: langdetect normalises and tests convergence after draws 0, 5, 10, ..., so draws
  come in chunks of 1, 5, 5, ...: a chunk's rows are gathered in one call, the weight added,
  and they are multiplied into the probabilities in draw order by one `np.multiply.reduce`
  down the chunk (((p * f1) * f2) ...: langdetect's IEEE products, in its order). The sum that
  normalises is Python's own `sum` over the same values in the same order; the quotients are
  element-wise; the convergence test compares the largest quotient with the threshold, found
  from the largest value (the values are >= 0 and division by their sum is monotonic), most of
  the time without a scan of all 55 (see `_detect_block`).

So every probability is langdetect's, and the generator ends where langdetect leaves it
(tests/test_fastdetect.py compares the two on many texts in many languages and settings, and
checks the `random` and numpy behaviour this relies on). On news paragraphs it runs about 3x
faster than langdetect (bench/bench_detect.py).

langdetect is pinned (1.0.9, its last release, 2021): the overrides are checked against that
version.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import threading
from collections.abc import Container

import numpy as np
from langdetect.detector import Detector as _Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

CHECK_EVERY = 5  # langdetect normalises and tests convergence when i % 5 == 0
WORDS_CACHED = 1 << 15  # words whose n-gram rows are kept (up to ~10 MB when full)

_SPACES = re.compile("  +")
_LATIN = re.compile("[A-z]")  # langdetect's "Latin": 'A' <= ch <= 'z' (the 6 signs in between too)
_NOT_LATIN = re.compile("[\u0300-\U0010ffff]")  # and its "non-Latin": ch >= U+0300 (see below)


class Detector(_Detector):  # type: ignore[misc]
    """A langdetect Detector with the same probabilities, computed faster."""

    text: str

    def append(self, text: str) -> None:
        """langdetect's: URLs and e-mail addresses out, Vietnamese normalised, the first
        `max_text_length` characters kept, with runs of spaces as one (a regex for its loop)."""
        text = NGram.normalize_vi(self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text)))
        self.text += _SPACES.sub(" ", text[: self.max_text_length])

    def cleaning_text(self) -> None:
        """langdetect's: text with over twice as many non-Latin characters as Latin loses its
        Latin ones. Counted with regexes; as in langdetect every character from U+0300 on is
        non-Latin (its exception for Latin Extended Additional compares the block's number with
        its name: never equal)."""
        non_latin = len(_NOT_LATIN.findall(self.text))
        if non_latin and len(_LATIN.findall(self.text)) * 2 < non_latin:
            self.text = _LATIN.sub("", self.text)

    def _detect_block(self) -> None:
        if type(self.random) is not random.Random:  # draws not known to be Random's: langdetect's
            super()._detect_block()
            return
        self.cleaning_text()
        langs = len(self.langlist)
        rows = _profile_rows(self.word_lang_prob_map, langs)
        drawable = rows.text_rows(self.text)  # the n-grams, as rows of rows.table
        if not drawable:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        table = rows.table  # taken after text_rows: it may have grown
        # random.choice(ngrams) is ngrams[Random._randbelow(size)], and _randbelow draws
        # getrandbits(size.bit_length()) until the number is below size: done here inline.
        size = len(drawable)
        bits = size.bit_length()
        getrandbits = self.random.getrandbits
        # block[0]: the probabilities; block[1 : k + 1]: the factors of a chunk of k draws.
        block = np.empty((1 + CHECK_EVERY, langs))
        probs = block[0]
        chunks = ((block[1:2], block[:2]), (block[1:], block))  # 1 draw, then CHECK_EVERY
        product = np.empty(langs)
        total = np.zeros(langs)
        # The convergence test, when the values are >= 0 (a prior and a weight >= 0: a profile's
        # probabilities are frequencies), mostly without a scan of them all: when one value
        # (`lead`) is over `share` of their sum, none of the others can be over the threshold,
        # so the largest is over it only if that one is.
        share = 1.0 - self.CONV_THRESHOLD + 1e-9  # 1e-9: far above the sum's rounding error
        lead = 0
        negative_prior = self.prior_map is not None and min(self.prior_map) < 0
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            probs[:] = self._first_probabilities()
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            any_sign = negative_prior or alpha < 0
            weight = np.array(alpha / self.BASE_FREQ)  # 0-d: numpy adds it without converting
            i = 0  # langdetect's index of the chunk's last draw: 0, 5, 10, ...
            factors, terms = chunks[0]
            while True:
                picked = []
                for _ in range(len(factors)):
                    r = getrandbits(bits)
                    while r >= size:
                        r = getrandbits(bits)
                    picked.append(drawable[r])
                # (positional arguments: numpy parses keywords in about the time it adds)
                table.take(picked, 0, factors, "clip")
                np.add(factors, weight, factors)  # weight + lang_prob_map[n-gram], per language
                np.multiply.reduce(terms, axis=0, out=product)  # ((p * f1) * f2) ..., in order
                values = product.tolist()
                norm = sum(values)  # Python's sum: langdetect's order and rounding
                if any_sign:  # langdetect's own test: the largest quotient, or 0
                    top = max([0.0] + [value / norm for value in values])
                else:  # / norm > 0 is monotonic: the largest value gives the largest quotient
                    top = values[lead]
                    if not top > share * norm:  # lead does not decide: the largest does, and leads
                        top = max(values)
                        lead = values.index(top)
                    top /= norm
                converged = top > self.CONV_THRESHOLD
                np.divide(product, norm, probs)
                if converged or i >= self.ITERATION_LIMIT:
                    break
                i += CHECK_EVERY
                factors, terms = chunks[1]
            total += probs / self.n_trial
        self.langprob = total.tolist()

    def _extract_ngrams(self) -> list[str]:
        """langdetect's n-gram extraction, word by word (the same n-grams in the same order)."""
        rows = _profile_rows(self.word_lang_prob_map, len(self.langlist))
        return [rows.ngrams[r] for r in rows.text_rows(self.text)]

    def _first_probabilities(self) -> list[float] | float:
        if self.prior_map is not None:
            return list(self.prior_map)
        return 1.0 / len(self.langlist)


class _Normalized(dict[int, str]):
    """Code point -> `NGram.normalize` of its character, for `str.translate`; filled on use."""

    def __missing__(self, code: int) -> str:
        normalized: str = NGram.normalize(chr(code))
        self[code] = normalized
        return normalized


_NORMALIZED = _Normalized()


def normalize(text: str) -> str:
    """`NGram.normalize` applied to every character of `text`."""
    return text.translate(_NORMALIZED)


def word_ngrams(spaced: str, known: Container[str]) -> list[str]:
    """The n-grams of `known` that langdetect's `NGram` yields for one word of normalised text.

    `spaced` is " " + the word, + " " when a space follows it (the buffer starts as, and restarts
    after, a space). langdetect's buffer holds the last three characters; at each character it
    yields the buffer's last 1, 2 and 3 characters (never " " alone), except inside a run of
    capitals ("ASEAN": from its second capital on, nothing).
    """
    found: list[str] = []
    for end in range(1, len(spaced)):
        if spaced[end].isupper() and spaced[end - 1].isupper():
            continue
        for n in range(1, min(end + 1, NGram.N_GRAM) + 1):
            gram = spaced[end + 1 - n : end + 1]
            if gram != " " and gram in known:
                found.append(gram)
    return found


class _Rows:
    """The profile's rows (n-gram -> its 55 language probabilities) as one numpy table, each row
    converted on the first use of its n-gram, and each word's n-grams as rows of that table."""

    def __init__(self, profile: dict[str, list[float]], langs: int) -> None:
        self.profile = profile
        self.index: dict[str, int] = {}  # n-gram -> its row
        self.ngrams: list[str] = []  # row -> its n-gram
        self.table = np.empty((1024, langs))
        self._adding = threading.Lock()  # a row is written before it is published in index
        self.word_rows = functools.lru_cache(maxsize=WORDS_CACHED)(self._word_rows)

    def text_rows(self, text: str) -> list[int]:
        """The rows of the n-grams langdetect extracts from `text`, in its order."""
        words = normalize(text).split(" ")
        last = words.pop()  # the only word no space follows
        found = list(itertools.chain.from_iterable(map(self.word_rows, words)))
        if last:
            found += self.rows(word_ngrams(" " + last, self.profile))
        return found

    def _word_rows(self, word: str) -> tuple[int, ...]:
        """The rows of `word`'s n-grams when a space follows it (none for "": two spaces)."""
        return self.rows(word_ngrams(" " + word + " ", self.profile)) if word else ()

    def rows(self, ngrams: list[str]) -> tuple[int, ...]:
        if any(gram not in self.index for gram in ngrams):
            with self._adding:
                for gram in ngrams:
                    if gram not in self.index:
                        self._add(gram)
        return tuple(map(self.index.__getitem__, ngrams))

    def _add(self, gram: str) -> None:
        row = len(self.ngrams)
        if row == len(self.table):
            rows = max(row + 1, min(2 * row, len(self.profile)))  # not beyond the profile's
            grown = np.empty((rows, self.table.shape[1]))
            grown[:row] = self.table
            self.table = grown
        self.table[row] = self.profile[gram]
        self.ngrams.append(gram)
        self.index[gram] = row


_rows: _Rows | None = None  # of the profile in use (translate.detect loads one per process)


def _profile_rows(profile: dict[str, list[float]], langs: int) -> _Rows:
    global _rows
    if _rows is None or _rows.profile is not profile:
        _rows = _Rows(profile, langs)
    return _rows
