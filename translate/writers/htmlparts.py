"""Pieces of the review pages: escaped text, glossary highlights, badges, the signature.

Every piece of article text goes through `text()` (html.escape, and control characters shown
as U+XXXX labels); attribute values through `attr()`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from translate.core import RunSignature, SegmentResult, TermHit
from translate.writers.base import fmt_score, locate

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def text(value: str) -> str:
    """Article text as HTML text: escaped, each control character shown as a small U+XXXX label.

    (Not as a Unicode control picture: few fonts have those.)
    """
    return _CONTROL.sub(
        lambda m: f'<span class="ctrl" title="control character">{_code(m[0])}</span>',
        html.escape(value, quote=True),
    )


def attr(value: str) -> str:
    """Text for an attribute value: escaped, control characters written as U+XXXX."""
    return _CONTROL.sub(lambda m: _code(m[0]), html.escape(value, quote=True))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    hit: TermHit
    side: str  # source | target | back


def _tooltip(span: Span) -> str:
    hit = span.hit
    head = f"{hit.term_id}: {hit.source_form} \u2192 {hit.target_form}"
    if span.side == "back":
        return f"{head}; came back in the back-translation"
    if hit.ok:
        return f"{head}; came through"
    return f"{head}; did not come through ({hit.problem or 'lost'})"


def highlight(value: str, spans: Iterable[Span]) -> str:
    """Escaped `value` with each non-overlapping span wrapped in a <mark> naming its entry."""
    out: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor or span.end <= span.start or span.end > len(value):
            continue
        ok = span.hit.ok if span.side != "back" else bool(span.hit.back_ok)
        state = "ok" if ok else "lost"
        out.append(text(value[cursor : span.start]))
        out.append(
            f'<mark class="term {state}" data-term="{attr(span.hit.term_id)}" '
            f'data-side="{span.side}" title="{attr(_tooltip(span))}">'
            f"{text(value[span.start : span.end])}</mark>"
        )
        cursor = span.end
    out.append(text(value[cursor:]))
    return "".join(out)


def source_spans(seg: SegmentResult) -> list[Span]:
    source = seg.segment.text
    spans = []
    for hit in seg.terms:
        if source[hit.start : hit.end] == hit.source_form and hit.end > hit.start:
            spans.append(Span(hit.start, hit.end, hit, "source"))
        else:  # offsets that do not match the text: fall back to finding the form
            spans += find_forms(source, [(hit.source_form, hit)], "source")
    return spans


def find_forms(value: str, forms: Sequence[tuple[str, TermHit]], side: str) -> list[Span]:
    places = locate(value, [form for form, _ in forms])
    return [
        Span(place[0], place[1], hit, side)
        for place, (_, hit) in zip(places, forms, strict=True)
        if place is not None
    ]


def target_spans(seg: SegmentResult) -> list[Span]:
    return find_forms(seg.target, [(h.target_form, h) for h in seg.terms], "target")


def back_spans(seg: SegmentResult) -> list[Span]:
    forms = [(h.source_form, h) for h in seg.terms if h.back_ok]
    return find_forms(seg.back, forms, "back")


def term_list(seg: SegmentResult) -> str:
    if not seg.terms:
        return ""
    items = []
    for hit in seg.terms:
        state = "ok" if hit.ok else "lost"
        mark = "\u2713" if hit.ok else "\u2717"
        back = {True: "back \u2713", False: "back \u2717", None: ""}[hit.back_ok]
        problem = f" ({text(hit.problem)})" if hit.problem else ""
        status = f" [{text(hit.status)}]" if hit.status and hit.status != "approved" else ""
        items.append(
            f'<li class="{state}"><span class="mark">{mark}</span> '
            f"{text(hit.source_form)} \u2192 {text(hit.target_form)}{problem}{status} "
            f'<span class="id">{text(hit.term_id)}</span>'
            + (f' <span class="back-state">{back}</span>' if back else "")
            + "</li>"
        )
    return '<ul class="terms">' + "".join(items) + "</ul>"


def definition_list(items: Iterable[tuple[str, str]]) -> str:
    """<dl> of (label, already-escaped value) pairs."""
    return "<dl>" + "".join(f"<dt>{text(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def signature_items(sig: RunSignature, flag_below: float) -> list[tuple[str, str]]:
    models = "<br>".join(
        text(
            f"{m.name} {m.version} ({m.from_code}\u2192{m.to_code})"
            + (" \u2014 sample model" if m.sample else "")
            + f" at {m.path}"
        )
        for m in sig.models
    )
    glossaries = "<br>".join(text(f"{path} sha256:{digest}") for path, digest in sig.glossaries)
    timings = ", ".join(f"{text(stage)} {seconds:.2f} s" for stage, seconds in sig.timings)
    return [
        ("Tool version", text(sig.tool_version)),
        ("Created", text(sig.created)),
        ("Models", models or "none"),
        ("Glossaries", glossaries or "none"),
        ("Chinese variant", text(sig.variant)),
        ("OpenCC config", text(sig.opencc_config or "none")),
        ("Detector seed", str(sig.detector_seed)),
        ("Beam size / threads", f"{sig.beam_size} / {sig.threads}"),
        ("chrF signature", text(sig.chrf_signature)),
        ("BLEU signature", text(sig.bleu_signature)),
        ("Flag threshold", f"chrF below {flag_below:g}"),
        ("Timings", timings or "n/a"),
    ]


def score_cell(seg: SegmentResult, review: Sequence[str]) -> str:
    shown = fmt_score(seg.chrf) or "\u2013"
    parts = [f'<span class="chrf">{shown}</span>']
    if seg.bleu is not None:
        parts.append(f'<span class="bleu">BLEU {fmt_score(seg.bleu)}</span>')
    if seg.chrf is not None:
        parts.append('<span class="badge flag low-badge">low score</span>')
    parts += [f'<span class="badge review">{text(flag)}</span>' for flag in review]
    if seg.carried:
        parts.append('<span class="badge carried-badge">carried over</span>')
    return "".join(parts)
