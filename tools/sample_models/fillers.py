"""Frame slots and the fillers that fill them.

Names, places and organisations come from the tables in sample_models/corpus/fillers/ (one
file per slot type; columns `en`, `zh` and `en.ATTR`/`zh.ATTR` for the attributes a frame can
ask for, as in {person.short}); numbers, dates and times are drawn here, in both languages'
formats. A protectable filler (a name) carries a glossary `Term`, so that the corpus can protect
it as a newsroom glossary holding that name would.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from tools.sample_models.errors import BuildError
from tools.sample_models.paths import FILLERS
from translate.core import Term

# Slot type -> the prefix of its names' term ids; the other tables (weekday, numword) are
# not names and are never protected. A {party} is an organisation or a country.
TERM_PREFIX = {
    "person": "person",
    "country": "place",
    "party": "place",
    "org": "org",
    "company": "company",
    "city": "city",
    "media": "media",
    "forum": "forum",
    "council": "council",
    "admin": "admin",
    "product": "product",
}
# The names a seed sentence may have protected as a user glossary would (and the dictionary).
NAME_TABLES = ("person", "country", "org", "company", "city", "media", "forum", "council", "admin")
TABLES = (*NAME_TABLES, "product", "weekday", "numword")
NUMBERS = ("year", "n", "million", "billion", "day", "time", "datetime", "pubdate")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SLOT = regex.compile(r"\{([a-z]+)(\d*)(?:\.([a-z]+))?\}")


@dataclass(frozen=True)
class Row:
    """One table row: attribute -> text per language ("" is the plain form)."""

    en: Mapping[str, str]
    zh: Mapping[str, str]


@dataclass(frozen=True)
class Filler:
    key: str  # tells fillers apart (two slots of one frame never get the same one)
    en: Mapping[str, str]
    zh: Mapping[str, str]
    term: Term | None = None  # a name, protectable


@dataclass(frozen=True)
class Instance:
    """A frame with every slot filled."""

    en: str
    zh: str
    key: tuple[str, ...]  # the fillers' keys in slot-name order
    terms: tuple[Term, ...]  # the names it holds


def name_term(kind: str, en: str, zh: str) -> Term:
    """A filler name as a glossary entry (exact case, as a newsroom would write it)."""
    return Term(id=f"{TERM_PREFIX[kind]}:{en}", en=en, zh_hans=zh, zh_hant="", case="exact")


def read_table(path: Path) -> tuple[Row, ...]:
    lines = [
        (n, ln)
        for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ln.strip() and not ln.startswith("#")
    ]
    if not lines:
        raise BuildError(f"{path}: no header line; the first line must name the columns")
    header = lines[0][1].split("\t")
    if "en" not in header or "zh" not in header:
        raise BuildError(f"{path}:{lines[0][0]}: the header must have columns en and zh")
    rows = []
    for n, ln in lines[1:]:
        cells = ln.split("\t")
        if len(cells) != len(header) or not all(cells):
            raise BuildError(f"{path}:{n}: expected {len(header)} non-empty tab-separated cells")
        by = dict(zip(header, cells, strict=True))
        en = {col.partition(".")[2]: v for col, v in by.items() if col.partition(".")[0] == "en"}
        zh = {col.partition(".")[2]: v for col, v in by.items() if col.partition(".")[0] == "zh"}
        rows.append(Row(en, zh))
    return tuple(rows)


@cache
def tables(folder: Path = FILLERS) -> Mapping[str, tuple[Row, ...]]:
    """Every filler table, by slot type."""
    missing = [name for name in TABLES if not (folder / f"{name}.tsv").is_file()]
    if missing:
        raise BuildError(f"{folder}: missing filler tables {', '.join(missing)}")
    return {name: read_table(folder / f"{name}.tsv") for name in TABLES}


def name_terms(folder: Path = FILLERS) -> tuple[Term, ...]:
    """Every name in the name tables once (the first table holding it names it)."""
    out: dict[tuple[str, str], Term] = {}
    for kind in NAME_TABLES:
        for row in tables(folder)[kind]:
            out.setdefault((row.en[""], row.zh[""]), name_term(kind, row.en[""], row.zh[""]))
    return tuple(out.values())


def zh_millions(m: int) -> str:
    """480 (million) -> 4.8亿; 35 -> 3500万."""
    if m >= 100:
        return f"{m / 100:.2f}".rstrip("0").rstrip(".") + "亿"
    return f"{m * 100}万"


def ordinal(d: int) -> str:
    suffix = "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suffix}"


def _same(text: str) -> Filler:
    return Filler(text, {"": text}, {"": text})


def draw_number(kind: str, rng: random.Random) -> Filler:
    """A number, date or time, written as each language writes it."""
    if kind == "year":
        return _same(str(rng.randint(1950, 2030)))
    if kind == "n":
        return _same(str(rng.randint(2, 60)))
    if kind == "million":  # 480 million -> 4.8亿, 35 million -> 3500万
        m = rng.choice(
            [rng.randint(100, 999), rng.randint(100, 999), rng.randint(10, 99)]
            + [rng.randint(1, 9) * 100]
        )
        return Filler(str(m), {"": f"{m} million"}, {"": zh_millions(m)})
    if kind == "billion":  # 5.5 billion -> 55 (亿)
        tenths = rng.choice([rng.randint(5, 150), rng.randint(1, 30) * 10])
        en = f"{tenths // 10}.{tenths % 10}" if tenths % 10 else str(tenths // 10)
        return Filler(en, {"": en}, {"": str(tenths)})
    if kind == "day":
        d = rng.randint(1, 31)
        return Filler(str(d), {"": ordinal(d)}, {"": str(d)})
    if kind == "time":
        return _same(f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}")
    if kind == "datetime":
        return _same(
            f"{rng.randint(2015, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        )
    assert kind == "pubdate", kind
    y, mo, d = rng.randint(2015, 2030), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, pm = rng.randint(1, 12), rng.randint(0, 59), rng.random() < 0.5
    en = f"{MONTHS[mo - 1]} {d}, {y} {h:02d}:{mi:02d} {'pm' if pm else 'am'}"
    zh = f"{y}年{mo}月{d}日 {'下午' if pm else '上午'}{h:02d}:{mi:02d}"
    return Filler(en, {"": en}, {"": zh})


def draw(kind: str, rng: random.Random, folder: Path = FILLERS) -> Filler:
    """A random filler for a slot of type `kind`."""
    if kind in NUMBERS:
        return draw_number(kind, rng)
    if kind == "party":  # an organisation or a country, written without an article
        rows = [r for r in tables(folder)["org"] if not r.en[""].startswith("the ")]
        row = rng.choice(rows + list(tables(folder)["country"]))
        row = Row({"": row.en[""]}, {"": row.zh[""]})
    elif kind in TABLES:
        row = rng.choice(tables(folder)[kind])
    else:
        raise BuildError(f"unknown slot type {{{kind}}}; use one of {', '.join(slot_types())}")
    en, zh = row.en[""], row.zh[""]
    term = name_term(kind, en, zh) if kind in TERM_PREFIX else None
    return Filler(en, row.en, row.zh, term)


def slot_types() -> list[str]:
    return sorted({*TABLES, *NUMBERS, "party"})


def fill(en_template: str, zh_template: str, rng: random.Random) -> Instance:
    """Both sides of a frame filled from the same fillers; two slots of one type (person,
    person2) get different ones."""
    slots: dict[str, Filler] = {}
    for kind, num, _attr in SLOT.findall(en_template + zh_template):
        name = kind + num
        if name not in slots:
            for _ in range(50):
                filler = draw(kind, rng)
                if all(filler.key != other.key for other in slots.values()):
                    break
            slots[name] = filler

    def sub(template: str, side: str) -> str:
        def one(m: regex.Match[str]) -> str:
            filler = slots[m.group(1) + m.group(2)]
            forms = filler.en if side == "en" else filler.zh
            attr = m.group(3) or ""
            if attr not in forms:
                raise BuildError(f"{{{m.group(1)}}} has no .{attr} in {side}: {template}")
            return forms[attr]

        return str(SLOT.sub(one, template))

    names = sorted(slots)
    terms = tuple(t for t in (slots[n].term for n in names) if t is not None)
    return Instance(
        sub(en_template, "en"), sub(zh_template, "zh"), tuple(slots[n].key for n in names), terms
    )


def check_frames(frames: Sequence[tuple[int, str, str]], where: Path) -> None:
    """Every slot of every frame (line, en, zh) has a type the build can fill."""
    known = set(slot_types())
    for line, en, zh in frames:
        for kind, _num, _attr in SLOT.findall(en + zh):
            if kind not in known:
                raise BuildError(
                    f"{where}:{line}: unknown slot type {{{kind}}}; "
                    f"use one of {', '.join(sorted(known))}"
                )
