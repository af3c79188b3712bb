"""Reading an editor's file back: XLIFF 1.2 or 2.x, or TMX, as a CAT tool left it.

What counts as the editor's translation (and goes to the memory as a human one):
- a target that differs from the machine translation we delivered: an edit, whatever the state
  (OmegaT never changes a state; Trados and memoQ may leave an edited segment in draft);
- an unchanged target the editor confirmed: a state only a human sets (XLIFF 1.2 signed-off,
  final or approved="yes"; XLIFF 2 reviewed or final), or a segment we delivered flagged for
  review that is now translated;
- in a file that does not carry our notes (a foreign file, or one a tool rewrote), every
  target in a done state (translated too), since nothing tells MT from an edit there;
- in a TMX from a CAT tool, every unit that is not the machine translation an earlier run
  made (a CAT tool's memory holds what a translator confirmed, and also what it inserted from
  tm/auto/ untouched). A TMX we wrote ourselves (translate run) holds machine translations.
Units marked translate="no" (carried over) and empty targets are left alone.

The machine translation we delivered is the "machine-translation" note of our XLIFF files;
where it is missing, `machine` (what the memory keeps of earlier runs) may supply it. Terms:
the glossary outcome we noted ("RCEP=RCEP✗(lost)") is checked against the new target, so the
report can say which terms are now right and which an edit lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import regex

from translate.errors import InputError
from translate.writers.xmltext import ExchangeSegment, parse, plain

# Target states that say a segment is done, and those only a human sets.
_DONE = {
    "1.2": frozenset({"translated", "signed-off", "final"}),
    "2": frozenset({"translated", "reviewed", "final"}),
}
_HUMAN = {"1.2": frozenset({"signed-off", "final"}), "2": frozenset({"reviewed", "final"})}
_TERM = regex.compile(r"(?P<source>.+?)=(?P<target>.*)(?P<mark>[\u2713\u2717])(?:\((?P<why>.*)\))?")
TOOL = "newsroom-translate"


@dataclass(frozen=True)
class TermCheck:
    source: str  # the term as written in the source
    target: str  # the approved target
    was_ok: bool  # in the machine translation
    now_ok: bool  # in the editor's target


@dataclass(frozen=True)
class EditedSegment:
    id: str
    source: str
    target: str  # the editor's target
    machine: str | None  # the machine translation delivered, when known
    state: str  # as the file says it ("" for TMX)
    status: str  # edited | confirmed | unchanged | unconfirmed | locked | empty | machine
    terms: tuple[TermCheck, ...] = ()

    @property
    def human(self) -> bool:
        """Whether this is the editor's translation, for the memory."""
        return self.status in ("edited", "confirmed")

    @property
    def terms_fixed(self) -> tuple[str, ...]:
        return tuple(t.source for t in self.terms if t.now_ok and not t.was_ok)

    @property
    def terms_lost(self) -> tuple[str, ...]:
        return tuple(t.source for t in self.terms if t.was_ok and not t.now_ok)


@dataclass(frozen=True)
class EditedFile:
    path: str
    kind: str  # "XLIFF 1.2" | "XLIFF 2" | "TMX"
    source_lang: str
    target_lang: str
    segments: tuple[EditedSegment, ...]

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.segments)

    @property
    def human(self) -> tuple[EditedSegment, ...]:
        return tuple(s for s in self.segments if s.human)


Machine = Callable[[str], str | None]  # source -> the machine translation delivered, if known


def read_edited(path: Path, machine: Machine | None = None) -> EditedFile:
    """An editor's XLIFF or TMX file, each segment judged as the module docstring says."""
    kind, ours = _sniff(path)
    if kind == "TMX":
        from translate.writers.tmx import read_tmx

        segments = read_tmx(path)
    elif kind == "XLIFF 1.2":
        from translate.writers.xliff12 import read_xliff12

        segments = read_xliff12(path)
    else:
        from translate.writers.xliff import read_xliff

        segments = read_xliff(path)
    judge = _judge_tmx if kind == "TMX" else _judge_xliff
    version = "1.2" if kind == "XLIFF 1.2" else "2"
    judged = tuple(judge(s, version, ours, machine) for s in segments)
    first = segments[0] if segments else None
    return EditedFile(
        str(path),
        kind,
        first.source_lang if first else "",
        first.target_lang if first else "",
        judged,
    )


def _sniff(path: Path) -> tuple[str, bool]:
    """The file's kind, and whether translate run wrote it (TMX only: its creation tool)."""
    from lxml import etree

    try:
        root = parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(
            str(path), f"not a readable XML file ({exc})", "pass an .xlf or .tmx file"
        ) from exc
    name, version = etree.QName(root).localname, root.get("version", "")
    if name == "tmx":
        header = root.find("header")
        return "TMX", header is not None and header.get("creationtool") == TOOL
    if name == "xliff" and version.startswith("1."):
        return "XLIFF 1.2", False
    if name == "xliff" and version.startswith("2."):
        return "XLIFF 2", False
    raise InputError(
        str(path),
        f"<{name}> is neither XLIFF nor TMX",
        "pass the XLIFF or TMX file the CAT tool saved",
    )


def _terms(noted: str, target: str) -> tuple[TermCheck, ...]:
    checks = []
    for item in noted.split("; ") if noted else ():
        match = _TERM.fullmatch(item)
        if match:
            wanted = match["target"]
            now = bool(wanted) and wanted.casefold() in target.casefold()
            checks.append(TermCheck(match["source"], wanted, match["mark"] == "\u2713", now))
    return tuple(checks)


def _judge_xliff(
    seg: ExchangeSegment, version: str, ours: bool, machine: Machine | None
) -> EditedSegment:
    notes = dict(seg.annotations)
    delivered = notes.get("machine-translation")
    if delivered is None and machine is not None:
        delivered = machine(seg.source)
    flags = [f.strip() for f in notes.get("flags", "").split(",") if f.strip()]
    was_flagged = any(f != "carried" for f in flags)
    state = seg.state
    if notes.get("translate") == "no":
        status = "locked"
    elif not seg.target.strip():
        status = "empty"
    elif delivered is not None and plain(seg.target) != delivered:
        status = "edited"
    elif delivered is not None:
        human = state in _HUMAN[version] or notes.get("approved") == "yes"
        confirmed = human or (was_flagged and state in _DONE[version])
        status = "confirmed" if confirmed else "unchanged"
    else:
        done = state in _DONE[version] or notes.get("approved") == "yes"
        status = "confirmed" if done else "unconfirmed"
    return EditedSegment(
        seg.id,
        seg.source,
        seg.target,
        delivered,
        state,
        status,
        _terms(notes.get("terms", ""), seg.target),
    )


def _judge_tmx(
    seg: ExchangeSegment, version: str, ours: bool, machine: Machine | None
) -> EditedSegment:
    props = dict(seg.annotations)
    delivered = machine(seg.source) if machine is not None else None
    if ours:
        status = "machine"  # our own article memory: what the engine wrote
    elif not seg.target.strip():
        status = "empty"
    elif delivered is None:
        status = "confirmed"
    else:  # OmegaT keeps what tm/auto/ inserted: the machine translation, not an edit
        status = "unchanged" if seg.target == delivered else "edited"
    return EditedSegment(
        seg.id,
        seg.source,
        seg.target,
        delivered,
        "",
        status,
        _terms(props.get("x-terms", ""), seg.target),
    )


def machine_lookup(delivered: Mapping[str, str]) -> Machine:
    """A Machine from source -> machine translation, matched with whitespace collapsed."""
    table = {" ".join(k.split()): v for k, v in delivered.items()}
    return lambda source: table.get(" ".join(source.split()))
