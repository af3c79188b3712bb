#!/usr/bin/env python3
"""Build the bundled SAMPLE translation models (en->zh and zh->en Argos Translate packages).

The packages are tiny but real: a Transformer trained here in torch on a small parallel corpus
(the two sample articles in seeds/ plus pattern variants), converted to CTranslate2 (int8) and
tokenised with a SentencePiece model trained on the same corpus.  They exist so that the tool
works offline out of the box on the sample articles; they are no substitute for the real Argos
models (`translate models install en zh`).

Steps (all seeded: the same --seed gives the same corpus, SentencePiece model and, on the same
torch build, the same weights; each direction trains on one thread, both side by side when
--threads >= 2, about 21 minutes on two cores for the default 62 epochs):
  1. corpus: sample_models/corpus/seed_pairs.tsv (one pair per English line of
     tests/data/seed_sentences.txt) + sample_models/corpus/frames.tsv expanded with fillers;
  2. glossary-protection variants per direction: placeholder (ZXA, ZXB... in source order) and
     inject (source term replaced by its target-language form), full and partial;
  3. one shared SentencePiece model for both languages;
  4. one small pre-norm Transformer per direction (torch, CPU);
  5. CTranslate2 TransformerSpec, int8;
  6. zip into translate/sample_models/{en_zh,zh_en}-sample.argosmodel;
  7. (--eval) measure the packages with ctranslate2 the way Argos runs them (beam 4) and with
     patience=2, on the seed sentences, their protected variants and held-out frame fillings;
     the numbers go to <work>/eval.json.

torch is needed only here (pip install -e .[train]); the package never imports it.

Usage:
  python scripts/build_sample_models.py                   # build both packages
  python scripts/build_sample_models.py --eval-only       # measure the committed packages
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "sample_models" / "corpus"
SEED_PAIRS = CORPUS_DIR / "seed_pairs.tsv"
FRAMES = CORPUS_DIR / "frames.tsv"
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
SEED_SENTENCES = ROOT / "tests" / "data" / "seed_sentences.txt"
DEFAULT_OUT = ROOT / "translate" / "sample_models"
DEFAULT_WORK = ROOT / "build" / "sample_models"
DEFAULT_SEED = 1234

PLACEHOLDERS = tuple(f"ZX{c}" for c in "ABCDEFGHIJ")
DIRECTIONS = (("en", "zh"), ("zh", "en"))
LANG_NAMES = {"en": "English", "zh": "Chinese"}
PACKAGE_VERSION = "0.1-sample"
ARGOS_VERSION = "1.9"

# Model size: int8 weights are one byte per parameter; this gives ~4.2 M parameters (< 5 MB zip).
D_MODEL = 256
HEADS = 4
ENC_LAYERS = 3
DEC_LAYERS = 2
FFN = 640
VOCAB_SIZE = 2400
# Longest source/target (SentencePiece pieces) trained on; longer pairs are dropped.
MAX_TOKENS = 160
LN_EPS = 1e-6

SAMPLE_DESCRIPTION = (
    "SAMPLE model: a tiny Transformer trained only on the project's two sample articles and "
    "pattern variants of their sentences. It translates those articles and close variants; it "
    "is not a general translation model. Install a real Argos Translate package for real work."
)

README_TEMPLATE = """# {from_name} -> {to_name} SAMPLE model ({code})

**Warning: this is a tiny sample model, not a real translation model.**

It is a {layers}-layer Transformer (d_model {d_model}, int8, {params:,} parameters) trained
only on the two sample articles shipped with the newsroom translation tool and pattern
variants of their sentences (other names, numbers and organisations in the same frames, and
glossary-protected forms with ZXA/ZXB... placeholders or injected target terms). It
reproduces those articles and translates close variants; anything else will come out wrong.

Install a real Argos Translate model for real work:

- online: `translate models install en zh` (downloads from the Argos package index)
- offline: `translate models install FILE.argosmodel` (a package file copied from elsewhere)

Built by `scripts/build_sample_models.py` (seed {seed}); trained on inputs of at most
{max_tokens} SentencePiece tokens.  Decode as Argos does (SentencePiece pieces in, no BOS/EOS
on the source, beam 4) but with `patience=2` (metadata.json "decoding", which the tool
applies) or `length_penalty=0`: a model this small is so sure of its one memorised path that
the other beams end early, and with a length penalty CTranslate2 stops once beam_size
hypotheses have ended, sometimes before the right one has.
"""


# --------------------------------------------------------------------------------------------
# Glossary and term matching
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """Something that can be protected: a glossary term or a frame filler (pseudo-term)."""

    id: str
    en_forms: tuple[str, ...]  # preferred form first
    zh_forms: tuple[str, ...]
    case: str = "exact"  # exact | insensitive | smart
    plural: bool = False
    glossary: bool = True

    def forms(self, side: str) -> tuple[str, ...]:
        return self.en_forms if side == "en" else self.zh_forms

    def preferred(self, side: str) -> str:
        return self.forms(side)[0]


def load_glossary(path: Path = GLOSSARY) -> list[Entry]:
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    header = lines[0].split("\t")
    entries = []
    for ln in lines[1:]:
        row = dict(zip(header, ln.split("\t"), strict=False))
        if row.get("status") == "deprecated":
            continue
        en = [row["en"]] + [a for a in row.get("en_aliases", "").split("|") if a]
        zh = [row["zh-Hans"]] + [a for a in row.get("zh_aliases", "").split("|") if a]
        if row.get("dnt") == "yes" and row["en"] not in zh:
            zh.append(row["en"])
        entries.append(
            Entry(
                id=row["id"],
                en_forms=tuple(en),
                zh_forms=tuple(zh),
                case=row.get("case", "exact") or "exact",
                plural=row.get("plural") == "yes",
                glossary=True,
            )
        )
    return entries


_WORD = re.compile(r"[A-Za-z0-9]")


def _surface_forms(form: str, entry: Entry, side: str) -> list[str]:
    out = [form]
    if side == "en" and entry.case == "smart":
        out += [form[0].swapcase() + form[1:], form.lower()]
    if side == "en" and entry.plural:
        out += [f + "s" for f in out]
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    id: str


def find_terms(text: str, entries: Sequence[Entry], side: str) -> list[Match]:
    """Non-overlapping matches, longest first (then leftmost, glossary before fillers,
    preferred form before aliases); Latin forms must sit on word boundaries."""
    cands = []
    for entry in entries:
        for rank, form in enumerate(entry.forms(side)):
            flags = re.IGNORECASE if (side == "en" and entry.case == "insensitive") else 0
            for surface in _surface_forms(form, entry, side):
                for m in re.finditer(re.escape(surface), text, flags):
                    s, e = m.span()
                    if _WORD.match(surface[0]) and s > 0 and _WORD.match(text[s - 1]):
                        continue
                    if _WORD.match(surface[-1]) and e < len(text) and _WORD.match(text[e]):
                        continue
                    cands.append((-(e - s), s, not entry.glossary, rank, e, entry.id))
    cands.sort()
    taken: list[Match] = []
    for _neg, s, _g, _r, e, eid in cands:
        if all(e <= t.start or s >= t.end for t in taken):
            taken.append(Match(s, e, eid))
    return sorted(taken, key=lambda m: m.start)


@dataclass(frozen=True)
class Link:
    src: Match
    tgt: Match


def align_terms(
    src: str, tgt: str, src_side: str, tgt_side: str, entries: Sequence[Entry]
) -> tuple[list[Link], list[str]]:
    """Pairs every source term with its rendering in the target: the k-th occurrence of an id in
    the source with the k-th in the target. Ids whose counts differ are left out (returned)."""
    s_by, t_by = defaultdict(list), defaultdict(list)
    for m in find_terms(src, entries, src_side):
        s_by[m.id].append(m)
    for m in find_terms(tgt, entries, tgt_side):
        t_by[m.id].append(m)
    links, skipped = [], []
    for eid, ms in s_by.items():
        if len(ms) == len(t_by.get(eid, [])):
            links += [Link(a, b) for a, b in zip(ms, t_by[eid], strict=True)]
        else:
            skipped.append(eid)
    links.sort(key=lambda lk: lk.src.start)
    return links, skipped


def _replace(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    for s, e, rep in sorted(spans, reverse=True):
        text = text[:s] + rep + text[e:]
    return text


def placeholder_variant(src: str, tgt: str, links: Sequence[Link]) -> tuple[str, str]:
    links = sorted(links, key=lambda lk: lk.src.start)[: len(PLACEHOLDERS)]
    return (
        _replace(src, [(lk.src.start, lk.src.end, PLACEHOLDERS[i]) for i, lk in enumerate(links)]),
        _replace(tgt, [(lk.tgt.start, lk.tgt.end, PLACEHOLDERS[i]) for i, lk in enumerate(links)]),
    )


def inject_variant(
    src: str, tgt: str, links: Sequence[Link], tgt_side: str, by_id: dict[str, Entry]
) -> tuple[str, str]:
    return _replace(
        src, [(lk.src.start, lk.src.end, by_id[lk.src.id].preferred(tgt_side)) for lk in links]
    ), tgt


# Hand-written protected forms where the glossary matcher's choice cannot be aligned
# automatically: overlapping terms ("President Xi" wins over "Xi Jinping" by length) and a term
# whose source has two occurrences and the translation one ("free trade agreements (FTAs)").
# (direction, strategy, source, target); placeholders follow source order as everywhere else.
# fmt: off
_XI_TAIL = (
    " relations as the most successful and dynamic model in regional Asia-Pacific cooperation."
)
_XI_ZH = "关系形容为亚太区域合作中最为成功和最具活力的典范。"
_FTA_EN = "said he believes bilateral trade will continue to grow following the implementation of"
EXTRA_PROTECTED = [
    ("en-zh", "placeholder", "Chinese ZXA Jinping has described China-ZXB" + _XI_TAIL,
     "ZXA曾将中国—ZXB" + _XI_ZH),
    ("en-zh", "inject", "Chinese 习主席 Jinping has described China-东盟" + _XI_TAIL,
     "中国国家主席习近平曾将中国—东盟" + _XI_ZH),
    ("en-zh", "placeholder", "Chinese President ZXA has described China-ZXB" + _XI_TAIL,
     "中国国家主席ZXA曾将中国—ZXB" + _XI_ZH),
    ("zh-en", "placeholder", "中国国家主席ZXA曾将中国—ZXB" + _XI_ZH,
     "Chinese President ZXA has described China-ZXB" + _XI_TAIL),
    ("zh-en", "inject", "中国国家主席Xi Jinping曾将中国—ASEAN" + _XI_ZH,
     "Chinese President Xi Jinping has described China-ASEAN" + _XI_TAIL),
    ("en-zh", "placeholder", f"ZXA {_FTA_EN} ZXB (ZXC) and the ZXD (ZXE).",
     "ZXA表示，他相信随着ZXB（ZXC）和ZXD（ZXE）的实施，双边贸易将持续增长。"),
    ("en-zh", "inject",
     f"高金洪 {_FTA_EN} 自贸协定 (自贸协定) and the 区域全面经济伙伴关系协定 (RCEP).",
     "高金洪表示，他相信随着自贸协定和区域全面经济伙伴关系协定（RCEP）的实施，双边贸易将持续增长。"),
    ("zh-en", "placeholder", "ZXA表示，他相信随着ZXB和ZXC（ZXD）的实施，双边贸易将持续增长。",
     f"ZXA {_FTA_EN} ZXB (FTAs) and the ZXC (ZXD)."),
    ("zh-en", "inject",
     "Kao Kim Hourn表示，他相信随着FTA和Regional Comprehensive Economic Partnership（RCEP）"
     "的实施，双边贸易将持续增长。",
     f"Kao {_FTA_EN} free trade agreements (FTAs) and the Regional Comprehensive Economic "
     "Partnership (RCEP)."),
]
# fmt: on


# --------------------------------------------------------------------------------------------
# Corpus: seed pairs and frames
# --------------------------------------------------------------------------------------------


def read_tsv_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        cols = ln.split("\t")
        if len(cols) != 2:
            raise SystemExit(f"{path}:{n}: expected 2 tab-separated columns, got {len(cols)}")
        pairs.append((cols[0], cols[1]))
    return pairs


def seed_english_lines(path: Path = SEED_SENTENCES) -> list[str]:
    """Every distinct English line of the canonical seed segmentation (Chinese lines skipped)."""
    out: list[str] = []
    for ln in path.read_text(encoding="utf-8").splitlines():
        if not ln.strip() or re.search(r"[\u4e00-\u9fff]", ln):
            continue
        if ln not in out:
            out.append(ln)
    return out


def load_seed_pairs() -> list[tuple[str, str]]:
    pairs = read_tsv_pairs(SEED_PAIRS)
    want = seed_english_lines()
    have = [en for en, _ in pairs]
    if have != want:
        missing = [s for s in want if s not in have]
        extra = [s for s in have if s not in want]
        raise SystemExit(
            f"seed_pairs.tsv out of step with {SEED_SENTENCES}: "
            f"missing {missing[:3]}, extra {extra[:3]}"
        )
    return pairs


# Fillers: (en, zh, extra attributes). person: short forms; country: adjective and the form used
# after 对 ("对华" for China).
PERSONS = [
    # en, en short, zh, zh short
    ("Kao Kim Hourn", "Kao", "高金洪", "高金洪"),
    ("Jensen Huang", "Huang", "黄仁勋", "黄仁勋"),
    ("Ren Hongbin", "Ren", "任鸿斌", "任鸿斌"),
    ("Wang Yi", "Wang", "王毅", "王毅"),
    ("Li Qiang", "Li", "李强", "李强"),
    ("Wang Wentao", "Wang", "王文涛", "王文涛"),
    ("Lim Jock Hoi", "Lim", "林玉辉", "林玉辉"),
    ("Lawrence Wong", "Wong", "黄循财", "黄循财"),
    ("Anwar Ibrahim", "Anwar", "安瓦尔", "安瓦尔"),
    ("Prabowo Subianto", "Prabowo", "普拉博沃", "普拉博沃"),
    ("Hun Manet", "Hun Manet", "洪玛奈", "洪玛奈"),
    ("Vivian Balakrishnan", "Balakrishnan", "维文", "维文"),
    ("Gan Kim Yong", "Gan", "颜金勇", "颜金勇"),
    ("Pham Minh Chinh", "Pham Minh Chinh", "范明政", "范明政"),
    ("Tim Cook", "Cook", "蒂姆·库克", "库克"),
    ("Lisa Su", "Su", "苏姿丰", "苏姿丰"),
    ("Satya Nadella", "Nadella", "萨蒂亚·纳德拉", "纳德拉"),
    ("Elon Musk", "Musk", "埃隆·马斯克", "马斯克"),
    ("Sundar Pichai", "Pichai", "桑达尔·皮查伊", "皮查伊"),
    ("Antonio Guterres", "Guterres", "安东尼奥·古特雷斯", "古特雷斯"),
    ("Ren Zhengfei", "Ren", "任正非", "任正非"),
    ("Cristiano Amon", "Amon", "克里斯蒂亚诺·阿蒙", "阿蒙"),
]
COUNTRIES = [
    # en, adjective, zh, form after 对
    ("China", "Chinese", "中国", "华"),
    ("India", "Indian", "印度", "印度"),
    ("Japan", "Japanese", "日本", "日本"),
    ("Indonesia", "Indonesian", "印度尼西亚", "印度尼西亚"),
    ("Malaysia", "Malaysian", "马来西亚", "马来西亚"),
    ("Singapore", "Singaporean", "新加坡", "新加坡"),
    ("Vietnam", "Vietnamese", "越南", "越南"),
    ("Thailand", "Thai", "泰国", "泰国"),
    ("Cambodia", "Cambodian", "柬埔寨", "柬埔寨"),
    ("Laos", "Lao", "老挝", "老挝"),
    ("Myanmar", "Myanmar", "缅甸", "缅甸"),
    ("Brunei", "Bruneian", "文莱", "文莱"),
    ("South Korea", "South Korean", "韩国", "韩国"),
    ("Australia", "Australian", "澳大利亚", "澳大利亚"),
    ("Brazil", "Brazilian", "巴西", "巴西"),
    ("Germany", "German", "德国", "德国"),
    ("France", "French", "法国", "法国"),
    ("Russia", "Russian", "俄罗斯", "俄罗斯"),
    ("Pakistan", "Pakistani", "巴基斯坦", "巴基斯坦"),
    ("Egypt", "Egyptian", "埃及", "埃及"),
    ("Mexico", "Mexican", "墨西哥", "墨西哥"),
    ("Canada", "Canadian", "加拿大", "加拿大"),
    ("Kazakhstan", "Kazakh", "哈萨克斯坦", "哈萨克斯坦"),
    ("New Zealand", "New Zealand", "新西兰", "新西兰"),
    ("Timor-Leste", "Timorese", "东帝汶", "东帝汶"),
]
ORGS = [  # membership organisations ("{org} member states", "{org} Secretary-General")
    ("ASEAN", "东盟"),
    ("APEC", "亚太经合组织"),
    ("BRICS", "金砖国家"),
    ("the SCO", "上合组织"),
    ("the EU", "欧盟"),
    ("the African Union", "非盟"),
    ("Mercosur", "南方共同市场"),
    ("the Gulf Cooperation Council", "海湾阿拉伯国家合作委员会"),
]
COMPANIES = [
    ("Nvidia", "英伟达"),
    ("Apple", "苹果公司"),
    ("Microsoft", "微软"),
    ("Intel", "英特尔"),
    ("AMD", "AMD"),
    ("Qualcomm", "高通"),
    ("Samsung", "三星"),
    ("Tesla", "特斯拉"),
    ("Huawei", "华为"),
    ("Alibaba", "阿里巴巴"),
    ("Tencent", "腾讯"),
    ("Micron", "美光"),
    ("Broadcom", "博通"),
    ("Google", "谷歌"),
    ("Amazon", "亚马逊"),
    ("Toyota", "丰田"),
]
CITIES = [
    ("Beijing", "北京"),
    ("Shanghai", "上海"),
    ("Jakarta", "雅加达"),
    ("Kuala Lumpur", "吉隆坡"),
    ("Bangkok", "曼谷"),
    ("Hanoi", "河内"),
    ("Phnom Penh", "金边"),
    ("Manila", "马尼拉"),
    ("Vientiane", "万象"),
    ("Shenzhen", "深圳"),
    ("Guangzhou", "广州"),
    ("Tokyo", "东京"),
    ("Seoul", "首尔"),
    ("Nanning", "南宁"),
    ("Hong Kong", "香港"),
    ("Singapore", "新加坡"),
]
MEDIA = [
    ("Xinhua News Agency", "新华社"),
    ("China Media Group (CMG)", "中央广播电视总台"),
    ("Reuters", "路透社"),
    ("Bloomberg", "彭博社"),
    ("Kyodo News", "共同社"),
    ("the Associated Press", "美联社"),
    ("The Straits Times", "《海峡时报》"),
    ("Lianhe Zaobao", "《联合早报》"),
    ("Bernama", "马来西亚国家新闻社"),
]
FORUMS = [
    ("Jakarta Forum on ASEAN-China Relations", "东盟—中国关系雅加达论坛"),
    ("Boao Forum for Asia", "博鳌亚洲论坛"),
    ("World Economic Forum", "世界经济论坛"),
    ("China-ASEAN Expo", "中国—东盟博览会"),
    ("Shangri-La Dialogue", "香格里拉对话会"),
    ("World Internet Conference", "世界互联网大会"),
    ("ASEAN Business and Investment Summit", "东盟工商投资峰会"),
]
COUNCILS = [
    (
        "China Council for the Promotion of International Trade (CCPIT)",
        "中国国际贸易促进委员会（中国贸促会）",
    ),
    ("All-China Federation of Industry and Commerce", "中华全国工商业联合会"),
    ("China Enterprise Confederation", "中国企业联合会"),
    ("Singapore Business Federation", "新加坡工商联合总会"),
    ("ASEAN Business Advisory Council", "东盟工商咨询理事会"),
    ("China Chamber of International Commerce", "中国国际商会"),
]
PRODUCTS = ["H20", "H100", "H800", "A100", "A800", "B200", "L20", "MI308"]
ADMINS = [("Trump", "特朗普"), ("Biden", "拜登"), ("Obama", "奥巴马")]
WEEKDAYS = [
    ("Monday", "周一"),
    ("Tuesday", "周二"),
    ("Wednesday", "周三"),
    ("Thursday", "周四"),
    ("Friday", "周五"),
    ("Saturday", "周六"),
    ("Sunday", "周日"),
]
NUMWORDS = [
    ("two", "两"),
    ("three", "三"),
    ("four", "四"),
    ("five", "五"),
    ("six", "六"),
    ("seven", "七"),
    ("eight", "八"),
    ("nine", "九"),
    ("ten", "十"),
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def zh_millions(m: int) -> str:
    """480 (million) -> 4.8亿; 35 -> 3500万."""
    if m >= 100:
        return f"{m / 100:.2f}".rstrip("0").rstrip(".") + "亿"
    return f"{m * 100}万"


def ordinal(d: int) -> str:
    suffix = "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suffix}"


@dataclass(frozen=True)
class Filler:
    key: str  # identifies the filler for held-out bookkeeping
    en: dict[str, str]  # attr -> text ("" is the plain slot)
    zh: dict[str, str]
    entry: Entry | None = None  # protectable pseudo-term


def _pseudo(prefix: str, en: str, zh: str) -> Entry:
    return Entry(id=f"{prefix}:{en}", en_forms=(en,), zh_forms=(zh,), case="exact", glossary=False)


def draw_filler(kind: str, rng: random.Random) -> Filler:
    if kind == "person":
        en, short, zh, zh_short = rng.choice(PERSONS)
        return Filler(
            en, {"": en, "short": short}, {"": zh, "short": zh_short}, _pseudo("person", en, zh)
        )
    if kind == "country":
        en, adj, zh, dui = rng.choice(COUNTRIES)
        return Filler(en, {"": en, "adj": adj}, {"": zh, "dui": dui}, _pseudo("place", en, zh))
    if kind == "party":  # organisation or country, written without an article
        pool = [(en, zh) for en, zh in ORGS if not en.startswith("the ")] + [
            (c[0], c[2]) for c in COUNTRIES
        ]
        en, zh = rng.choice(pool)
        return Filler(en, {"": en}, {"": zh}, _pseudo("place", en, zh))
    table = {
        "org": ORGS,
        "company": COMPANIES,
        "city": CITIES,
        "media": MEDIA,
        "forum": FORUMS,
        "council": COUNCILS,
        "admin": ADMINS,
        "weekday": WEEKDAYS,
        "numword": NUMWORDS,
    }
    if kind in table:
        en, zh = rng.choice(table[kind])
        prot = kind in ("org", "company", "city", "media", "forum", "council", "admin")
        return Filler(en, {"": en}, {"": zh}, _pseudo(kind, en, zh) if prot else None)
    if kind == "product":
        p = rng.choice(PRODUCTS)
        return Filler(p, {"": p}, {"": p}, _pseudo("product", p, p))
    if kind == "year":
        y = str(rng.randint(1950, 2030))
        return Filler(y, {"": y}, {"": y})
    if kind == "n":
        n = str(rng.randint(2, 60))
        return Filler(n, {"": n}, {"": n})
    if kind == "million":  # 480 million -> 4.8亿, 35 million -> 3500万
        m = rng.choice(
            [
                rng.randint(100, 999),
                rng.randint(100, 999),
                rng.randint(10, 99),
                rng.randint(1, 9) * 100,
            ]
        )
        return Filler(str(m), {"": f"{m} million"}, {"": zh_millions(m)})
    if kind == "billion":
        tenths = rng.choice([rng.randint(5, 150), rng.randint(1, 30) * 10])
        en = f"{tenths // 10}.{tenths % 10}" if tenths % 10 else str(tenths // 10)
        return Filler(en, {"": en}, {"": str(tenths)})
    if kind == "day":
        d = rng.randint(1, 31)
        return Filler(str(d), {"": ordinal(d)}, {"": str(d)})
    if kind == "time":
        t = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        return Filler(t, {"": t}, {"": t})
    if kind == "datetime":
        t = (
            f"{rng.randint(2015, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        )
        return Filler(t, {"": t}, {"": t})
    if kind == "pubdate":
        y, mo, d = rng.randint(2015, 2030), rng.randint(1, 12), rng.randint(1, 28)
        h, mi, pm = rng.randint(1, 12), rng.randint(0, 59), rng.random() < 0.5
        en = f"{MONTHS[mo - 1]} {d}, {y} {h:02d}:{mi:02d} {'pm' if pm else 'am'}"
        zh = f"{y}年{mo}月{d}日 {'下午' if pm else '上午'}{h:02d}:{mi:02d}"
        return Filler(en, {"": en}, {"": zh})
    raise SystemExit(f"frames.tsv: unknown slot type {kind!r}")


_SLOT = re.compile(r"\{([a-z]+)(\d*)(?:\.([a-z]+))?\}")


@dataclass
class Instance:
    en: str
    zh: str
    key: tuple[str, ...]
    entries: list[Entry] = field(default_factory=list)


def fill_frame(en_t: str, zh_t: str, rng: random.Random) -> Instance:
    slots: dict[str, Filler] = {}
    for kind, num, _attr in _SLOT.findall(en_t + zh_t):
        name = kind + num
        if name not in slots:
            for _ in range(50):  # two slots of one type get different fillers
                f = draw_filler(kind, rng)
                if all(f.key != g.key for g in slots.values()):
                    break
            slots[name] = f

    def sub(template: str, side: str) -> str:
        def rep(m: re.Match[str]) -> str:
            f = slots[m.group(1) + m.group(2)]
            return (f.en if side == "en" else f.zh)[m.group(3) or ""]

        return _SLOT.sub(rep, template)

    names = sorted(slots)
    return Instance(
        sub(en_t, "en"),
        sub(zh_t, "zh"),
        tuple(slots[n].key for n in names),
        [slots[n].entry for n in names if slots[n].entry is not None],
    )


def all_filler_entries() -> list[Entry]:
    out: dict[tuple[str, str], Entry] = {}
    for en, _s, zh, _zs in PERSONS:
        out[(en, zh)] = _pseudo("person", en, zh)
    for en, _a, zh, _d in COUNTRIES:
        out[(en, zh)] = _pseudo("place", en, zh)
    for prefix, table in (
        ("org", ORGS),
        ("company", COMPANIES),
        ("city", CITIES),
        ("media", MEDIA),
        ("forum", FORUMS),
        ("council", COUNCILS),
        ("admin", ADMINS),
    ):
        for en, zh in table:
            out.setdefault((en, zh), _pseudo(prefix, en, zh))
    return list(out.values())


# --------------------------------------------------------------------------------------------
# Training pairs per direction
# --------------------------------------------------------------------------------------------


@dataclass
class Example:
    src: str
    tgt: str
    kind: str  # seed | seed-placeholder | seed-inject | frame | frame-placeholder | ...


def protected_variants(
    src: str,
    tgt: str,
    s: str,
    t: str,
    gloss: list[Entry],
    extra: list[Entry],
    rng: random.Random,
    kind: str,
    partial: bool,
    by_id: dict[str, Entry],
) -> list[Example]:
    """Placeholder and inject variants of one pair in direction s->t."""
    out = []
    by_id = {**by_id, **{e.id: e for e in extra}}
    links, _ = align_terms(src, tgt, s, t, gloss)
    if links:
        out.append(Example(*placeholder_variant(src, tgt, links), f"{kind}-placeholder"))
        out.append(Example(*inject_variant(src, tgt, links, t, by_id), f"{kind}-inject"))
        if partial and len(links) >= 2:  # the pipeline's matcher may find fewer terms than ours
            sub = sorted(
                rng.sample(links, rng.randint(1, len(links) - 1)), key=lambda lk: lk.src.start
            )
            out.append(Example(*placeholder_variant(src, tgt, sub), f"{kind}-placeholder-partial"))
            sub = sorted(
                rng.sample(links, rng.randint(1, len(links) - 1)), key=lambda lk: lk.src.start
            )
            out.append(Example(*inject_variant(src, tgt, sub, t, by_id), f"{kind}-inject-partial"))
    if extra:  # user-glossary style protection of other names (countries, people, companies)
        links2, _ = align_terms(src, tgt, s, t, gloss + extra)
        fillers = [lk for lk in links2 if not by_id[lk.src.id].glossary]
        if fillers:
            keep = [lk for lk in links2 if by_id[lk.src.id].glossary or rng.random() < 0.7]
            if any(not by_id[lk.src.id].glossary for lk in keep):
                out.append(
                    Example(*placeholder_variant(src, tgt, keep), f"{kind}-placeholder-names")
                )
    return out


def build_examples(
    seed: int,
) -> tuple[dict[str, list[Example]], dict[str, dict[str, list[Example]]], list[str]]:
    """Training examples per direction, evaluation sets per direction, and build warnings."""
    rng = random.Random(seed)
    gloss = load_glossary()
    fillers = all_filler_entries()
    by_id = {e.id: e for e in gloss + fillers}
    seeds = load_seed_pairs()
    frames = read_tsv_pairs(FRAMES)
    warnings: list[str] = []

    train: dict[str, list[Example]] = {f"{s}-{t}": [] for s, t in DIRECTIONS}
    evals: dict[str, dict[str, list[Example]]] = {
        f"{s}-{t}": defaultdict(list) for s, t in DIRECTIONS
    }

    # Seed pairs: plain (3 copies: they must be memorised), placeholder, inject, partial, names.
    for en, zh in seeds:
        for s, t in DIRECTIONS:
            d = f"{s}-{t}"
            src, tgt = (en, zh) if s == "en" else (zh, en)
            _, skipped = align_terms(src, tgt, s, t, gloss)
            if skipped:
                warnings.append(f"{d}: terms {skipped} not aligned in: {src[:70]}")
            # digits are single pieces and must be copied one by one: such lines get more copies
            digits = bool(re.search(r"\d", src))
            ex = [Example(src, tgt, "seed")] * (4 if digits else 3)
            var = protected_variants(src, tgt, s, t, gloss, fillers, rng, "seed", True, by_id)
            train[d] += ex + var
            if digits:
                train[d] += [v for v in var if v.kind in ("seed-placeholder", "seed-inject")]
            evals[d]["seed"].append(Example(src, tgt, "seed"))
            for v in var:
                if v.kind in ("seed-placeholder", "seed-inject"):
                    evals[d][v.kind].append(v)
    for d, strategy, src, tgt in EXTRA_PROTECTED:
        train[d] += [Example(src, tgt, f"seed-{strategy}")] * 2
        evals[d][f"seed-{strategy}"].append(Example(src, tgt, f"seed-{strategy}"))

    # Glossary entries and fillers on their own (a small dictionary).
    for e in gloss + fillers:
        for s, t in DIRECTIONS:
            for form in e.forms(s)[:2]:
                train[f"{s}-{t}"].append(Example(form, e.preferred(t), "term"))
    for s, t in DIRECTIONS:
        for p in PLACEHOLDERS:
            train[f"{s}-{t}"].append(Example(p, p, "term"))

    # Frames: 22 fillings each for training (34 where numbers must be converted or copied),
    # 3 different ones held out.
    seen_en = {en for en, _ in seeds}
    for i, (en_t, zh_t) in enumerate(frames):
        n_slots = len(set(_SLOT.findall(en_t)))
        per = 22 if n_slots > 1 else 16
        if re.search(r"\{(million|billion|datetime|pubdate|day)\}", en_t):
            per = 34
        keys: set[tuple[str, ...]] = set()
        made: list[Instance] = []
        for _ in range(per * 4):
            if len(made) >= per:
                break
            inst = fill_frame(en_t, zh_t, rng)
            if inst.key in keys:
                continue
            keys.add(inst.key)
            made.append(inst)
        for inst in made:
            seen_en.add(inst.en)
            for s, t in DIRECTIONS:
                d = f"{s}-{t}"
                src, tgt = (inst.en, inst.zh) if s == "en" else (inst.zh, inst.en)
                train[d].append(Example(src, tgt, "frame"))
                var = protected_variants(
                    src, tgt, s, t, gloss, inst.entries, rng, "frame", False, by_id
                )
                train[d] += [v for v in var if rng.random() < 0.5]
        # held out: filler combinations never used for training
        hrng = random.Random(seed * 1000 + i)
        held = 0
        for _ in range(200):
            if held >= 3 or n_slots < 2:
                break
            inst = fill_frame(en_t, zh_t, hrng)
            if inst.key in keys or inst.en in seen_en:
                continue
            keys.add(inst.key)
            held += 1
            for s, t in DIRECTIONS:
                d = f"{s}-{t}"
                src, tgt = (inst.en, inst.zh) if s == "en" else (inst.zh, inst.en)
                evals[d]["heldout"].append(Example(src, tgt, "heldout"))
                links, _ = align_terms(src, tgt, s, t, gloss + inst.entries)
                if links:
                    evals[d]["heldout-placeholder"].append(
                        Example(*placeholder_variant(src, tgt, links), "heldout-placeholder")
                    )
                    glinks = [
                        lk for lk in links if lk.src.id in by_id and by_id[lk.src.id].glossary
                    ]
                    if glinks:
                        evals[d]["heldout-inject"].append(
                            Example(*inject_variant(src, tgt, glinks, t, by_id), "heldout-inject")
                        )

    # Numbers the model has not seen, in the frames that convert them (480 million -> 4.8亿):
    # reported separately, the weakest point of so small a model.
    nrng = random.Random(seed + 11)
    for en_t, zh_t in frames:
        if "{million}" not in en_t:
            continue
        made_n = 0
        for _ in range(200):
            if made_n >= 10:
                break
            inst = fill_frame(en_t, zh_t, nrng)
            if inst.en in seen_en:
                continue
            seen_en.add(inst.en)
            made_n += 1
            evals["en-zh"]["heldout-numbers"].append(Example(inst.en, inst.zh, "heldout-numbers"))
            evals["zh-en"]["heldout-numbers"].append(Example(inst.zh, inst.en, "heldout-numbers"))
    return train, {d: dict(v) for d, v in evals.items()}, warnings


# --------------------------------------------------------------------------------------------
# SentencePiece
# --------------------------------------------------------------------------------------------


def train_sentencepiece(texts: Iterable[str], work: Path, vocab_size: int) -> Path:
    import sentencepiece as spm

    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "sp_corpus.txt"
    uniq = sorted(set(texts))
    corpus.write_text("\n".join(uniq) + "\n", encoding="utf-8")
    prefix = work / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        model_type="bpe",  # whole English words at this vocabulary size (unigram splits "th|at")
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        user_defined_symbols=",".join(PLACEHOLDERS),
        normalization_rule_name="identity",  # keep full-width Chinese punctuation as written
        split_digits=True,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        shuffle_input_sentence=False,
        num_threads=1,
        minloglevel=2,
    )
    model = prefix.with_suffix(".model")
    # SentencePiece records the training paths in the model: keep the file free of this machine.
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.read_bytes())
    del proto.trainer_spec.input[:]
    proto.trainer_spec.input.append(corpus.name)
    proto.trainer_spec.model_prefix = prefix.name
    model.write_bytes(proto.SerializeToString())
    return model


# --------------------------------------------------------------------------------------------
# The Transformer (layout = ctranslate2.specs.TransformerSpec, pre-norm, ReLU, sinusoidal)
# --------------------------------------------------------------------------------------------


def build_torch_model(
    vocab: int,
    d: int = D_MODEL,
    heads: int = HEADS,
    enc: int = ENC_LAYERS,
    dec: int = DEC_LAYERS,
    ffn: int = FFN,
    dropout: float = 0.1,
):
    import torch
    from torch import nn
    from torch.nn import functional as F

    def sinusoid(length: int, depth: int) -> torch.Tensor:
        # CTranslate2's built-in encoding (as OpenNMT-tf): positions from 1, [sin | cos] halves.
        inc = math.log(10000.0) / (depth // 2 - 1)
        inv = torch.exp(torch.arange(depth // 2, dtype=torch.float32) * -inc)
        t = torch.arange(1, length + 1, dtype=torch.float32)[:, None] * inv[None, :]
        return torch.cat([torch.sin(t), torch.cos(t)], dim=1)

    class Attention(nn.Module):
        def __init__(self, self_attn: bool):
            super().__init__()
            self.self_attn = self_attn
            self.norm = nn.LayerNorm(d, eps=LN_EPS)
            if self_attn:
                self.qkv = nn.Linear(d, 3 * d)
            else:
                self.q = nn.Linear(d, d)
                self.kv = nn.Linear(d, 2 * d)
            self.out = nn.Linear(d, d)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, mem=None, mask=None):
            b, n, _ = x.shape
            h = self.norm(x)
            if self.self_attn:
                q, k, v = self.qkv(h).split(d, dim=-1)
            else:
                q = self.q(h)
                k, v = self.kv(mem).split(d, dim=-1)

            def heads_(z):
                return z.view(b, -1, heads, d // heads).transpose(1, 2)

            a = F.scaled_dot_product_attention(heads_(q), heads_(k), heads_(v), attn_mask=mask)
            a = a.transpose(1, 2).reshape(b, n, d)
            return x + self.drop(self.out(a))

    class FeedForward(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = nn.LayerNorm(d, eps=LN_EPS)
            self.l0 = nn.Linear(d, ffn)
            self.l1 = nn.Linear(ffn, d)
            self.drop = nn.Dropout(dropout)

        def forward(self, x):
            return x + self.drop(self.l1(self.drop(F.relu(self.l0(self.norm(x))))))

    class EncLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.att = Attention(True)
            self.ff = FeedForward()

        def forward(self, x, mask):
            return self.ff(self.att(x, mask=mask))

    class DecLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.att = Attention(True)
            self.cross = Attention(False)
            self.ff = FeedForward()

        def forward(self, x, mem, self_mask, mem_mask):
            return self.ff(self.cross(self.att(x, mask=self_mask), mem=mem, mask=mem_mask))

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.d = d
            self.emb = nn.Embedding(vocab, d)  # shared: encoder, decoder and output projection
            nn.init.normal_(self.emb.weight, std=d**-0.5)
            self.register_buffer("pe", sinusoid(1024, d), persistent=False)
            self.enc = nn.ModuleList([EncLayer() for _ in range(enc)])
            self.dec = nn.ModuleList([DecLayer() for _ in range(dec)])
            self.enc_norm = nn.LayerNorm(d, eps=LN_EPS)
            self.dec_norm = nn.LayerNorm(d, eps=LN_EPS)
            self.proj_bias = nn.Parameter(torch.zeros(vocab))
            self.drop = nn.Dropout(dropout)
            self.config = {
                "d_model": d,
                "heads": heads,
                "enc_layers": enc,
                "dec_layers": dec,
                "ffn": ffn,
                "vocab": vocab,
            }

        def embed(self, ids):
            return self.drop(self.emb(ids) * math.sqrt(self.d) + self.pe[: ids.shape[1]])

        def encode(self, src, src_pad):
            mask = (~src_pad)[:, None, None, :]  # True = attend
            x = self.embed(src)
            for layer in self.enc:
                x = layer(x, mask)
            return self.enc_norm(x), mask

        def forward(self, src, src_pad, tgt_in):
            mem, mem_mask = self.encode(src, src_pad)
            n = tgt_in.shape[1]
            causal = torch.ones(n, n, dtype=torch.bool, device=src.device).tril()[None, None]
            x = self.embed(tgt_in)
            for layer in self.dec:
                x = layer(x, mem, causal, mem_mask)
            return F.linear(self.dec_norm(x), self.emb.weight, self.proj_bias)

    return Seq2Seq()


def batches(
    data: list[tuple[list[int], list[int]]], max_tokens: int, rng: random.Random
) -> list[list[int]]:
    """Indices grouped by length (with noise) into batches of about max_tokens padded tokens."""
    order = sorted(
        range(len(data)),
        key=lambda i: (len(data[i][0]) + len(data[i][1])) * (1 + 0.1 * rng.random()),
    )
    out, cur, longest = [], [], 0
    for i in order:
        n = max(len(data[i][0]), len(data[i][1]) + 1)
        if cur and max(longest, n) * (len(cur) + 1) > max_tokens:
            out.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, n)
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def train_direction(
    direction: str,
    data: list[tuple[list[int], list[int]]],
    vocab: int,
    epochs: int,
    seed: int,
    threads: int,
    log_every: int = 1,
    max_tokens: int = 1500,
    lr: float = 2e-3,
    warmup: int = 300,
    smoothing: float = 0.05,
):
    import torch
    from torch.nn import functional as F

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = random.Random(seed)
    model = build_torch_model(vocab)
    opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.98), eps=1e-9)
    steps_per_epoch = len(batches(data, max_tokens, random.Random(0)))
    total = steps_per_epoch * epochs
    step = 0
    t0 = time.time()
    nparams = sum(p.numel() for p in model.parameters())
    print(
        f"[{direction}] {len(data)} pairs, {nparams:,} parameters, ~{steps_per_epoch} steps/epoch, "
        f"{epochs} epochs, {threads} thread(s)",
        flush=True,
    )
    for epoch in range(1, epochs + 1):
        model.train()
        tot_loss, tot_tok, correct = 0.0, 0, 0
        for idx in batches(data, max_tokens, rng):
            srcs = [data[i][0] for i in idx]
            tgts = [data[i][1] for i in idx]
            ls, lt = max(map(len, srcs)), max(map(len, tgts)) + 1
            src = torch.zeros(len(idx), ls, dtype=torch.long)
            pad = torch.ones(len(idx), ls, dtype=torch.bool)
            tin = torch.zeros(len(idx), lt, dtype=torch.long)
            tout = torch.full((len(idx), lt), -100, dtype=torch.long)
            for j, (s, t) in enumerate(zip(srcs, tgts, strict=True)):
                src[j, : len(s)] = torch.tensor(s)
                pad[j, : len(s)] = False
                tin[j, : len(t) + 1] = torch.tensor([1] + t)  # <s> y
                tout[j, : len(t) + 1] = torch.tensor(t + [2])  # y </s>
            step += 1
            if step <= warmup:
                cur_lr = lr * step / warmup
            else:
                cur_lr = lr * (
                    0.03
                    + 0.97
                    * 0.5
                    * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))
                )
            for g in opt.param_groups:
                g["lr"] = cur_lr
            logits = model(src, pad, tin)
            loss = F.cross_entropy(
                logits.view(-1, logits.shape[-1]),
                tout.view(-1),
                ignore_index=-100,
                label_smoothing=smoothing,
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            ntok = int((tout != -100).sum())
            tot_loss += loss.item() * ntok
            tot_tok += ntok
            correct += int(((logits.argmax(-1) == tout) & (tout != -100)).sum())
        if epoch % log_every == 0 or epoch == epochs:
            print(
                f"[{direction}] epoch {epoch}/{epochs} loss {tot_loss / tot_tok:.3f} "
                f"token-acc {correct / tot_tok:.3f} lr {cur_lr:.2e} {time.time() - t0:.0f}s",
                flush=True,
            )
    model.eval()
    return model


# --------------------------------------------------------------------------------------------
# CTranslate2 export
# --------------------------------------------------------------------------------------------


def export_ctranslate2(
    model, vocab_tokens: list[str], out_dir: Path, quantization: str | None = "int8"
) -> None:
    import numpy as np

    from translate.engine.build import Shape, write_model

    cfg = model.config
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    shape = Shape(
        enc_layers=cfg["enc_layers"],
        dec_layers=cfg["dec_layers"],
        d_model=cfg["d_model"],
        heads=cfg["heads"],
        ffn=cfg["ffn"],
        vocab=cfg["vocab"],
        ln_eps=LN_EPS,
    )
    write_model(sd, shape, vocab_tokens, out_dir, quantization)


def check_parity(
    model, model_dir: Path, data: list[tuple[list[str], list[str], list[int], list[int]]]
) -> float:
    """Largest |log p| difference per token between torch and ctranslate2 (score_batch)."""
    import ctranslate2
    import torch
    from torch.nn import functional as F

    tr = ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=1)
    worst = 0.0
    for src_tok, tgt_tok, src_ids, tgt_ids in data:
        ct = tr.score_batch([src_tok], [tgt_tok])[0].log_probs
        with torch.no_grad():
            src = torch.tensor([src_ids])
            logits = model(
                src, torch.zeros_like(src, dtype=torch.bool), torch.tensor([[1] + tgt_ids])
            )
            lp = F.log_softmax(logits[0], -1)
            ours = [float(lp[i, t]) for i, t in enumerate(tgt_ids + [2])]
        worst = max(worst, max(abs(a - b) for a, b in zip(ct, ours, strict=True)))
    return worst


# --------------------------------------------------------------------------------------------
# Packaging
# --------------------------------------------------------------------------------------------


def package_name(s: str, t: str) -> str:
    return f"{s}_{t}-sample"


def write_package(
    s: str, t: str, model_dir: Path, sp_model: Path, out: Path, seed: int, nparams: int
) -> Path:
    name = package_name(s, t)
    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": ARGOS_VERSION,
        "from_code": s,
        "to_code": t,
        "from_name": LANG_NAMES[s],
        "to_name": LANG_NAMES[t],
        "sample": True,
        "description": SAMPLE_DESCRIPTION,
        # Read by translate.engine: see DECODINGS for why (beam search stops too early otherwise).
        "decoding": PACKAGE_DECODING,
    }
    readme = README_TEMPLATE.format(
        from_name=LANG_NAMES[s],
        to_name=LANG_NAMES[t],
        code=f"{s}->{t}",
        seed=seed,
        layers=f"{ENC_LAYERS}+{DEC_LAYERS}",
        d_model=D_MODEL,
        params=nparams,
        max_tokens=MAX_TOKENS,
    )
    from translate.engine.build import write_package as zip_package

    return zip_package(
        out / f"{name}.argosmodel", name, metadata, model_dir, sp_model, {"README.md": readme}
    )


def unpack(path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        z.extractall(dest)
        top = {n.split("/")[0] for n in z.namelist()}
    assert len(top) == 1, top
    return dest / top.pop()


# --------------------------------------------------------------------------------------------
# Evaluation (ctranslate2, decoded the way Argos decodes)
# --------------------------------------------------------------------------------------------


# How the packages are measured: as Argos/the test calls them (beam 4, CTranslate2's default
# length penalty), and with patience 2. These tiny models are so sure of their one memorised
# path that the other beams end (</s>) early; with a length penalty, CTranslate2 stops once
# beam_size hypotheses have ended, which can drop the right one before it ends. patience=2
# (or length_penalty=0) lets it finish.
DECODINGS: dict[str, dict[str, float]] = {
    "beam4": {"beam_size": 4},
    "beam4-patience2": {"beam_size": 4, "patience": 2},
}


# Written into metadata.json ("decoding"); translate.engine passes it to translate_batch.
PACKAGE_DECODING = {"patience": 2}


def translate_lines(pkg_dir: Path, lines: list[str], **decoding: float) -> list[str]:
    """Decode with the tool's own engine (one worker), the package's decoding hints replaced
    by `decoding` (so "beam4" really runs without the package's patience)."""
    from dataclasses import replace

    from translate.engine.ctranslate import DecodeOptions, PackageTranslator
    from translate.engine.packages import validate_package_dir

    opts = {"beam_size": 4, **decoding}
    hints = tuple(sorted((k, float(v)) for k, v in opts.items() if k != "beam_size"))
    pkg = replace(validate_package_dir(pkg_dir), decoding=hints)
    engine = PackageTranslator(pkg, DecodeOptions(beam_size=int(opts["beam_size"]), threads=1))
    return engine.translate(lines)


def score(hyps: list[str], refs: list[str], zh: bool) -> dict[str, float]:
    from sacrebleu.metrics import BLEU, CHRF

    chrf, bleu = CHRF(), BLEU(tokenize="zh" if zh else "13a", effective_order=True)
    n = len(refs)
    return {
        "n": n,
        "exact": round(sum(h == r for h, r in zip(hyps, refs, strict=True)) / n, 4) if n else 0.0,
        "chrf": round(
            sum(chrf.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)) / n, 2
        )
        if n
        else 0.0,
        "bleu": round(
            sum(bleu.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)) / n, 2
        )
        if n
        else 0.0,
    }


def evaluate(
    out: Path, evals: dict[str, dict[str, list[Example]]], report: Path | None, show: int = 0
) -> dict:
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for s, t in DIRECTIONS:
            d = f"{s}-{t}"
            pkg = unpack(out / f"{package_name(s, t)}.argosmodel", Path(tmp) / d)
            results[d] = {}
            for dec_name, decoding in DECODINGS.items():
                results[d][dec_name] = {}
                for name, exs in sorted(evals[d].items()):
                    t0 = time.time()
                    hyps = translate_lines(pkg, [e.src for e in exs], **decoding)
                    sc = score(hyps, [e.tgt for e in exs], zh=(t == "zh"))
                    sc["seconds"] = round(time.time() - t0, 2)
                    results[d][dec_name][name] = sc
                    print(
                        f"[eval {d} {dec_name}] {name:22s} n={sc['n']:3d} "
                        f"exact={sc['exact']:.3f} chrF={sc['chrf']:.1f} BLEU={sc['bleu']:.1f} "
                        f"({sc['seconds']}s)",
                        flush=True,
                    )
                    bad = [(e, h) for e, h in zip(exs, hyps, strict=True) if h != e.tgt]
                    for e, h in bad[:show]:
                        print(f"    SRC {e.src}\n    REF {e.tgt}\n    HYP {h}")
    from sacrebleu.metrics import BLEU, CHRF

    def signature(metric: CHRF | BLEU) -> str:
        metric.corpus_score(["x"], [["x"]])  # sacrebleu fills the signature in on first use
        return str(metric.get_signature())

    results["signatures"] = {
        "chrf": signature(CHRF()),
        "bleu_zh": signature(BLEU(tokenize="zh", effective_order=True)),
        "bleu_en": signature(BLEU(effective_order=True)),
    }
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return results


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def _train_worker(args: tuple) -> tuple[str, float, int]:
    direction, data, vocab, epochs, seed, threads, work, vocab_tokens, probe = args
    t0 = time.time()
    model = train_direction(direction, data, vocab, epochs, seed, threads)
    model_dir = work / f"ct2-{direction}"
    export_ctranslate2(model, vocab_tokens, model_dir)
    worst = check_parity(model, model_dir, probe)
    print(
        f"[{direction}] exported; torch vs ctranslate2 int8 max |dlogp| = {worst:.3f}", flush=True
    )
    return direction, time.time() - t0, sum(p.numel() for p in model.parameters())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the .argosmodel files go")
    ap.add_argument(
        "--work", type=Path, default=DEFAULT_WORK, help="scratch directory (corpus, models)"
    )
    ap.add_argument("--epochs", type=int, default=62)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--threads",
        type=int,
        default=max(1, min(2, os.cpu_count() or 1)),
        help="CPU threads in all; with 2 or more both directions train side by side",
    )
    ap.add_argument("--eval", action="store_true", help="measure the packages after building them")
    ap.add_argument(
        "--eval-only", action="store_true", help="measure the packages in --out, build nothing"
    )
    ap.add_argument(
        "--show", type=int, default=0, help="with --eval: print this many misses per set"
    )
    ap.add_argument("--corpus-only", action="store_true", help="write the corpus files and stop")
    a = ap.parse_args(argv)

    t_start = time.time()
    random.seed(a.seed)
    train, evals, warnings = build_examples(a.seed)
    for w in warnings:
        print("note:", w)
    if a.eval_only:
        evaluate(a.out, evals, a.work / "eval.json", a.show)
        return 0

    a.work.mkdir(parents=True, exist_ok=True)
    for d, exs in train.items():
        (a.work / f"train.{d}.tsv").write_text(
            "".join(f"{e.kind}\t{e.src}\t{e.tgt}\n" for e in exs), encoding="utf-8"
        )
    for d, sets in evals.items():
        for name, exs in sets.items():
            (a.work / f"eval.{d}.{name}.tsv").write_text(
                "".join(f"{e.src}\t{e.tgt}\n" for e in exs), encoding="utf-8"
            )
    counts = {d: defaultdict(int) for d in train}
    for d, exs in train.items():
        for e in exs:
            counts[d][e.kind] += 1
    for d in train:
        print(
            f"corpus {d}: {len(train[d])} pairs "
            + ", ".join(f"{k} {v}" for k, v in sorted(counts[d].items()))
        )
    if a.corpus_only:
        return 0

    import sentencepiece as spm

    # SentencePiece learns from the seed pairs and their variants, the dictionary entries and
    # every 8th frame pair: fed every frame filling, BPE would merge whole template phrases.
    everything = [x for exs in train.values() for e in exs for x in (e.src, e.tgt)]
    texts = [
        x
        for exs in train.values()
        for i, e in enumerate(exs)
        if not e.kind.startswith("frame") or i % 8 == 0
        for x in (e.src, e.tgt)
    ]
    chars = set("".join(texts))
    texts += [x for x in everything if not set(x) <= chars]  # every character gets a piece
    sp_model = train_sentencepiece(texts, a.work, VOCAB_SIZE)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocab_tokens = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    assert vocab_tokens[:3] == ["<unk>", "<s>", "</s>"], vocab_tokens[:3]
    unknown = {
        x for exs in train.values() for e in exs for x in (e.src, e.tgt) if 0 in sp.encode(x)
    }
    if unknown:
        raise SystemExit(
            f"sentencepiece: {len(unknown)} training sentences have unknown pieces: "
            f"{sorted(unknown)[:3]}"
        )
    print(f"sentencepiece: {len(vocab_tokens)} pieces")

    jobs = []
    for s, t in DIRECTIONS:
        d = f"{s}-{t}"
        data, dropped = [], 0
        for e in train[d]:
            si, ti = sp.encode(e.src), sp.encode(e.tgt)
            if len(si) > MAX_TOKENS or len(ti) + 1 > MAX_TOKENS:
                dropped += 1
                continue
            data.append((si, ti))
        if dropped:
            print(f"{d}: dropped {dropped} pairs longer than {MAX_TOKENS} tokens")
        probe = [
            (
                sp.encode(e.src, out_type=str),
                sp.encode(e.tgt, out_type=str),
                sp.encode(e.src),
                sp.encode(e.tgt),
            )
            for e in evals[d]["seed"][:6]
        ]
        jobs.append(
            (
                d,
                data,
                len(vocab_tokens),
                a.epochs,
                a.seed + (0 if s == "en" else 1),
                1,
                a.work,
                vocab_tokens,
                probe,
            )
        )

    if a.threads >= 2:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(2) as pool:
            done = pool.map(_train_worker, jobs)
    else:
        done = [_train_worker(j) for j in jobs]
    nparams = {}
    for d, secs, n in done:
        print(f"[{d}] trained and exported in {secs:.0f}s")
        nparams[d] = n
    for s, t in DIRECTIONS:
        d = f"{s}-{t}"
        path = write_package(s, t, a.work / f"ct2-{d}", sp_model, a.out, a.seed, nparams[d])
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"wrote {shown} ({path.stat().st_size / 1e6:.2f} MB)")
    print(f"build wall time {time.time() - t_start:.0f}s")
    if a.eval:
        evaluate(a.out, evals, a.work / "eval.json", a.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
