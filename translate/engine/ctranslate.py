"""Run an installed Argos package with CTranslate2 + SentencePiece, batched.

This replaces `argostranslate.translate`, which imports stanza and torch and calls the model
about once per sentence. Every segment of a run goes through one `translate_batch` call per
model, sorted by length so that padding is small.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from translate.core import ModelInfo
from translate.engine.packages import InstalledPackage, validate_package_dir
from translate.errors import ModelError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (segments done, total)


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 4
    threads: int = 0  # 0: one translation worker per core
    max_batch_size: int = 32
    max_decoding_length: int = 256
    # Penalise the repetition loops en->zh models fall into; 1.0 disables it.
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0


def worker_threads(threads: int) -> int:
    # On small machines several single-threaded workers beat one multi-threaded one
    # (FIELD-NOTES: inter_threads=2, intra_threads=1 is fastest on two cores).
    return threads if threads > 0 else max(1, min(4, os.cpu_count() or 1))


class PackageTranslator:
    """One loaded package. Construct through `load()` so that each package loads once."""

    def __init__(self, pkg: InstalledPackage, opts: DecodeOptions) -> None:
        import ctranslate2
        import sentencepiece

        validate_package_dir(pkg.path)
        self.pkg = pkg
        self.opts = opts
        try:
            self._model = ctranslate2.Translator(
                str(pkg.path / "model"),
                device="cpu",
                compute_type="auto",
                inter_threads=worker_threads(opts.threads),
                intra_threads=1,
            )
            self._sp = sentencepiece.SentencePieceProcessor(
                model_file=str(pkg.path / "sentencepiece.model")
            )
        except (RuntimeError, OSError, ValueError) as exc:
            raise ModelError(
                f"{pkg.path}: the package cannot be loaded ({exc}); reinstall it with "
                f"`translate models install {pkg.from_code} {pkg.to_code}`"
            ) from exc

    @property
    def info(self) -> ModelInfo:
        p = self.pkg
        return ModelInfo(p.name, p.from_code, p.to_code, p.version, str(p.path), p.sample)

    @property
    def identity(self) -> dict[str, str]:
        """What names this package's weights (the memory keys outputs on it)."""
        p = self.pkg
        return {"name": p.name, "version": p.version, "from": p.from_code, "to": p.to_code}

    @property
    def output_options(self) -> dict[str, Any]:
        """Every option that changes what this package outputs (not threads or batching)."""
        options: dict[str, Any] = {
            "beam_size": self.opts.beam_size,
            "max_decoding_length": self.opts.max_decoding_length,
            "repetition_penalty": self.opts.repetition_penalty,
            "no_repeat_ngram_size": self.opts.no_repeat_ngram_size,
            "target_prefix": self.pkg.target_prefix,
        }
        options.update(self.pkg.decoding)
        return options

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate texts in one batched call; empty texts stay empty."""
        todo = [(i, t) for i, t in enumerate(texts) if t.strip()]
        out = [""] * len(texts)
        if not todo:
            return out
        tokens = [self._sp.encode(t, out_type=str) for _, t in todo]
        order = sorted(range(len(todo)), key=lambda k: len(tokens[k]))
        chunk = max(self.opts.max_batch_size * 4, 1)
        done = 0
        for lo in range(0, len(order), chunk):
            idx = order[lo : lo + chunk]
            hyps = self._decode([tokens[k] for k in idx])
            for k, hyp in zip(idx, hyps, strict=True):
                out[todo[k][0]] = hyp
            done += len(idx)
            if progress:
                progress(done, len(todo))
        return out

    def _decode(self, batch: list[list[str]]) -> list[str]:
        prefix = [[self.pkg.target_prefix]] * len(batch) if self.pkg.target_prefix else None
        kwargs: dict[str, Any] = {
            "beam_size": self.opts.beam_size,
            "max_batch_size": self.opts.max_batch_size,
            "batch_type": "examples",
            "max_decoding_length": self.opts.max_decoding_length,
            "replace_unknowns": True,
            "repetition_penalty": self.opts.repetition_penalty,
            "no_repeat_ngram_size": self.opts.no_repeat_ngram_size,
        }
        for key, value in self.pkg.decoding:  # what the package's author tuned it for
            kwargs[key] = int(value) if key == "no_repeat_ngram_size" else value
        results = self._model.translate_batch(batch, target_prefix=prefix, **kwargs)
        texts = []
        for res in results:
            pieces = list(res.hypotheses[0])
            if self.pkg.target_prefix and pieces[:1] == [self.pkg.target_prefix]:
                pieces = pieces[1:]
            texts.append(self._sp.decode(pieces))
        return texts


@cache
def _load(pkg: InstalledPackage, opts: DecodeOptions) -> PackageTranslator:
    return PackageTranslator(pkg, opts)


def load(pkg: InstalledPackage, opts: DecodeOptions) -> PackageTranslator:
    """A loaded package, cached for the process so a batch keeps its models warm."""
    return _load(pkg, opts)


class Route:
    """A chain of packages (direct, or pivoting through English)."""

    def __init__(self, packages: Sequence[InstalledPackage], opts: DecodeOptions) -> None:
        self.steps = [load(p, opts) for p in packages]

    @property
    def models(self) -> tuple[ModelInfo, ...]:
        return tuple(s.info for s in self.steps)

    @property
    def sample(self) -> bool:
        return any(s.pkg.sample for s in self.steps)

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        current = list(texts)
        for step in self.steps:
            current = step.translate(current, progress)
        return current
