"""Measure the packages: decoded by the tool's own engine (PackageTranslator, one worker), as
Argos runs them (beam 4, CTranslate2's default length penalty) and with patience 2 (the
packages' own hint), on the seed sentences, their protected forms and the held-out fillings.
Scores: exact match, mean sentence chrF and BLEU, with sacrebleu's signatures."""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tools.sample_models.package import package_name, unpack
from tools.sample_models.protection import DIRECTIONS, Example

log = logging.getLogger(__name__)

DECODINGS: dict[str, dict[str, float]] = {
    "beam4": {"beam_size": 4},
    "beam4-patience2": {"beam_size": 4, "patience": 2},
}


def translate_lines(pkg_dir: Path, lines: Sequence[str], **decoding: float) -> list[str]:
    """Decode with the tool's engine, the package's decoding hints replaced by `decoding`
    (so "beam4" really runs without the package's patience)."""
    from translate.engine.ctranslate import DecodeOptions, PackageTranslator
    from translate.engine.packages import validate_package_dir

    opts = {"beam_size": 4, **decoding}
    hints = tuple(sorted((k, float(v)) for k, v in opts.items() if k != "beam_size"))
    pkg = replace(validate_package_dir(pkg_dir), decoding=hints)
    engine = PackageTranslator(pkg, DecodeOptions(beam_size=int(opts["beam_size"]), threads=1))
    return engine.translate(list(lines))


def score(hyps: Sequence[str], refs: Sequence[str], zh: bool) -> dict[str, float]:
    from sacrebleu.metrics import BLEU, CHRF

    n = len(refs)
    if not n:
        return {"n": 0, "exact": 0.0, "chrf": 0.0, "bleu": 0.0}
    chrf, bleu = CHRF(), BLEU(tokenize="zh" if zh else "13a", effective_order=True)
    pairs = list(zip(hyps, refs, strict=True))
    return {
        "n": n,
        "exact": round(sum(h == r for h, r in pairs) / n, 4),
        "chrf": round(sum(chrf.sentence_score(h, [r]).score for h, r in pairs) / n, 2),
        "bleu": round(sum(bleu.sentence_score(h, [r]).score for h, r in pairs) / n, 2),
    }


def signatures() -> dict[str, str]:
    from sacrebleu.metrics import BLEU, CHRF

    def one(metric: CHRF | BLEU) -> str:
        metric.corpus_score(["x"], [["x"]])  # sacrebleu fills the signature in on first use
        return str(metric.get_signature())

    return {
        "chrf": one(CHRF()),
        "bleu_zh": one(BLEU(tokenize="zh", effective_order=True)),
        "bleu_en": one(BLEU(effective_order=True)),
    }


def measure(
    pkg: Path, exs: Sequence[Example], decoding: Mapping[str, float], zh: bool, show: int
) -> dict[str, float]:
    t0 = time.time()
    hyps = translate_lines(pkg, [e.src for e in exs], **decoding)
    result = score(hyps, [e.tgt for e in exs], zh)
    result["seconds"] = round(time.time() - t0, 2)
    misses = [(e, h) for e, h in zip(exs, hyps, strict=True) if h != e.tgt]
    for e, h in misses[:show]:
        log.info("    SRC %s\n    REF %s\n    HYP %s", e.src, e.tgt, h)
    return result


def evaluate(
    out: Path,
    evals: Mapping[str, Mapping[str, Sequence[Example]]],
    report: Path | None = None,
    show: int = 0,
) -> dict[str, Any]:
    """Scores per direction, decoding and set (and the metrics' signatures); also written to
    `report` as JSON."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for d in DIRECTIONS:
            pkg = unpack(out / f"{package_name(d)}.argosmodel", Path(tmp) / d.name)
            results[d.name] = {}
            for dec_name, decoding in DECODINGS.items():
                results[d.name][dec_name] = {}
                for name, exs in sorted(evals[d.name].items()):
                    sc = measure(pkg, exs, decoding, d.tgt == "zh", show)
                    results[d.name][dec_name][name] = sc
                    log.info(
                        "[eval %s %s] %-22s n=%3d exact=%.3f chrF=%.1f BLEU=%.1f (%ss)",
                        d.name, dec_name, name, sc["n"], sc["exact"], sc["chrf"], sc["bleu"],
                        sc["seconds"],
                    )  # fmt: skip
    results["signatures"] = signatures()
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
        report.write_text(text, encoding="utf-8")
    return results
