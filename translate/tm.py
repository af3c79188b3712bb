"""The translation memory: one SQLite file that makes repeated work free and keeps human
translations ahead of the engine.

Two tables:

- `mt`: the engine's raw output for one model input. The key holds everything that changes
  the output: the exact (protected) text sent to the model, the direction, every model package
  of the route (name, version, codes), the decoding options and the glossary strategy that
  produced the input. A run rebuilds a segment's result from these outputs with the glossary
  (restore, verify), so a hit costs no model time and gives the same result as the model.
- `units`: whole-segment translations, as a CAT tool's memory holds them: `human` ones
  (imported from TMX, aligned, or confirmed in a CAT tool) are used before the engine;
  `mt` ones are what runs produced, kept for `translate tm export`.
- `strategies`: per model route, the glossary strategy a run chose from how the model's
  placeholders fared (see `translate.strategy`), so the next run starts with it.

WAL mode and a busy timeout let several runs share one memory at the same time; every write
is one short transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from translate.errors import TranslateError
from translate.lang import base_lang

SCHEMA_VERSION = "1"
BUSY_TIMEOUT_MS = 60_000
_CHUNK = 500  # host parameters per IN (...) query

ORIGINS = ("mt", "tm-mt", "human")


class TMError(TranslateError):
    """The translation memory file cannot be opened, read or written."""


def default_tm_path() -> Path:
    """`$TRANSLATE_TM`, else `$XDG_DATA_HOME/newsroom-translate/tm.sqlite`
    (`~/.local/share/newsroom-translate/tm.sqlite`)."""
    if os.environ.get("TRANSLATE_TM"):
        return Path(os.environ["TRANSLATE_TM"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsroom-translate" / "tm.sqlite"


def normalise_source(text: str) -> str:
    """The form a source is matched in: whitespace runs collapsed, ends stripped."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Unit:
    """One whole-segment translation."""

    source_lang: str  # "en", "zh" (a tag is reduced to its base language)
    target_lang: str  # tag as written: "zh-Hans", "zh-TW", "en"
    source: str
    target: str
    origin: str = "human"  # "human" | "mt"
    note: str = ""  # where it came from
    created: str = ""  # ISO 8601 UTC; filled in when stored


@dataclass(frozen=True)
class MTKey:
    """What must match for the engine's earlier output to be reused."""

    route: str  # every package of the route: name@version(from->to)
    options: str  # decoding options, canonical JSON
    strategy: str  # glossary strategy that produced the input: placeholder | inject | ""
    text: str  # the exact model input

    @property
    def digest(self) -> str:
        raw = json.dumps([self.route, self.options, self.strategy, self.text], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StrategyChoice:
    """The glossary strategy chosen for one model route, and the evidence for it."""

    strategy: str  # "placeholder" (then inject where they fail) | "inject" (inject at once)
    tried: int  # protected segments sent with placeholders
    lost: int  # of which the placeholders did not come through
    created: str = ""  # ISO 8601 UTC; filled in when stored


class Memory(Protocol):
    """What the translator needs of a memory: `TranslationMemory`, or a worker's view of the
    driver's memory in a distributed run (`translate.executors`)."""

    def get_mt(self, keys: Sequence[MTKey]) -> dict[str, str]: ...

    def put_mt(self, pairs: Iterable[tuple[MTKey, str]]) -> int: ...

    def find_human(
        self, source_lang: str, target_lang: str, sources: Sequence[str]
    ) -> dict[str, Unit]: ...

    def get_strategy(self, route: str) -> StrategyChoice | None: ...

    def put_strategy(self, route: str, choice: StrategyChoice) -> None: ...


@dataclass(frozen=True)
class Stats:
    path: str
    mt_outputs: int
    human_units: int
    mt_units: int
    size_bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "mt_outputs": self.mt_outputs,
            "human_units": self.human_units,
            "mt_units": self.mt_units,
            "size_bytes": self.size_bytes,
        }


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mt (
    digest TEXT PRIMARY KEY,
    route TEXT NOT NULL,
    options TEXT NOT NULL,
    strategy TEXT NOT NULL,
    source TEXT NOT NULL,
    output TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
    source_lang TEXT NOT NULL,
    target_base TEXT NOT NULL,
    source_key TEXT NOT NULL,
    origin TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    note TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_base, source_key, origin)
);
CREATE TABLE IF NOT EXISTS strategies (
    route TEXT PRIMARY KEY,
    strategy TEXT NOT NULL,
    tried INTEGER NOT NULL,
    lost INTEGER NOT NULL,
    created TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class TranslationMemory:
    """An open translation memory. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            with self._db:
                self._db.executescript(_SCHEMA)
                row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None:
                    self._db.execute(
                        "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,)
                    )
                elif row[0] != SCHEMA_VERSION:
                    raise TMError(
                        f"{self.path}: translation memory schema {row[0]}, this tool reads "
                        f"{SCHEMA_VERSION}; use --tm with another file or upgrade the tool"
                    )
        except (sqlite3.Error, OSError) as exc:
            raise self._error("cannot open", exc) from exc

    def _error(self, what: str, exc: Exception) -> TMError:
        return TMError(
            f"{self.path}: {what} the translation memory ({exc}); choose another file with "
            "--tm, or run without one with --no-tm"
        )

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @classmethod
    def scratch(cls) -> TranslationMemory:
        """A memory for one run only (`--no-tm`): a temporary file, removed on close, so that
        repeated sentences still go to the model once while memory use stays flat."""
        import tempfile

        fd, name = tempfile.mkstemp(prefix="newsroom-translate-tm-", suffix=".sqlite")
        os.close(fd)
        memory = cls(name)
        memory._scratch = True
        return memory

    _scratch = False

    def close(self) -> None:
        self._db.close()
        if self._scratch:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{self.path}{suffix}")

    # ------------------------------------------------------------------ engine outputs

    def get_mt(self, keys: Sequence[MTKey]) -> dict[str, str]:
        """digest -> stored engine output, for the keys that are in the memory."""
        digests = list(dict.fromkeys(k.digest for k in keys))
        found: dict[str, str] = {}
        try:
            for lo in range(0, len(digests), _CHUNK):
                part = digests[lo : lo + _CHUNK]
                marks = ",".join("?" * len(part))
                query = f"SELECT digest, output FROM mt WHERE digest IN ({marks})"
                found.update(self._db.execute(query, part).fetchall())
        except sqlite3.Error as exc:
            raise self._error("cannot read", exc) from exc
        return found

    def put_mt(self, pairs: Iterable[tuple[MTKey, str]]) -> int:
        now = _now()
        rows = [(k.digest, k.route, k.options, k.strategy, k.text, out, now) for k, out in pairs]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO mt VALUES (?,?,?,?,?,?,?)", rows)
        except sqlite3.Error as exc:
            raise self._error("cannot write", exc) from exc
        return len(rows)

    # ------------------------------------------------------------------ glossary strategies

    def get_strategy(self, route: str) -> StrategyChoice | None:
        """The strategy remembered for a model route (`MemoEngine.route_id`), if any."""
        try:
            row = self._db.execute(
                "SELECT strategy, tried, lost, created FROM strategies WHERE route=?", (route,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise self._error("cannot read", exc) from exc
        return StrategyChoice(row[0], int(row[1]), int(row[2]), row[3]) if row else None

    def put_strategy(self, route: str, choice: StrategyChoice) -> None:
        row = (route, choice.strategy, choice.tried, choice.lost, choice.created or _now())
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO strategies VALUES (?,?,?,?,?)", row)
        except sqlite3.Error as exc:
            raise self._error("cannot write", exc) from exc

    # ------------------------------------------------------------------ whole segments

    def add_units(self, units: Iterable[Unit]) -> int:
        """Store units (a later one with the same source, languages and origin wins)."""
        now = _now()
        rows = []
        for u in units:
            if u.origin not in ("human", "mt"):
                raise ValueError(f"unit origin must be human or mt, not {u.origin!r}")
            key = normalise_source(u.source)
            if not key or not u.target.strip():
                continue
            rows.append(
                (
                    base_lang(u.source_lang),
                    base_lang(u.target_lang),
                    key,
                    u.origin,
                    u.target_lang,
                    u.source,
                    u.target,
                    u.note,
                    u.created or now,
                )
            )
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO units VALUES (?,?,?,?,?,?,?,?,?)", rows
                )
                if any(row[3] == "human" for row in rows):
                    self._bump_human_generation()
        except sqlite3.Error as exc:
            raise self._error("cannot write", exc) from exc
        return len(rows)

    def find_human(
        self, source_lang: str, target_lang: str, sources: Sequence[str]
    ) -> dict[str, Unit]:
        """source (as given) -> the human translation of it into `target_lang`'s language."""
        wanted: dict[str, list[str]] = {}
        for s in sources:
            wanted.setdefault(normalise_source(s), []).append(s)
        keys = [k for k in wanted if k]
        found: dict[str, Unit] = {}
        src, dst = base_lang(source_lang), base_lang(target_lang)
        try:
            for lo in range(0, len(keys), _CHUNK):
                part = keys[lo : lo + _CHUNK]
                marks = ",".join("?" * len(part))
                query = (
                    "SELECT source_key, target_lang, source, target, note, created FROM units "
                    f"WHERE origin='human' AND source_lang=? AND target_base=? "
                    f"AND source_key IN ({marks})"
                )
                for key, tlang, source, target, note, created in self._db.execute(
                    query, [src, dst, *part]
                ):
                    unit = Unit(src, tlang, source, target, "human", note, created)
                    for given in wanted[key]:
                        found[given] = unit
        except sqlite3.Error as exc:
            raise self._error("cannot read", exc) from exc
        return found

    def _bump_human_generation(self) -> None:
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('human_generation', '0')")
        self._db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='human_generation'"
        )

    def human_generation(self) -> int:
        """Changes whenever human units are added or removed: an article translated before
        such a change may now have a human translation to use, so it is not up to date."""
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key='human_generation'").fetchone()
        except sqlite3.Error as exc:
            raise self._error("cannot read", exc) from exc
        return int(row[0]) if row else 0

    def units(self, origin: str | None = None) -> Iterator[Unit]:
        query = "SELECT source_lang, target_lang, source, target, origin, note, created FROM units"
        args: tuple[str, ...] = ()
        if origin:
            query += " WHERE origin=?"
            args = (origin,)
        query += " ORDER BY source_lang, target_base, source_key, origin"
        try:
            for row in self._db.execute(query, args):
                yield Unit(*row)
        except sqlite3.Error as exc:
            raise self._error("cannot read", exc) from exc

    # ------------------------------------------------------------------ housekeeping

    def stats(self) -> Stats:
        try:
            (mt,) = self._db.execute("SELECT count(*) FROM mt").fetchone()
            counts: Mapping[str, int] = dict(
                self._db.execute("SELECT origin, count(*) FROM units GROUP BY origin").fetchall()
            )
        except sqlite3.Error as exc:
            raise self._error("cannot read", exc) from exc
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return Stats(str(self.path), mt, counts.get("human", 0), counts.get("mt", 0), size)

    def clear(self, what: str = "all") -> int:
        """Remove engine outputs (`mt`), human units (`human`) or everything (`all`)."""
        statements = {
            "mt": [
                "DELETE FROM mt",
                "DELETE FROM units WHERE origin='mt'",
                "DELETE FROM strategies",
            ],
            "human": ["DELETE FROM units WHERE origin='human'"],
            "all": ["DELETE FROM mt", "DELETE FROM units", "DELETE FROM strategies"],
        }[what]
        removed = 0
        try:
            with self._db:
                for statement in statements:
                    removed += self._db.execute(statement).rowcount
                if what in ("human", "all"):
                    self._bump_human_generation()
            self._db.execute("VACUUM")
        except sqlite3.Error as exc:
            raise self._error("cannot write", exc) from exc
        return removed
