"""The documents side of alignment: read and split both texts, check their languages, read an
MT file or ask the engine, pair the files of two folders, and align each pair.

All pairs of a command are translated in one batched call per direction, through the
translation memory (translate.translator), before any of them is aligned.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.align.aligner import Alignment, AlignOptions, align_sentences
from translate.core import Article, Detection, ModelInfo, Segment
from translate.errors import ModelError, TranslateError
from translate.glossary import Glossary
from translate.lang import base_lang

log = logging.getLogger(__name__)

SPLITS = ("auto", "lines")
LANGS = ("en", "zh")


class AlignError(TranslateError):
    """Two texts cannot be aligned as given (languages, MT file, folders)."""


@dataclass(frozen=True)
class Side:
    """One text of a pair, read, detected and split into sentences."""

    article: Article
    detection: Detection
    paragraphs: tuple[Detection, ...]
    sentences: tuple[Segment, ...]

    @property
    def lang(self) -> str:
        return self.detection.lang

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]


@dataclass(frozen=True)
class Pair:
    source: Side
    target: Side
    mt: tuple[str, ...] | None = None  # MT of each source sentence into the target's language
    mt_origin: str = ""  # the MT file, or "engine"


@dataclass(frozen=True)
class PairResult:
    pair: Pair
    alignment: Alignment
    notes: tuple[str, ...] = ()


def read_side(path: str, split: str, seed: int = 0) -> Side:
    """Read a text and split it: the project's segmenter (`auto`) or one sentence a line."""
    from translate.detect import detect_article
    from translate.reader import read_article
    from translate.segment import segment_article

    if split not in SPLITS:
        raise AlignError(f"--split {split}: choose auto or lines")
    article = read_article(path)
    detection, paragraphs = detect_article(article, seed=seed)
    if split == "lines":
        sentences = tuple(
            Segment(article.id, p.index, p.index, p.text, p.start, p.start + len(p.text), d.tag)
            for p, d in zip(article.paragraphs, paragraphs, strict=True)
        )
    else:
        sentences = segment_article(article, [d.tag for d in paragraphs])
    return Side(article, detection, tuple(paragraphs), sentences)


def check_languages(source: Side, target: Side) -> None:
    """An article and its translation: one English, one Chinese."""
    s, t = source.lang, target.lang
    for side, lang in ((source, s), (target, t)):
        if lang not in LANGS:
            raise AlignError(
                f"{side.article.path}: detected language {side.detection.tag}; "
                "align pairs an English text with a Chinese one"
            )
    if s == t:
        raise AlignError(
            f"{source.article.path} and {target.article.path} are both {source.detection.tag}; "
            "give an article and its translation (one English, one Chinese)"
        )


def read_mt(path: Path, source: Side, split: str) -> tuple[str, ...]:
    """An MT file: one line per source sentence, in order."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AlignError(f"{path}: no such MT file; check the --mt path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AlignError(f"{path}: cannot read the MT file ({exc}); save it as UTF-8") from None
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != len(source.sentences):
        raise AlignError(
            f"{path}: {len(lines)} lines, but {source.article.path} has "
            f"{len(source.sentences)} sentences (--split {split}); give one line of MT per "
            "source sentence, in order"
        )
    return tuple(line.strip() for line in lines)


def pair_folders(source: Path, target: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Files of two folders paired by name (the path under the folder, without its suffix).
    Returns the pairs and one line for each file left without a partner."""
    from translate.reader import collect_inputs

    def by_name(folder: Path) -> dict[str, str]:
        found: dict[str, str] = {}
        for path in collect_inputs([str(folder)]):
            key = str(Path(path).relative_to(folder).with_suffix("")).casefold()
            found.setdefault(key, path)
        return found

    left, right = by_name(source), by_name(target)
    pairs = [(left[k], right[k]) for k in sorted(left) if k in right]
    unpaired = [
        f"{left[k]}: no file of that name in {target}" for k in sorted(left) if k not in right
    ]
    unpaired += [
        f"{right[k]}: no file of that name in {source}" for k in sorted(right) if k not in left
    ]
    if not pairs:
        raise AlignError(
            f"{source} and {target}: no file names in common; name each translation like its "
            "article (story.txt and story.txt, or story.md)"
        )
    return pairs, unpaired


@dataclass(frozen=True)
class EngineMT:
    """MT produced by the engine for a command, and the models that made it."""

    models: tuple[ModelInfo, ...]
    notes: tuple[str, ...]


def engine_mt(
    pairs: Sequence[Pair], glossary: Glossary, tm_path: Path | None, beam: int = 4
) -> tuple[list[Pair], EngineMT]:
    """Fill in the MT of every pair without one: one batched call per direction. A direction
    with no installed model is left without MT (aligned on the model-free signals)."""
    from translate.engine.ctranslate import DecodeOptions
    from translate.tm import TranslationMemory, default_tm_path
    from translate.translator import Translator

    todo: dict[tuple[str, str], list[int]] = {}
    for k, pair in enumerate(pairs):
        if pair.mt is None:
            todo.setdefault((pair.source.lang, pair.target.detection.tag), []).append(k)
    out = list(pairs)
    if not todo:
        return out, EngineMT((), ())
    notes: list[str] = []
    with TranslationMemory(tm_path or default_tm_path()) as tm:
        translator = Translator(glossary, DecodeOptions(beam_size=beam), tm)
        for (src, dst), members in todo.items():
            texts = [t for k in members for t in pairs[k].source.texts]
            try:
                translated = translator.translate(texts, src, dst)
            except ModelError as exc:
                notes.append(f"no MT for {src}->{base_lang(dst)} ({exc}); aligned without MT")
                continue
            at = 0
            for k in members:
                size = len(pairs[k].source.sentences)
                mt = tuple(t.text for t in translated[at : at + size])
                out[k] = replace(pairs[k], mt=mt, mt_origin="engine")
                at += size
        models = translator.models
    if any(m.sample for m in models):
        notes.append(
            "MT from the project's SAMPLE model, which knows only the sample articles; "
            "outside them the alignment rests mostly on the model-free signals"
        )
    return out, EngineMT(models, tuple(notes))


def align_pair(pair: Pair, glossary: Glossary, options: AlignOptions | None = None) -> PairResult:
    alignment = align_sentences(
        pair.source.texts,
        pair.target.texts,
        pair.source.detection.tag,
        pair.target.detection.tag,
        mt=_comparable(pair.mt, pair.target) if pair.mt is not None else None,
        glossary=glossary,
        options=options,
    )
    note = f"signals: {', '.join(alignment.signals)}"
    return PairResult(pair, alignment, (note,))


def _comparable(mt: Sequence[str], target: Side) -> list[str]:
    """The MT in the target's script: models write Simplified, a target may be Traditional."""
    if target.lang == "zh" and target.detection.script == "Hant":
        from translate.lang import convert

        return [convert(t, "s2t") for t in mt]
    return list(mt)
