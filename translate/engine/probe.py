"""Prove that an unpacked package runs: load its model and translate one probe sentence.

Run as a child process (`python -m translate.engine.probe DIR FROM_CODE [TARGET_PREFIX]`) by
the installer, so that a damaged model that crashes CTranslate2 or asks for more memory than
the machine has cannot take the command down with it: the child prints one JSON line
({"output": ...} or {"error": ...}) and the installer reads it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# One short, ordinary sentence per source language; any other language gets the English one
# (SentencePiece encodes any text, and the point is only that the model runs).
PROBES = {
    "en": "The minister said the talks would continue next week.",
    "zh": "部长说，会谈将于下周继续。",
    "zt": "部長說，會談將於下週繼續。",
    "ms": "Menteri berkata rundingan akan diteruskan minggu depan.",
    "id": "Menteri mengatakan perundingan akan dilanjutkan pekan depan.",
}


def translate_probe(pkg_dir: Path, from_code: str, target_prefix: str = "") -> str:
    """The probe sentence translated by the package's model (raises what the libraries raise)."""
    import ctranslate2
    import sentencepiece

    model = ctranslate2.Translator(
        str(pkg_dir / "model"), device="cpu", inter_threads=1, intra_threads=1
    )
    sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg_dir / "sentencepiece.model"))
    tokens = sp.encode(PROBES.get(from_code, PROBES["en"]), out_type=str)
    prefix = [[target_prefix]] if target_prefix else None
    result = model.translate_batch(
        [tokens], target_prefix=prefix, beam_size=1, max_decoding_length=48
    )
    pieces = list(result[0].hypotheses[0])
    if target_prefix and pieces[:1] == [target_prefix]:
        pieces = pieces[1:]
    return str(sp.decode(pieces))


def main(argv: list[str]) -> int:
    pkg_dir, from_code = Path(argv[0]), argv[1]
    target_prefix = argv[2] if len(argv) > 2 else ""
    try:
        output = translate_probe(pkg_dir, from_code, target_prefix)
    except Exception as exc:  # report anything: the parent turns it into one line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(json.dumps({"error": f"{type(exc).__name__}: {first}"[:300]}))
        return 1
    print(json.dumps({"output": output}, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
