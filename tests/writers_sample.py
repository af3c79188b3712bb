"""A small hand-built run for the writer and show tests.

Two articles: a realistic English -> Simplified one (a carried Chinese paragraph, a lost term,
a flagged segment, a near-threshold one) and an English -> Taiwan Traditional one with the
Simplified form beside it and nasty text: <>&"' tab, newline, bell, escape, Markdown syntax.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.core import (
    Article,
    ArticleResult,
    Detection,
    Failure,
    ModelInfo,
    Paragraph,
    RunResult,
    RunSignature,
    Segment,
    SegmentResult,
    TermHit,
    TermStats,
)

EN = Detection("en", 0.99, "Latn", "script+langdetect")
ZH = Detection("zh", 1.0, "Hans", "script")
SAMPLE_NOTE = (
    "Sample models were used: they know only the sample articles. "
    "Install the real ones with `translate models install en zh`."
)


@dataclass
class Seg:
    """A segment as written in this file; offsets and term stats are worked out for it."""

    paragraph: int
    text: str
    target: str
    back: str = ""
    chrf: float | None = None
    bleu: float | None = None
    terms: list[tuple[str, str, str, bool, bool | None, str]] = field(default_factory=list)
    flags: tuple[str, ...] = ()
    carried: bool = False
    hans: str = ""


def _hits(seg: Seg) -> tuple[TermHit, ...]:
    hits = []
    for term_id, source, target, ok, back_ok, problem in seg.terms:
        start = seg.text.index(source)
        hits.append(
            TermHit(
                term_id,
                source,
                start,
                start + len(source),
                target,
                ok,
                back_ok,
                strategy="placeholder",
                problem=problem,
            )
        )
    return tuple(hits)


def _article(
    article_id: str,
    title: str,
    paragraphs: list[tuple[Detection, str]],
    segs: list[Seg],
    target_lang: str,
    notes: tuple[str, ...] = (),
) -> ArticleResult:
    texts = [text for _, text in paragraphs]
    full = "\n\n".join(texts)
    paras, offset = [], 0
    for index, text in enumerate(texts):
        paras.append(Paragraph(index, text, offset))
        offset += len(text) + 2
    results, stats, cursor = [], TermStats(), 0
    for index, seg in enumerate(segs):
        start = full.index(seg.text, cursor)
        cursor = start + len(seg.text)
        lang = paragraphs[seg.paragraph][0].tag
        segment = Segment(article_id, seg.paragraph, index, seg.text, start, cursor, lang)
        hits = _hits(seg)
        stats += TermStats(len(hits), sum(h.ok for h in hits), sum(h.back_ok is True for h in hits))
        results.append(
            SegmentResult(
                segment,
                seg.target,
                seg.back,
                seg.chrf,
                seg.bleu,
                hits,
                seg.carried,
                seg.flags,
                seg.hans,
                "placeholder" if hits else "",
            )
        )
    article = Article(article_id, f"seeds/{article_id}.txt", title, full, tuple(paras), "utf-8")
    scores = [r.chrf for r in results if r.chrf is not None]
    return ArticleResult(
        article,
        EN,
        tuple(d for d, _ in paragraphs),
        tuple(results),
        target_lang,
        chrf=sum(scores) / len(scores) + 1.5,
        bleu=33.3,
        terms=stats,
        notes=notes,
    )


TITLE = "ASEAN, China share mutually beneficial partnership: secretary-general"
P1 = (
    "ASEAN and China share a common commitment to their partnership, ASEAN Secretary-General "
    "Kao Kim Hourn said in an interview with China Media Group (CMG). Chinese President "
    "Xi Jinping has described China-ASEAN relations as the most successful and dynamic model in "
    "regional Asia-Pacific cooperation."
)
P2 = (
    "The Regional Comprehensive Economic Partnership (RCEP) took effect in 2022, Kao said. "
    "Investment is important for ASEAN."
)
P3 = "东盟与中国是好邻居、好朋友、好伙伴。"


def asean_article() -> ArticleResult:
    segs = [
        Seg(
            0,
            TITLE,
            "东盟与中国共享互利伙伴关系：秘书长",
            "ASEAN and China share a mutually beneficial partnership: Secretary-General",
            74.6,
            41.2,
            [("asean", "ASEAN", "东盟", True, True, "")],
        ),
        Seg(
            1,
            P1[: P1.index(" Chinese")],
            "东盟秘书长高金洪在接受中央广播电视总台（CMG）采访时表示，东盟与中国对双方伙伴关系有着共同的承诺。",
            "ASEAN Secretary-General Kao Kim Hourn said in an interview with China Media Group "
            "(CMG) that ASEAN and China share a common commitment to their partnership.",
            68.9,
            38.0,
            [
                ("asean", "ASEAN", "东盟", True, True, ""),
                (
                    "asean-secretary-general",
                    "ASEAN Secretary-General",
                    "东盟秘书长",
                    True,
                    True,
                    "",
                ),
                ("kao-kim-hourn", "Kao Kim Hourn", "高金洪", True, True, ""),
                ("cmg", "China Media Group", "中央广播电视总台", True, True, ""),
            ],
        ),
        Seg(
            1,
            P1[P1.index("Chinese") :],
            "中国国家主席习近平将中国—东盟关系描述为亚太区域合作中最为成功和最具活力的典范。",
            "Chinese President Xi Jinping described China-ASEAN relations as the most successful "
            "and most dynamic model of Asia-Pacific regional cooperation.",
            71.3,
            35.5,
            [("xi-jinping", "Xi Jinping", "习近平", True, True, "")],
        ),
        Seg(
            2,
            P2[: P2.index(" Investment")],
            "该协定于2022年生效，高金洪说。",
            "The agreement took effect in 2022, Kao Kim Hourn said.",
            28.4,
            9.8,
            [
                ("rcep", "RCEP", "RCEP", False, False, "lost"),
                ("kao-kim-hourn", "Kao", "高金洪", True, True, ""),
            ],
            flags=("term-lost", "low-score"),
        ),
        Seg(
            2,
            "Investment is important for ASEAN.",
            "投资对东盟很重要。",
            "Investment is important to ASEAN.",
            52.0,
            27.0,
            [("asean", "ASEAN", "东盟", True, True, "")],
        ),
        Seg(3, P3, P3, carried=True, flags=("carried",)),
    ]
    paragraphs = [(EN, TITLE), (EN, P1), (EN, P2), (ZH, P3)]
    return _article("asean-china", TITLE, paragraphs, segs, "zh-Hans")


NASTY_TITLE = "Quotes \"&\" <b>tags</b> & 'apostrophes'"
NASTY_1 = "Nvidia's CEO said \"<b>H20</b> & more\" isn't banned."
NASTY_2 = (
    "Tab\there, a line\nbreak, a bell\x07, an esc\x1b[2J and | pipes *stars* [x](y) `c` \\ end."
)
NASTY_3 = "Jensen Huang met Xinhua reporters."


def nasty_article() -> ArticleResult:
    segs = [
        Seg(
            0,
            NASTY_TITLE,
            "引號「&」<b>標籤</b> & '撇號'",
            "Quotation marks \"&\" <b>tags</b> & 'apostrophes'",
            58.0,
            20.0,
            hans="引号「&」<b>标签</b> & '撇号'",
        ),
        Seg(
            1,
            NASTY_1,
            "輝達執行長說「<b>H20</b>與更多」並未被禁。",
            'Nvidia\'s CEO said "<b>H20</b> and more" is not banned.',
            63.5,
            30.1,
            [("nvidia", "Nvidia", "輝達", True, True, ""), ("h20", "H20", "H20", True, True, "")],
            hans="英伟达首席执行官说「<b>H20</b>与更多」并未被禁。",
        ),
        Seg(
            2,
            NASTY_2,
            "製表\t在此，換\n行，響鈴\x07與 | 管道 *星* [x](y) `c` \\ 完。",
            "Tabulation\there, change\nline, bell\x07 with | pipe *star* [x](y) `c` \\ done.",
            22.0,
            5.0,
            flags=("low-score", "repetition"),
            hans="制表\t在此，换\n行，响铃\x07与 | 管道 *星* [x](y) `c` \\ 完。",
        ),
        Seg(
            3,
            NASTY_3,
            "黃仁勳會見新華社記者。",
            "Jensen Huang met Xinhua reporters.",
            100.0,
            100.0,
            [
                ("jensen-huang", "Jensen Huang", "黃仁勳", True, None, ""),
                ("xinhua", "Xinhua", "新華社", True, True, ""),
            ],
            hans="黄仁勋会见新华社记者。",
        ),
    ]
    paragraphs = [(EN, NASTY_TITLE), (EN, NASTY_1), (EN, NASTY_2), (EN, NASTY_3)]
    return _article(
        "nasty",
        NASTY_TITLE,
        paragraphs,
        segs,
        "zh-TW",
        notes=("Paragraph 3 holds control characters; they are shown as symbols.",),
    )


def signature() -> RunSignature:
    models = (
        ModelInfo("translate-en_zh-sample", "en", "zh", "0.1.0", "/models/en_zh", sample=True),
        ModelInfo("translate-zh_en-sample", "zh", "en", "0.1.0", "/models/zh_en", sample=True),
    )
    return RunSignature(
        tool_version="0.1.0",
        models=models,
        glossaries=(("glossaries/newsroom.tsv", "0f" * 32),),
        opencc_config="s2twp",
        detector_seed=0,
        chrf_signature="nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.5.1",
        bleu_signature="nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.5.1",
        beam_size=4,
        threads=2,
        variant="zh-TW",
        created="2025-06-20T08:30:00+00:00",
        timings=(("read", 0.01), ("translate", 1.25), ("score", 0.05)),
        notes=(SAMPLE_NOTE,),
    )


def sample_run() -> RunResult:
    articles = (asean_article(), nasty_article())
    terms = sum((a.terms for a in articles), TermStats())
    failures = (Failure("seeds/broken.bin", "seeds/broken.bin: binary file; pass a text file"),)
    return RunResult(articles, failures, signature(), terms)


def one_segment_run(source: str, target: str, back: str = "", **seg: object) -> RunResult:
    """A run of one article holding one segment with the given texts, for round-trip tests."""
    segment = Segment("a", 0, 0, source, 0, len(source), "en")
    result = SegmentResult(segment, target, back, 50.0, 20.0, **seg)  # type: ignore[arg-type]
    article = Article("a", "a.txt", "t", source, (Paragraph(0, source, 0),), "utf-8")
    art = ArticleResult(article, EN, (EN,), (result,), "zh-Hans", 50.0, 20.0)
    return RunResult((art,), (), signature())


GOLDEN = Path(__file__).parent / "golden"


def assert_golden(actual: str, name: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(actual.encode("utf-8"))
        return
    expected = path.read_bytes().decode("utf-8") if path.exists() else ""
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"tests/golden/{name}",
            tofile="written now",
        )
        raise AssertionError(
            f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept):\n" + "".join(diff)
        )


def select(element: Any, selector: str) -> list[Any]:
    """A small CSS subset over lxml, without the cssselect package: descendant steps of
    `tag`, `.class`, `tag.class.other` or `tag[attr]`, separated by spaces or commas."""
    found: list[Any] = []
    for alternative in selector.split(","):
        path = "."
        for step in alternative.split():
            match = re.fullmatch(r"([\w*]*)((?:\.[\w-]+)*)(?:\[([\w-]+)\])?", step)
            assert match, f"unsupported selector step {step!r}"
            tag, classes, attribute = match[1] or "*", match[2], match[3]
            tests = [
                f'contains(concat(" ", normalize-space(@class), " "), " {c} ")'
                for c in classes.split(".")[1:]
            ]
            tests += [f"@{attribute}"] if attribute else []
            path += f"//{tag}" + "".join(f"[{t}]" for t in tests)
        found += [e for e in element.xpath(path) if e not in found]
    return found
