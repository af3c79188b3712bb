"""Run an installed Argos package with CTranslate2 + SentencePiece, batched.

This replaces `argostranslate.translate`, which imports stanza and torch and calls the model
about once per sentence. The texts of one call are sorted by length (little padding), cut into
batches and queued on CTranslate2's workers asynchronously, a few batches ahead of them: no
worker waits for another at the end of a chunk, and the caller stays responsive (Ctrl-C).

This is the one decoding loop of the project: the CLI, the benchmarks, the tests and the
sample-model build script all decode through `PackageTranslator`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from translate.core import ModelInfo, RunConfig
from translate.engine.packages import InstalledPackage, validate_package_dir
from translate.errors import ModelError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (segments done, total)

QUEUED_PER_WORKER = 2  # batches queued per worker: one running, one waiting
POLL_SECONDS = 0.02  # how often a waiting caller looks at its queued batches (ahead of the workers)


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 4
    threads: int = 0  # 0: one translation worker per core
    max_batch_size: int = 32
    max_decoding_length: int = 256
    # Penalise the repetition loops en->zh models fall into; 1.0 disables it.
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0

    @classmethod
    def from_config(cls, config: RunConfig, threads: int | None = None) -> DecodeOptions:
        """A run's decoding options; `threads` overrides the run's (a Ray actor's CPUs)."""
        return cls(
            beam_size=config.beam_size, threads=config.threads if threads is None else threads
        )


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

    @property
    def workers(self) -> int:
        return worker_threads(self.opts.threads)

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate texts; empty texts stay empty. The order of the texts, the batch size and
        the number of workers change how fast, never what comes out."""
        todo = [(i, t) for i, t in enumerate(texts) if t.strip()]
        out = [""] * len(texts)
        if not todo:
            return out
        tokens = [self._sp.encode(t, out_type=str) for _, t in todo]
        # Longest first: the short batches at the end even out the workers' finishing times.
        order = sorted(range(len(todo)), key=lambda k: -len(tokens[k]))
        batches = split_batches(order, self.opts.max_batch_size, self.workers)
        done = 0
        for number, hyps in self._decode([[tokens[k] for k in b] for b in batches]):
            for k, hyp in zip(batches[number], hyps, strict=True):
                out[todo[k][0]] = hyp
            done += len(hyps)
            if progress:
                progress(done, len(todo))
        return out

    def _decode(self, batches: list[list[list[str]]]) -> Iterator[tuple[int, list[str]]]:
        """(batch number, texts) as each batch is decoded. Batches are queued asynchronously,
        QUEUED_PER_WORKER per worker, so a worker that finishes always finds the next one;
        the caller polls, so a KeyboardInterrupt is raised at once (the batches already queued
        finish in the background, a few seconds at most)."""
        queued: dict[int, list[Any]] = {}
        ahead = QUEUED_PER_WORKER * self.workers
        submitted = 0
        while submitted < len(batches) or queued:
            while submitted < len(batches) and len(queued) < ahead:
                batch = batches[submitted]
                queued[submitted] = self._model.translate_batch(
                    batch, target_prefix=self._prefix(len(batch)), **self._options(len(batch))
                )
                submitted += 1
            ready = [n for n, results in queued.items() if all(r.done() for r in results)]
            if not ready:
                time.sleep(POLL_SECONDS)
                continue
            for n in ready:
                yield n, [self._text(r.result()) for r in queued.pop(n)]

    def _prefix(self, size: int) -> list[list[str]] | None:
        return [[self.pkg.target_prefix]] * size if self.pkg.target_prefix else None

    def _options(self, size: int) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "asynchronous": True,
            "beam_size": self.opts.beam_size,
            "max_batch_size": size,  # one job per batch: the batches are made here
            "batch_type": "examples",
            "max_decoding_length": self.opts.max_decoding_length,
            "replace_unknowns": True,
            "repetition_penalty": self.opts.repetition_penalty,
            "no_repeat_ngram_size": self.opts.no_repeat_ngram_size,
        }
        for key, value in self.pkg.decoding:  # what the package's author tuned it for
            kwargs[key] = int(value) if key == "no_repeat_ngram_size" else value
        return kwargs

    def _text(self, result: Any) -> str:
        pieces = list(result.hypotheses[0])
        if self.pkg.target_prefix and pieces[:1] == [self.pkg.target_prefix]:
            pieces = pieces[1:]
        return str(self._sp.decode(pieces))


def split_batches(order: Sequence[int], max_size: int, workers: int) -> list[list[int]]:
    """`order` cut into batches of at most `max_size`, their number a multiple of `workers`
    and their sizes within one of each other, so that the workers run out of work together."""
    n = len(order)
    count = -(-n // max(max_size, 1))
    count = min(n, -(-count // workers) * workers)
    base, extra = divmod(n, max(count, 1))
    batches, lo = [], 0
    for i in range(count):
        size = base + (i < extra)
        batches.append(list(order[lo : lo + size]))
        lo += size
    return batches


@cache
def _load(pkg: InstalledPackage, opts: DecodeOptions) -> PackageTranslator:
    return PackageTranslator(pkg, opts)


_LOADING = threading.Lock()  # one load at a time: a package being preloaded is waited for


def load(pkg: InstalledPackage, opts: DecodeOptions) -> PackageTranslator:
    """A loaded package, cached for the process so a batch keeps its models warm."""
    with _LOADING:
        return _load(pkg, opts)


def preload(packages: Sequence[InstalledPackage], opts: DecodeOptions) -> threading.Thread:
    """Load packages in the background (CTranslate2 reads a model without holding the GIL)
    while the caller reads and detects its first articles; `load` then finds them ready.
    A package that fails to load is left for `load` to report."""

    def run() -> None:
        for pkg in packages:
            try:
                load(pkg, opts)
            except Exception as exc:  # reported when the run itself loads it
                log.debug("preloading %s: %s", pkg.path, exc)

    thread = threading.Thread(target=run, name="preload-models", daemon=True)
    thread.start()
    return thread


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
