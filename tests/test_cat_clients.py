"""Our exchange files as a real client reads them: translate-toolkit, a CAT-tool library.

translate-toolkit's Python package is also named `translate`, so it cannot be installed into the
project's environment (it would shadow this package, and the `translate` command with it). It
lives in a folder of its own, installed with

    .venv/bin/python -m pip install --target .venv/cat-clients translate-toolkit

(or pointed to by $CAT_CLIENTS), and runs in a subprocess with that folder first on its path.
The test is skipped, saying so, where the folder is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.writers_sample import sample_run
from translate.core import SegmentResult
from translate.glossary import export_terms, load_glossaries
from translate.writers import WriteOptions, write_run
from translate.writers.base import is_flagged
from translate.writers.xmltext import INVALID_XML

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = Path(os.environ.get("CAT_CLIENTS", ROOT / ".venv" / "cat-clients"))
pytestmark = pytest.mark.skipif(
    not (CLIENTS / "translate" / "storage" / "xliff2.py").is_file(),
    reason=f"translate-toolkit is not installed in {CLIENTS} (pip install --target "
    f"{CLIENTS} translate-toolkit); it cannot share the project's environment",
)
# Runs under translate-toolkit: prints, per file, what its reader for that kind finds.
READER = """
import json, sys
from translate.storage import tbx, tmx, xliff, xliff2
KINDS = {"tmx": tmx.tmxfile, "xliff12": xliff.xlifffile, "xliff2": xliff2.Xliff2File,
         "tbx": tbx.tbxfile}
out = {}
for kind, path in zip(sys.argv[1::2], sys.argv[2::2]):
    store = KINDS[kind].parsefile(path)
    out[path] = [
        {"source": u.source, "target": u.target, "translatable": u.istranslatable()}
        for u in store.units if not u.isheader()
    ]
print(json.dumps(out, ensure_ascii=False))
"""


def read_with_toolkit(files: list[tuple[str, Path]]) -> dict[str, list[dict[str, Any]]]:
    args = [item for kind, path in files for item in (kind, str(path))]
    env = {**os.environ, "PYTHONPATH": str(CLIENTS)}
    result = subprocess.run(
        [sys.executable, "-c", READER, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=CLIENTS,  # not the repository: its translate/ must not be found first
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, list[dict[str, Any]]] = json.loads(result.stdout)
    return found


def shown(text: str, ext: str) -> str:
    """Text as a client that does not decode our markers for characters XML cannot hold shows
    it: the marker's content (XLIFF 1.2 and TMX write U+0007; XLIFF 2.0's <cp/> is empty)."""
    if ext == "xlf":
        return INVALID_XML.sub("", text)
    return INVALID_XML.sub(lambda m: f"U+{ord(m[0]):04X}", text)


def pairs(segments: tuple[SegmentResult, ...], ext: str, keep: list[bool]) -> list[tuple[str, str]]:
    """(source, target) of the kept segments, as the client shows them."""
    return [
        (shown(s.segment.text, ext), shown(s.target, ext))
        for s, kept in zip(segments, keep, strict=True)
        if kept
    ]


def test_translate_toolkit_reads_our_xliff_12_xliff_2_and_both_tmx(tmp_path: Path) -> None:
    run = sample_run()
    write_run(run, tmp_path, ["tmx", "xliff", "xliff12"])
    files = [
        (kind, tmp_path / f"{article.article.id}.{ext}")
        for article in run.articles
        for kind, ext in (
            ("xliff12", "xliff12.xlf"),
            ("xliff2", "xlf"),
            ("tmx", "tmx"),
            ("tmx", "review.tmx"),
        )
    ]
    found = read_with_toolkit(files)
    options = WriteOptions()
    for article in run.articles:
        segments = article.segments

        def units(ext: str, article_id: str = article.article.id) -> list[tuple[str, str]]:
            read = found[str(tmp_path / f"{article_id}.{ext}")]
            return [(u["source"], u["target"]) for u in read]

        everything = [True] * len(segments)
        flagged = [is_flagged(s, options.flag_below) for s in segments]
        assert units("xliff12.xlf") == pairs(segments, "xliff12.xlf", everything)
        assert units("xlf") == pairs(segments, "xlf", everything)
        # the memory holds translations, never the carried copies; flagged ones only for review
        memory = [not s.carried and not f for s, f in zip(segments, flagged, strict=True)]
        review = [not s.carried and f for s, f in zip(segments, flagged, strict=True)]
        assert units("tmx") == pairs(segments, "tmx", memory)
        assert units("review.tmx") == pairs(segments, "tmx", review)
        # carried units are locked: translate="no"
        read = found[str(tmp_path / f"{article.article.id}.xliff12.xlf")]
        locked = [not u["translatable"] for u in read]
        assert locked == [s.carried and not f for s, f in zip(segments, flagged, strict=True)]
    assert len(units("review.tmx", "asean-china")) == 1  # the number-changed / lost-term one


def test_translate_toolkit_reads_our_tbx(tmp_path: Path) -> None:
    terms = load_glossaries([ROOT / "glossaries" / "newsroom.tsv"]).terms
    path = tmp_path / "newsroom.tbx"
    path.write_bytes(export_terms(terms, "tbx"))
    read = read_with_toolkit([("tbx", path)])[str(path)]
    assert len(read) == len(terms)
    # the first language set is English, the second Simplified Chinese
    assert [(u["source"], u["target"]) for u in read] == [(t.en, t.zh_hans) for t in terms]
