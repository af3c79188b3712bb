"""The output folder of a run: file names, per-article records, stale temporary files.

Each finished article leaves a record, `.records/<id>.json`, written after all its files: the
hash of the input's bytes, the options, models, glossary and tool version that made it, the
files written, and the article's summary. A record is the article's "done" mark: a re-run
skips an article whose record matches and whose files are all there, and run.json and
index.html are rebuilt from every record in the folder (so articles finished by an earlier,
interrupted or concurrent run are listed too).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import regex

from translate.errors import OutputError

RECORDS = ".records"
RECORD_FORMAT = "newsroom-translate/article-record"
RESERVED = ("index.html", "run.json")
# Temporary files of translate.writers.atomic: .<name>.<pid>.<random>.tmp
_TEMP = regex.compile(r"^\..+\.tmp$")
_TEMP_PID = regex.compile(r"\.(\d+)\.[^.]+\.tmp$")


@dataclass(frozen=True)
class Record:
    id: str
    path: str
    input_sha256: str
    options: str  # digest of everything but the models that decides the output
    models: tuple[tuple[str, str, str, str], ...]  # (from, to, name, version) per package
    outputs: tuple[str, ...]  # file names in the folder
    summary: Mapping[str, Any]

    def as_json(self) -> str:
        record = {
            "format": RECORD_FORMAT,
            "id": self.id,
            "path": self.path,
            "input_sha256": self.input_sha256,
            "options": self.options,
            "models": [list(m) for m in self.models],
            "outputs": list(self.outputs),
            "summary": self.summary,
        }
        return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def prepare_folder(out_dir: Path) -> None:
    """Create the folder, prove it is writable, and remove temporary files that a killed run
    left behind (a running process's own are kept)."""
    try:
        (out_dir / RECORDS).mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe.", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot write the output folder ({exc.strerror or exc}); "
            "choose another with -o"
        ) from exc
    for folder in (out_dir, out_dir / RECORDS):
        remove_stale_temps(folder)


def remove_stale_temps(folder: Path) -> list[Path]:
    removed = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if not _TEMP.match(entry.name) or not entry.is_file():
                continue
            found = _TEMP_PID.search(entry.name)
            if found and int(found.group(1)) != os.getpid() and _alive(int(found.group(1))):
                continue  # another run is writing it now
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def load_records(out_dir: Path) -> dict[str, Record]:
    """id -> record, for every readable record in the folder (unreadable ones are ignored:
    their article is simply done again)."""
    records: dict[str, Record] = {}
    folder = out_dir / RECORDS
    if not folder.is_dir():
        return records
    for path in sorted(folder.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != RECORD_FORMAT:
                continue
            record = Record(
                id=raw["id"],
                path=raw["path"],
                input_sha256=raw["input_sha256"],
                options=raw["options"],
                models=tuple(tuple(m) for m in raw["models"]),
                outputs=tuple(raw["outputs"]),
                summary=raw["summary"],
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        records[record.id] = record
    return records


# What a brief record keeps of the summary: the --json summary and the run's notes.
_BRIEF = ("id", "path", "language", "segments", "chrf", "bleu", "terms", "notes")


def brief(record: Record) -> Record:
    """The record with only what a run keeps in memory for every article of the folder."""
    summary = {k: record.summary[k] for k in _BRIEF if k in record.summary}
    language = summary.get("language")
    if isinstance(language, Mapping):
        summary["language"] = {k: language.get(k) for k in ("lang", "tag")}
    return replace(record, summary=summary)


def write_record(out_dir: Path, record: Record) -> Path:
    from translate.writers import atomic

    return atomic.write_text(out_dir / RECORDS / f"{record.id}.json", record.as_json())


def remove_record(out_dir: Path, article_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        (out_dir / RECORDS / f"{article_id}.json").unlink()


def complete(out_dir: Path, record: Record, wanted: Sequence[str]) -> bool:
    """Every wanted file of the record is in the folder."""
    return set(wanted) <= set(record.outputs) and all((out_dir / name).is_file() for name in wanted)


def assign_ids(
    paths: Sequence[str],
    base_ids: Sequence[str],
    extensions: Sequence[str],
    records: Mapping[str, Record],
) -> list[str]:
    """File-name ids for the inputs, so that no two outputs share a name, none is index.html
    or run.json, and an article keeps the id an earlier run gave it (ignoring case, for
    case-insensitive file systems). Unique stems keep their names."""
    by_path = {r.path: r.id for r in records.values()}
    owner = {r.id.casefold(): r.path for r in records.values()}
    reserved = {name.casefold() for name in RESERVED}
    bases = {b.casefold() for b in base_ids}
    taken: set[str] = set()
    ids: list[str] = []

    def free(candidate: str, path: str) -> bool:
        key = candidate.casefold()
        if key in taken or owner.get(key, path) != path:
            return False
        return not any(f"{key}.{ext}".casefold() in reserved for ext in extensions)

    for path, base in zip(paths, base_ids, strict=True):
        candidate = by_path.get(path, base)
        n = 1
        while not free(candidate, path):
            n += 1
            candidate = f"{base}-{n}"
            while candidate.casefold() in bases:  # another input's own name
                n += 1
                candidate = f"{base}-{n}"
        taken.add(candidate.casefold())
        ids.append(candidate)
    return ids


def output_names(article_id: str, extensions: Iterable[str]) -> list[str]:
    return [f"{article_id}.{ext}" for ext in extensions]
