"""The translated article as plain text: `<article>.<lang>.txt`, what a desk pastes into its CMS.

One paragraph of the article per paragraph of text, in order, separated by a blank line; the
segments of a paragraph joined as the script wants them (no space between Chinese sentences, one
space between English ones). Nothing else: no scores, no flags, no markup.
"""

from __future__ import annotations

import unicodedata
from itertools import groupby

from translate.core import ArticleResult, RunResult
from translate.writers.base import WriteOptions


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def join_sentences(pieces: list[str]) -> str:
    """Sentences of one paragraph as running text: a space only between two non-CJK ends."""
    text = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if text and not (_wide(text[-1]) or _wide(piece[0])):
            text += " "
        text += piece
    return text


def article_text(article: ArticleResult) -> str:
    """The translated paragraphs in order, one blank line between them."""
    paragraphs = [
        join_sentences([seg.target for seg in segments])
        for _, segments in groupby(article.segments, key=lambda s: s.segment.paragraph)
    ]
    return "\n\n".join(p for p in paragraphs if p) + "\n"


class TextWriter:
    # "{lang}" is the article's target language tag (zh-Hans, zh-TW, en...): asean.zh-Hans.txt
    extension = "{lang}.txt"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        return article_text(article)


WRITER = TextWriter()
