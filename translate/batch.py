"""A batch run over many articles that survives interruption and keeps memory flat.

Articles are read and prepared one by one, in a thread that stays one group ahead
(`translate.ahead`), and go through the models in bounded groups (many articles per batched
model call, at most `RunConfig.group_segments` segments). A group decoded is scored and
written in another thread while the next group is decoded: each article's files atomically,
then its record (see `translate.outdir`); the batch records the group (counts, memory) before
it hands over the next one, and waits for the last one before it returns. A re-run skips
articles whose record is current and redoes the rest; Ctrl-C keeps every finished article
(the group being written is finished first). run.json and index.html are rebuilt at the end
from the records of every article in the folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from translate import __version__, memory, score, strategy
from translate.ahead import Ahead, Behind
from translate.core import (
    Article,
    ArticleResult,
    Failure,
    ModelInfo,
    RunConfig,
    RunResult,
    RunSignature,
    TermStats,
)
from translate.engine import packages
from translate.engine.ctranslate import DecodeOptions, preload, worker_threads
from translate.errors import InputError, ModelError, TranslateError
from translate.executors import LOCAL, Executor
from translate.glossary import Glossary, load_glossaries
from translate.lang import base_lang, opencc_config
from translate.outdir import (
    Record,
    assign_ids,
    brief,
    complete,
    load_records,
    output_names,
    prepare_folder,
    remove_record,
    write_record,
)
from translate.pipeline import (
    SAMPLE_NOTE,
    Decoded,
    GroupResult,
    Prepared,
    decode_group,
    prepare,
    target_tag,
)
from translate.tm import TranslationMemory, Unit
from translate.translator import MemoEngine, Translator
from translate.writers import atomic, file_name, get_writers, resolve_formats
from translate.writers.base import WriteOptions

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (articles finished, total)
_DIRECT_READ_LIMIT = 32 * 1024 * 1024  # bigger files go through the reader's own checks


@dataclass(frozen=True)
class BatchStats:
    articles_total: int = 0
    articles_done: int = 0  # translated (again) in this run
    articles_up_to_date: int = 0  # skipped: their outputs were current
    articles_failed: int = 0
    segments_translated: int = 0  # sent to a model in this run
    segments_from_tm: int = 0  # target reused from the translation memory
    segments_flagged: int = 0  # in the articles done in this run

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "articles_total"}


@dataclass(frozen=True)
class BatchResult:
    stats: BatchStats
    failures: tuple[Failure, ...]
    written: tuple[Path, ...]
    notes: tuple[str, ...]
    interrupted: bool
    articles: tuple[Mapping[str, Any], ...]  # summaries of this run's articles (done or current)


@dataclass(frozen=True)
class _Input:
    """One input read: failed (`error`), prepared, or neither: its outputs are up to date."""

    path: str
    aid: str
    digest: str = ""
    prepared: Prepared | None = None
    error: str | None = None


def _weight(item: _Input) -> int:
    """What an input read ahead counts against the read-ahead limit: its segments."""
    return len(item.prepared.segments) if item.prepared is not None else 0


@dataclass(frozen=True)
class _Job:
    """A group for the writer thread, with what it needs taken from the batch beforehand."""

    work: Decoded | GroupResult  # decoded here (to be scored), or finished by another process
    signature: RunSignature
    models: Mapping[str, Sequence[ModelInfo]] | None  # per article, from another process
    engines: Mapping[tuple[str, str], MemoEngine]  # the translator's, when the group was decoded
    digests: Mapping[str, str]  # article id -> input hash
    stale: tuple[str, ...]  # articles whose old record goes before their new files are written


@dataclass(frozen=True)
class _Written:
    """A group scored and written by the writer thread: what the batch records."""

    result: GroupResult
    records: tuple[Record, ...]  # each with the names of the files written
    timings: Mapping[str, float]


@dataclass
class _State:
    """What the batch has done so far (internal; the loop's only mutable state)."""

    stats: BatchStats = field(default_factory=BatchStats)
    failures: list[Failure] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    summaries: list[Mapping[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def add(self, **counts: int) -> None:
        values = asdict(self.stats)
        for key, value in counts.items():
            values[key] += value
        self.stats = BatchStats(**values)

    def timed(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now


class Batch:
    """One `translate run`: options, glossary, memory and output folder, checked up front."""

    def __init__(
        self,
        config: RunConfig,
        out_dir: Path,
        tm: TranslationMemory,
        progress: Progress | None = None,
        executor: Executor = LOCAL,
    ) -> None:
        opencc_config(config.variant)  # a bad variant fails before any work
        memory.limit_arenas()
        self.config = config
        self.executor = executor
        self.out_dir = out_dir
        self.progress = progress
        self.formats = resolve_formats(config.formats)
        self.writers = [w for name in self.formats for w in get_writers(name)]
        tag = target_tag(config)
        self.extensions = [w.extension.format(lang=tag) for w in self.writers]
        self.glossary: Glossary = load_glossaries(list(config.glossary_paths))
        self.translator = Translator(self.glossary, DecodeOptions.from_config(config), tm)
        self.tm = tm
        self.options_key = _options_key(config, self.glossary, tm)
        self.write_options = WriteOptions(flag_below=config.flag_below)
        prepare_folder(out_dir)  # writable, stale temporary files removed
        # Brief records: what skipping and the --json summary need; the whole summaries are
        # read again from the folder when run.json is written (memory stays flat).
        self.records = {aid: brief(r) for aid, r in load_records(out_dir).items()}
        self.state = _State()
        self._digests: dict[str, str] = {}  # article id -> input hash, until it is written
        self._probed = False  # the models' glossary strategies are chosen (translate.strategy)
        # run.json: how the run was executed, and strategies chosen in other processes (Ray)
        self.executor_record: dict[str, Any] = {"name": executor.name}
        self.strategies: list[dict[str, Any]] = []
        self._used_models: dict[str, ModelInfo] = {}  # by path: models of groups delivered
        self._behind: Behind[_Written] = Behind(name="write-behind")  # scores and writes groups

    # ------------------------------------------------------------------ the loop

    def run(self, paths: Sequence[str]) -> BatchResult:
        state = self.state
        interrupted = False
        try:
            inputs = self._collect(paths)
            from translate.reader import article_id

            ids = assign_ids(inputs, [article_id(p) for p in inputs], self.extensions, self.records)
            state.add(articles_total=len(inputs))
            self._tick()
            if self.executor.name == "ray":
                from translate.executors.ray_executor import run_on_ray

                run_on_ray(self, inputs, ids)
            else:
                self._run_local(inputs, ids)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            self._behind.close()  # the group being written is finished (Ctrl-C too)...
        self._record_written()  # ...and recorded
        self._write_summary()
        return BatchResult(
            stats=state.stats,
            failures=tuple(state.failures),
            written=tuple(state.written),
            notes=self._notes(()),
            interrupted=interrupted,
            articles=tuple(state.summaries),
        )

    def _run_local(self, inputs: Sequence[str], ids: Sequence[str]) -> None:
        """Articles read and prepared in a thread a group ahead (translate.ahead), translated
        here group by group."""
        loading: list[threading.Thread] = []  # the models' preload, started by the reader

        def load() -> None:  # the first article to translate: load while it is read on
            if not loading:
                loading.append(self._preload())

        def read(item: tuple[str, str]) -> _Input:
            return self._read(*item, load)

        group: list[Prepared] = []
        size = 0
        limit = self.config.group_segments
        ahead = Ahead(zip(inputs, ids, strict=True), read, _weight, limit, name="read-ahead")
        try:
            for item in ahead:
                prepared = self._accept(item)
                if prepared is None:
                    continue
                group.append(prepared)
                size += len(prepared.segments)
                if size >= limit:
                    self._translate(group, ahead.seconds)
                    group, size = [], 0
            self._translate(group, ahead.seconds)
        finally:
            ahead.close()
            self.state.timings["read+detect+segment"] = ahead.seconds
            # never exit (or return to a caller that exits) while CTranslate2 is starting a
            # model's threads in the background: the process would abort
            for thread in loading:
                thread.join()

    def _preload(self) -> threading.Thread:
        """Start loading the models an English <-> Chinese run most likely needs (to the
        target and back) while the first group is read and detected."""
        to = self.config.to_lang
        other = "zh" if base_lang(to) == "en" else "en"
        routes = [(other, to), (to, other)] if self.config.back_translate else [(other, to)]
        found: list[packages.InstalledPackage] = []
        for src, dst in routes:
            try:
                found += [p for p in _route(src, dst) if p not in found]
            except ModelError:
                continue
        return preload(found, self.translator.options)

    def _tick(self) -> None:
        if self.progress:
            s = self.state.stats
            finished = s.articles_done + s.articles_up_to_date + s.articles_failed
            self.progress(finished, s.articles_total)

    def fail(self, path: str, message: str) -> None:
        self.state.failures.append(Failure(path, message))
        self.state.add(articles_failed=1)
        self._tick()

    def _collect(self, paths: Sequence[str]) -> list[str]:
        from translate.reader import collect_inputs

        found: list[str] = []
        for given in paths:
            try:
                found.extend(p for p in collect_inputs([given]) if p not in found)
            except InputError as exc:
                self.state.failures.append(Failure(given, str(exc)))
                self.state.add(articles_failed=1)
        return found

    def hash_input(self, path: str, aid: str) -> tuple[str, Article | None] | None:
        """For an executor that reads the input again elsewhere: the hash of an input and,
        when it is not a regular file of reasonable size (stdin...), the article read here;
        None when it is up to date (counted) or failed (recorded)."""
        from translate.reader import read_article

        data = _read_small(path)
        article = None
        try:
            if data is None:
                article = read_article(path)
        except TranslateError as exc:
            self.fail(path, str(exc))
            return None
        raw = data if data is not None else article.text.encode("utf-8") if article else b""
        digest = _sha256(raw)
        if self._skip_current(aid, path, digest):
            return None
        self._digests[aid] = digest
        return digest, article

    def prepare_input(self, path: str, aid: str) -> Prepared | None:
        """Read and prepare one input; None when it is up to date or failed (counted)."""
        return self._accept(self._read(path, aid))

    def _read(self, path: str, aid: str, new: Callable[[], None] | None = None) -> _Input:
        """Read one input and, unless its outputs are current, detect and segment it. Changes
        no state (it may run in the read-ahead thread); `new` is called once the input is known
        to need translating, before it is detected."""
        from translate.reader import read_article

        try:
            data = _read_small(path)
            article = read_article(path, data) if data is not None else read_article(path)
            digest = _sha256(data if data is not None else article.text.encode("utf-8"))
            if self._current(aid, path, digest):
                return _Input(path, aid, digest)
            if new is not None:
                new()
            prepared = prepare(replace(article, id=aid), self.config)
        except TranslateError as exc:
            return _Input(path, aid, error=str(exc))
        return _Input(path, aid, digest, prepared=prepared)

    def _accept(self, item: _Input) -> Prepared | None:
        """What reading an input means for the run: failed and up-to-date inputs are counted
        here, in input order; the prepared article (or None) is returned."""
        if item.error is not None:
            self.fail(item.path, item.error)
            return None
        if item.prepared is None:
            self._count_current(item.aid)
            return None
        self._digests[item.aid] = item.digest
        return item.prepared

    def _skip_current(self, aid: str, path: str, digest: str) -> bool:
        """True (the article counted and listed, not redone) when its outputs are current."""
        if not self._current(aid, path, digest):
            return False
        self._count_current(aid)
        return True

    def _count_current(self, aid: str) -> None:
        self.state.summaries.append(self.records[aid].summary)  # already brief
        self.state.add(articles_up_to_date=1)
        self._tick()

    def _current(self, aid: str, path: str, digest: str) -> bool:
        record = self.records.get(aid)
        if record is None or record.path != path or record.input_sha256 != digest:
            return False
        if record.options != self.options_key:
            return False
        names = output_names(aid, self.extensions)
        return complete(self.out_dir, record, names) and self._models_current(record)

    def _models_current(self, record: Record) -> bool:
        routes: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
        for m in record.models:
            routes.setdefault((m[0], m[1]), []).append(m)
        for (src, dst), used in routes.items():
            try:
                now = [(p.from_code, p.to_code, p.name, p.version) for p in _route(src, dst)]
            except ModelError:
                return False
            if set(now) != set(used):
                return False
        return True

    # ------------------------------------------------------------------ one group

    def _translate(self, group: list[Prepared], reading: float) -> None:
        """Send a group through the models, then hand it to the writer thread to be scored and
        written while the next group is decoded; `reading`: the seconds spent reading so far
        (in the read-ahead thread), for the timings written with the group's articles."""
        if not group:
            return
        state = self.state
        state.timings["read+detect+segment"] = reading
        t0 = time.perf_counter()
        if not self._probed:  # before the first group: each model's glossary strategy
            self._probed = True
            texts = strategy.probe_texts(group, self.config, self.glossary, self._has_model)
            strategy.choose(self.translator, texts, self.config)
        decoded = decode_group(group, self.translator, self.config)
        state.timed("translate+back+score", t0)
        self._write_behind(decoded, decoded.ids)

    def _has_model(self, src: str, dst: str) -> bool:
        try:
            self.translator.engine(src, dst)
        except ModelError:
            return False
        return True

    def deliver(self, result: GroupResult, models: Mapping[str, Sequence[ModelInfo]]) -> None:
        """A group translated in another process (Ray), with the packages each of its articles
        went through (article id -> models): written like a local group."""
        for infos in models.values():
            self._used_models.update((m.path, m) for m in infos)
        self._write_behind(result, tuple(a.article.id for a in result.articles), models)

    def _write_behind(
        self,
        work: Decoded | GroupResult,
        ids: Sequence[str],
        models: Mapping[str, Sequence[ModelInfo]] | None = None,
    ) -> None:
        """Record the group written before (waiting for it), then start scoring and writing
        this one in the writer thread. Everything the thread needs is taken here."""
        self._record_written()
        job = _Job(
            work=work,
            signature=self.signature(),
            models=models,
            engines=dict(self.translator.engines),
            digests={aid: self._digests.pop(aid, "") for aid in ids},
            # Until all its new files are written an article is not done: an interrupted
            # rewrite must not be listed with a mix of old and new files.
            stale=tuple(aid for aid in ids if self.records.pop(aid, None) is not None),
        )
        self._behind.submit(functools.partial(self._write_group, job))

    def _record_written(self) -> None:
        """Wait for the group being scored and written, and record it: its failures and
        counts, its articles done, its translations in the memory."""
        done = self._behind.wait()
        if done is None:
            return
        state = self.state
        result = done.result
        for failure in result.failures:
            self.fail(failure.path, failure.message)
        state.add(
            segments_translated=result.segments_translated,
            segments_from_tm=result.segments_from_tm,
        )
        for record in done.records:
            state.written.extend(self.out_dir / name for name in record.outputs)
            self.records[record.id] = brief(record)
            state.summaries.append(self.records[record.id].summary)
            state.add(articles_done=1, segments_flagged=int(record.summary["flagged"]))
            self._tick()
        self._remember(result.articles)
        for stage, seconds in done.timings.items():
            state.timings[stage] = state.timings.get(stage, 0.0) + seconds
        del result, done
        memory.release()

    def _write_group(self, job: _Job) -> _Written:
        """Score (a local group) and write a group's articles, each with its record; runs in
        the writer thread and changes none of the batch's state."""
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        if isinstance(job.work, Decoded):
            result = job.work.finish()
            timings["translate+back+score"] = time.perf_counter() - t0
        else:  # finished in another process
            result = job.work
        t1 = time.perf_counter()
        for aid in job.stale:
            remove_record(self.out_dir, aid)
        records = []
        for article in result.articles:
            aid = article.article.id
            used = job.models.get(aid) if job.models is not None else None
            records.append(self._write_article(article, job, used))
        timings["write"] = time.perf_counter() - t1
        return _Written(result, tuple(records), timings)

    def _write_article(
        self,
        article: ArticleResult,
        job: _Job,
        models: Sequence[ModelInfo] | None,
    ) -> Record:
        from translate.writers.runjson import article_summary

        aid = article.article.id
        run = RunResult((article,), (), job.signature, article.terms)
        names = []
        for writer in self.writers:
            path = self.out_dir / file_name(writer, article)
            atomic.write_text(path, writer.render(article, run, self.write_options))
            names.append(path.name)
        summary = dict(article_summary(article, self.write_options))
        summary["outputs"] = names
        if models is None:
            models = article_models(article, job.engines)
        summary["models"] = [asdict(m) for m in models]
        record = Record(
            id=aid,
            path=article.article.path,
            input_sha256=job.digests.get(aid, ""),
            options=self.options_key,
            models=tuple(
                (m["from_code"], m["to_code"], m["name"], m["version"]) for m in summary["models"]
            ),
            outputs=tuple(names),
            summary=summary,
        )
        write_record(self.out_dir, record)
        return record

    def _remember(self, articles: Sequence[ArticleResult]) -> None:
        """The run's translations as MT units, for `translate tm export`."""
        units = [
            Unit(
                base_lang(s.segment.lang),
                a.target_lang,
                s.segment.text,
                s.target,
                "mt",
                a.article.path,
            )
            for a in articles
            for s in a.segments
            if not s.carried and s.origin in ("mt", "tm-mt") and s.target
        ]
        self.tm.add_units(units)

    # ------------------------------------------------------------------ the summary files

    def signature(self, summaries: Sequence[Mapping[str, Any]] = ()) -> RunSignature:
        """The run's signature; with the articles' whole summaries (at the end), its models and
        notes are those of every article in the folder."""
        config = self.config
        langs = sorted(
            {s["language"]["lang"] for s in self.state.summaries if "language" in s}
        ) or ["en"]
        chrf_sig, bleu_sig = score.signatures(langs[0])
        decoding = {
            f"{step.pkg.name}@{step.pkg.version}": json.dumps(step.output_options, sort_keys=True)
            for memo in self.translator.engines.values()
            for step in memo.route.steps
        }
        return RunSignature(
            tool_version=__version__,
            models=self._models(summaries),
            glossaries=tuple((str(Path(p)), h) for p, h in self.glossary.files),
            opencc_config=opencc_config(config.variant) if config.to_lang == "zh" else None,
            detector_seed=config.detector_seed,
            chrf_signature=chrf_sig,
            bleu_signature=bleu_sig,
            beam_size=config.beam_size,
            threads=worker_threads(config.threads),
            variant=target_tag(config),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            timings=tuple((k, round(v, 3)) for k, v in self.state.timings.items()),
            notes=self._notes(summaries),
            decoding=tuple(sorted(decoding.items())),
            score_signatures=tuple((lang, *score.signatures(lang)) for lang in langs),
        )

    def _models(self, summaries: Sequence[Mapping[str, Any]]) -> tuple[ModelInfo, ...]:
        seen = {**self._used_models, **{m.path: m for m in self.translator.models}}
        for summary in summaries:
            for m in summary.get("models", ()):
                try:
                    seen.setdefault(m["path"], ModelInfo(**m))
                except TypeError:
                    continue
        return tuple(seen.values())

    def _notes(self, summaries: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
        notes: dict[str, None] = {}
        if any(m.sample for m in self._models(())):
            notes[SAMPLE_NOTE] = None
        for summary in (*summaries, *self.state.summaries):
            notes.update(dict.fromkeys(summary.get("notes", ())))
        return tuple(notes)

    def _write_summary(self) -> None:
        """run.json (always) and index.html (with html) from every finished article in the
        folder, this run's and earlier ones'."""
        from translate.writers.index import render_index
        from translate.writers.runjson import FORMAT, FORMAT_VERSION, signature, term_stats

        summaries = [
            r.summary
            for r in sorted(load_records(self.out_dir).values(), key=lambda r: (r.path, r.id))
            if all((self.out_dir / name).is_file() for name in r.outputs)
        ]
        terms = sum((TermStats(**_term_counts(s)) for s in summaries), TermStats())
        sig = self.signature(summaries)
        run = RunResult((), tuple(self.state.failures), sig, terms)
        record = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "signature": {
                **signature(sig),
                "executor": self.executor_record,
                "glossary_strategies": strategy.merge(
                    [*strategy.described(self.translator), *self.strategies]
                ),
            },
            "review": {"flag_below": self.config.flag_below},
            "notes": list(sig.notes),
            "stats": self.state.stats.as_dict(),
            "terms": term_stats(terms),
            "articles": summaries,
            "failures": [asdict(f) for f in self.state.failures],
        }
        if "html" in self.formats:
            index = render_index(summaries, run, self.write_options)
            self.state.written.append(atomic.write_text(self.out_dir / "index.html", index))
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        self.state.written.append(atomic.write_text(self.out_dir / "run.json", text))


def _term_counts(summary: Mapping[str, Any]) -> dict[str, int]:
    terms = summary.get("terms", {})
    return {k: int(terms.get(k, 0)) for k in ("found", "rendered", "survived")}


def article_models(
    article: ArticleResult, engines: Mapping[tuple[str, str], MemoEngine]
) -> list[ModelInfo]:
    """The packages an article's segments went through (forward and back); `engines`: the
    translator's (`Translator.engines`)."""
    langs = {base_lang(s.segment.lang) for s in article.segments if not s.carried}
    dst = base_lang(article.target_lang)
    used: dict[str, ModelInfo] = {}
    for src in sorted(langs):
        for pair in ((src, dst), (dst, src)):
            memo = engines.get(pair)
            if memo is not None:
                used.update((m.path, m) for m in memo.route.models)
    return list(used.values())


def _route(src: str, dst: str) -> list[packages.InstalledPackage]:
    return list(packages.find_route(src, dst))


def _read_small(path: str) -> bytes | None:
    """The bytes of a regular file of reasonable size, read once (for the hash and the
    reader); None for anything else, which the reader examines itself."""
    if path == "-":
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > _DIRECT_READ_LIMIT:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _options_key(config: RunConfig, glossary: Glossary, tm: TranslationMemory) -> str:
    """Everything besides the input and the models that decides an article's outputs."""
    key = {
        "tool": __version__,
        "to": config.to_lang,
        "variant": config.variant,
        "beam": config.beam_size,
        "back": config.back_translate,
        "flag_below": config.flag_below,
        "detector_seed": config.detector_seed,
        "max_segment_chars": config.max_segment_chars,
        "glossary": glossary.sha256,
        "human": tm.human_generation() if config.use_human else None,
    }
    raw = json.dumps(key, sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def run_batch(
    paths: Sequence[str],
    config: RunConfig,
    out_dir: Path,
    tm: TranslationMemory,
    progress: Progress | None = None,
    executor: Executor = LOCAL,
) -> BatchResult:
    """Translate `paths` into `out_dir`; see the module docstring. `executor` says where the
    groups are translated (this process, or a Ray cluster: `translate.executors`)."""
    return Batch(config, out_dir, tm, progress, executor).run(paths)
