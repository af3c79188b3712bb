"""`translate run --executor ray`: the run's articles translated on a Ray cluster.

Ray Data carries the articles to a pool of actors (`compute=ActorPoolStrategy`); each actor
loads its models once, asks Ray for as many CPUs as it runs CTranslate2 workers, and runs the
same pipeline functions as the local executor (`prepare`, `translate_group`) on its batches of
articles. This process, the driver, does what needs one writer:

1. it reads and hashes every input and skips the articles whose outputs are current, exactly
   as the local executor does; it prepares the first group's articles itself, because each
   model's glossary strategy is judged on that group's protected segments
   (`translate.strategy`): every actor judges on the same segments, so makes the choice the
   local executor makes, and the outputs do not depend on the executor;
2. it writes each article's files and record as results stream back, and stores the new
   model outputs and choices in the translation memory.

The memory is read by the actors through a small actor on the driver's node
(`_MemoryServer`: engine outputs, human translations, remembered strategies); what they
translate comes back with their results, so the memory keeps one writer.

Inputs are read again by the actors, so on a cluster of several machines they must be
readable at the same path on every node (a shared folder); standard input and files over
32 MiB are sent with the article. Models are found on each node as locally
(`ARGOS_PACKAGES_DIR`, passed on to the actors when set here).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate import memory, strategy
from translate.core import Article, Failure, ModelInfo, RunConfig
from translate.engine import packages
from translate.engine.ctranslate import DecodeOptions, worker_threads
from translate.errors import InputError, ModelError, TranslateError, UsageError
from translate.glossary import Glossary
from translate.pipeline import GroupResult, Prepared, prepare, translate_group
from translate.tm import MTKey, StrategyChoice, TranslationMemory, Unit
from translate.translator import Translator

if TYPE_CHECKING:
    from translate.batch import Batch

log = logging.getLogger(__name__)

ARTICLES_PER_SEGMENT_GROUP = 20  # rows (articles) per actor call: group_segments / this


@dataclass(frozen=True)
class _Item:
    """One article to translate, as an actor gets it."""

    aid: str
    path: str
    digest: str  # sha256 of the bytes the driver read (checked again by the actor)
    prepared: Prepared | None = None  # the first group: prepared by the driver
    article: Article | None = None  # stdin, big files: read by the driver


@dataclass(frozen=True)
class _Delivery:
    """What an actor sends back for one batch of articles."""

    groups: tuple[tuple[GroupResult, dict[str, list[ModelInfo]]], ...]
    failures: tuple[Failure, ...]
    outputs: tuple[tuple[MTKey, str], ...]  # new model outputs, for the driver's memory
    choices: tuple[tuple[str, StrategyChoice], ...]  # strategies chosen by this actor
    strategies: tuple[dict[str, Any], ...]  # for run.json
    logged: tuple[tuple[str, int, str], ...]  # (logger, level, message) warnings and errors


# ---------------------------------------------------------------------------------- driver


def run_on_ray(batch: Batch, inputs: Sequence[str], ids: Sequence[str]) -> None:
    """Translate `inputs` (ids `ids`) for `batch` on Ray; results are delivered to the batch
    (written) as they come. Ctrl-C stops at once; what was written is kept."""
    ray = _import_ray()
    started = time.perf_counter()
    first, rest = _first_group(batch, inputs, ids)
    probe = strategy.probe_texts(first, batch.config, batch.glossary, _route_installed)
    items = [_Item(p.article.id, p.article.path, "", prepared=p) for p in first]
    items += [item for path, aid in rest if (item := _read(batch, path, aid)) is not None]
    batch.state.timed("read+detect+segment", started)
    if not items:
        return
    owned, previous_sigterm = _connect(ray, batch.executor.address)
    server = None
    try:
        server = _memory_server(ray, batch.tm.path)
        dataset = _dataset(ray, batch, items, server, probe)
        waited = time.perf_counter()
        try:
            for row in dataset.iter_rows():
                batch.state.timed("translate+back+score (ray)", waited)
                _deliver(batch, pickle.loads(row["delivery"]))
                waited = time.perf_counter()
        except ray.exceptions.RayError as exc:
            raise _failed(exc) from exc
    finally:
        if server is not None:
            ray.kill(server)
        if owned:
            ray.shutdown()
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)


def _dataset(
    ray: Any, batch: Batch, items: list[_Item], server: Any, probe: dict[str, list[str]]
) -> Any:
    """The articles through a pool of actors: as many as the cluster's CPUs allow, each
    asking for as many CPUs as it runs CTranslate2 workers (recorded in run.json)."""
    config = batch.config
    cpus = int(ray.cluster_resources().get("CPU", 1))
    per_actor = max(1, min(worker_threads(config.threads), cpus))
    actors = max(1, cpus // per_actor)
    batch.executor_record = {
        "name": "ray",
        "address": batch.executor.address or os.environ.get("RAY_ADDRESS") or "local",
        "actors": actors,
        "cpus_per_actor": per_actor,
        "ray_version": ray.__version__,
    }
    rows = [{"item": pickle.dumps(item)} for item in items]
    kwargs = {
        "config": config,
        "glossary": batch.glossary,
        "threads": per_actor,
        "server": server,
        "probe": probe,
    }
    return _translated(
        ray.data.from_items(rows),
        max(1, config.group_segments // ARTICLES_PER_SEGMENT_GROUP),
        ray.data.ActorPoolStrategy(size=actors),
        per_actor,
        kwargs,
    )


def _translated(
    dataset: Any, per_call: int, compute: Any, cpus: int, kwargs: dict[str, Any]
) -> Any:
    """The articles mapped through the actor pool. An actor that dies is not restarted (its
    batch fails the run, which the next run resumes): Ray warns at every start otherwise,
    since the actors' constructor arguments live in the object store."""
    import warnings

    options: dict[str, Any] = {
        "fn_constructor_kwargs": kwargs,
        "batch_size": per_call,
        "batch_format": "numpy",
        "compute": compute,
        "num_cpus": cpus,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Ray's own, for max_restarts
        try:
            return dataset.map_batches(_Worker, max_restarts=0, **options)
        except TypeError:  # a Ray that no longer takes it
            return dataset.map_batches(_Worker, **options)


def _failed(exc: Exception) -> TranslateError:
    """A Ray failure as one line: the library's own error when an actor raised one."""
    cause = getattr(exc, "cause", None)
    if isinstance(cause, TranslateError):
        return TranslateError(str(cause))
    first = (str(cause or exc).strip().splitlines() or [type(exc).__name__])[-1]
    return TranslateError(
        f"the Ray cluster failed ({first[:300]}); the articles written so far are kept: "
        "run the same command again to resume"
    )


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise UsageError(
            "--executor ray needs Ray: pip install 'newsroom-translate[ray]' "
            f"(or pip install 'ray[data]>=2.40') ({exc})"
        ) from exc
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return ray


def _connect(ray: Any, address: str | None) -> tuple[bool, Any]:
    """Join the cluster (`address`, else $RAY_ADDRESS, else a new local instance), unless
    this process is already connected. Returns (whether we started it, the SIGTERM handler
    to put back: Ray replaces the CLI's, which stops a run cleanly)."""
    if address and address.startswith("ray://"):
        raise UsageError(
            f"--ray-address {address}: Ray Client is not supported (the actors read the "
            "translation memory through this machine); run translate on a node of the "
            "cluster with --ray-address auto"
        )
    if ray.is_initialized():
        return False, None
    previous = signal.getsignal(signal.SIGTERM)
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
            configure_logging=False,
            runtime_env=_runtime_env(),
        )
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise UsageError(
            f"cannot join the Ray cluster at {address or os.environ.get('RAY_ADDRESS')}: "
            f"{exc}; is it running (`ray start --head`)? A cluster with token authentication "
            "also needs RAY_AUTH_MODE=token and its token (~/.ray/auth_token or "
            "RAY_AUTH_TOKEN) here"
        ) from exc
    if previous is not None and signal.getsignal(signal.SIGTERM) is not previous:
        return True, previous
    return True, None


def _runtime_env() -> dict[str, Any]:
    env = {k: os.environ[k] for k in ("ARGOS_PACKAGES_DIR",) if os.environ.get(k)}
    return {"env_vars": env} if env else {}


def _first_group(
    batch: Batch, inputs: Sequence[str], ids: Sequence[str]
) -> tuple[list[Prepared], list[tuple[str, str]]]:
    """The first group, prepared here exactly as the local executor forms it, and the rest."""
    group: list[Prepared] = []
    size = 0
    pairs = list(zip(inputs, ids, strict=True))
    for n, (path, aid) in enumerate(pairs):
        if size >= batch.config.group_segments:
            return group, pairs[n:]
        prepared = batch.prepare_input(path, aid)
        if prepared is not None:
            group.append(prepared)
            size += len(prepared.segments)
    return group, []


def _read(batch: Batch, path: str, aid: str) -> _Item | None:
    """Hash an input (skipping it when its outputs are current); the actor reads it again."""
    hashed = batch.hash_input(path, aid)
    if hashed is None:
        return None
    digest, article = hashed
    return _Item(aid, path, digest, article=article)


def _route_installed(src: str, dst: str) -> bool:
    try:
        packages.find_route(src, dst)
    except ModelError:
        return False
    return True


def _memory_server(ray: Any, path: Path) -> Any:
    """The memory's reader for the actors, on this node (the memory file is here)."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    here = ray.get_runtime_context().get_node_id()
    remote = ray.remote(num_cpus=0, max_restarts=0)(_MemoryServer)
    return remote.options(
        scheduling_strategy=NodeAffinitySchedulingStrategy(node_id=here, soft=False)
    ).remote(str(path))


def _deliver(batch: Batch, delivery: _Delivery) -> None:
    for name, level, message in delivery.logged:
        logging.getLogger(name).log(level, "%s", message)
    for failure in delivery.failures:
        batch.fail(failure.path, failure.message)
    if delivery.outputs:
        batch.tm.put_mt(delivery.outputs)
    for route, choice in delivery.choices:
        batch.tm.put_strategy(route, choice)
    batch.strategies.extend(delivery.strategies)
    for result, models in delivery.groups:
        batch.deliver(result, models)


# ---------------------------------------------------------------------------------- actors


class _MemoryServer:
    """Answers the actors' reads of the driver's translation memory."""

    def __init__(self, path: str) -> None:
        self.tm = TranslationMemory(path)

    def get_mt(self, keys: Sequence[MTKey]) -> dict[str, str]:
        return self.tm.get_mt(keys)

    def find_human(
        self, source_lang: str, target_lang: str, sources: Sequence[str]
    ) -> dict[str, Unit]:
        return self.tm.find_human(source_lang, target_lang, sources)

    def get_strategy(self, route: str) -> StrategyChoice | None:
        return self.tm.get_strategy(route)


@dataclass
class _ActorMemory:
    """An actor's view of the driver's memory (`translate.tm.Memory`): reads go to the
    server after this actor's own new outputs; writes wait here for the driver."""

    server: Any
    outputs: dict[str, tuple[MTKey, str]] = field(default_factory=dict)
    choices: dict[str, StrategyChoice] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)

    def get_mt(self, keys: Sequence[MTKey]) -> dict[str, str]:
        import ray

        found = {k.digest: self.outputs[k.digest][1] for k in keys if k.digest in self.outputs}
        missing = list({k.digest: k for k in keys if k.digest not in found}.values())
        if missing:
            found.update(ray.get(self.server.get_mt.remote(missing)))
        return found

    def put_mt(self, pairs: Any) -> int:
        count = 0
        for key, output in pairs:
            self.outputs[key.digest] = (key, output)
            count += 1
        return count

    def find_human(
        self, source_lang: str, target_lang: str, sources: Sequence[str]
    ) -> dict[str, Unit]:
        import ray

        found: dict[str, Unit] = ray.get(
            self.server.find_human.remote(source_lang, target_lang, list(sources))
        )
        return found

    def get_strategy(self, route: str) -> StrategyChoice | None:
        import ray

        if route in self.choices:
            return self.choices[route]
        choice: StrategyChoice | None = ray.get(self.server.get_strategy.remote(route))
        return choice

    def put_strategy(self, route: str, choice: StrategyChoice) -> None:
        self.choices[route] = choice

    def take(self) -> tuple[tuple[tuple[MTKey, str], ...], tuple[tuple[str, StrategyChoice], ...]]:
        """The new outputs and choices since the last call (then forgotten here: the
        driver's memory has them, or soon will)."""
        outputs = tuple(self.outputs.values())
        self.outputs.clear()
        choices = tuple((r, c) for r, c in self.choices.items() if r not in self.reported)
        self.reported.update(r for r, _ in choices)
        return outputs, choices


class _Warnings(logging.Handler):
    """The library's warnings in an actor, sent back to be shown by the driver."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class _Worker:
    """One actor of the pool: models loaded once, then batches of articles translated."""

    def __init__(
        self,
        config: RunConfig,
        glossary: Glossary,
        threads: int,
        server: Any,
        probe: Mapping[str, list[str]],
    ) -> None:
        memory.limit_arenas()  # the same malloc settings as a local run (translate.memory)
        self.config = config
        self.warnings = _Warnings()
        logging.getLogger("translate").addHandler(self.warnings)
        self.memory = _ActorMemory(server)
        options = DecodeOptions.from_config(config, threads)
        self.translator = Translator(glossary, options, self.memory)
        strategy.choose(self.translator, dict(probe), config)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[bytes]]:
        items: list[_Item] = [pickle.loads(raw) for raw in batch["item"]]
        failures: list[Failure] = []
        ready: list[Prepared] = []
        for item in items:
            try:
                ready.append(self._prepare(item))
            except TranslateError as exc:
                failures.append(Failure(item.path, str(exc)))
        groups = []
        for group in _groups(ready, self.config.group_segments):
            result = translate_group(group, self.translator, self.config)
            groups.append((result, _models(result, self.translator)))
        memory.release()  # as a local run does after each group
        outputs, choices = self.memory.take()
        logged = tuple(self.warnings.records)
        self.warnings.records.clear()
        delivery = _Delivery(
            groups=tuple(groups),
            failures=tuple(failures),
            outputs=outputs,
            choices=choices,
            strategies=tuple(strategy.described(self.translator)),
            logged=logged,
        )
        return {"delivery": [pickle.dumps(delivery)]}

    def _prepare(self, item: _Item) -> Prepared:
        if item.prepared is not None:
            return item.prepared
        article = item.article or self._read(item)
        return prepare(replace(article, id=item.aid), self.config)

    def _read(self, item: _Item) -> Article:
        import hashlib

        from translate.reader import read_article

        try:
            data = Path(item.path).read_bytes()
        except OSError as exc:
            raise InputError(
                item.path,
                f"cannot be read on Ray node {os.uname().nodename} ({exc.strerror})",
                "with --executor ray every input must be readable at the same path on every "
                "node (a shared folder)",
            ) from exc
        if hashlib.sha256(data).hexdigest() != item.digest:
            raise InputError(
                item.path,
                f"is not the file the driver read (changed, or another file at this path on "
                f"Ray node {os.uname().nodename})",
                "run the same command again",
            )
        return read_article(item.path, data)


def _groups(prepared: Sequence[Prepared], limit: int) -> Iterator[list[Prepared]]:
    """Articles in groups of about `limit` segments, as the local executor groups them."""
    group: list[Prepared] = []
    size = 0
    for p in prepared:
        group.append(p)
        size += len(p.segments)
        if size >= limit:
            yield group
            group, size = [], 0
    if group:
        yield group


def _models(result: GroupResult, translator: Translator) -> dict[str, list[ModelInfo]]:
    from translate.batch import article_models

    return {a.article.id: article_models(a, translator.engines) for a in result.articles}
