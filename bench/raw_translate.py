"""The baseline `bench_run.py` compares `translate run` with: a plain script that loads the
en->zh and zh->en models and makes one `translate_batch` call per direction over the given
segments (forward, then back over the forward outputs), each distinct text once, as the tool
sends them. Deliberately not the tool's engine: it is the least a program can do to
translate these segments both ways with these models.

    python bench/raw_translate.py PACKAGES_DIR SEGMENTS.txt [THREADS]

Decoding options are the engine's (beam 4, batches of 32 examples, max 256 pieces,
replace_unknowns); the workers are the engine's default (one per core, at most 4, one
thread each). Prints the number of distinct texts decoded each way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import ctranslate2
import sentencepiece

OPTIONS = {
    "beam_size": 4,
    "max_batch_size": 32,
    "batch_type": "examples",
    "max_decoding_length": 256,
    "replace_unknowns": True,
}


def load(root: Path, src: str, dst: str) -> tuple[ctranslate2.Translator, object]:
    pkg = next(p for p in root.iterdir() if p.name.startswith(f"{src}_{dst}"))
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else max(1, min(4, os.cpu_count() or 1))
    model = ctranslate2.Translator(
        str(pkg / "model"), device="cpu", inter_threads=workers, intra_threads=1
    )
    return model, sentencepiece.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))


def translate(model: ctranslate2.Translator, sp: object, texts: list[str]) -> list[str]:
    unique = list(dict.fromkeys(texts))
    tokens = [sp.encode(t, out_type=str) for t in unique]  # type: ignore[attr-defined]
    results = model.translate_batch(tokens, **OPTIONS)
    done = {t: sp.decode(r.hypotheses[0]) for t, r in zip(unique, results, strict=True)}  # type: ignore[attr-defined]
    return [done[t] for t in texts]


def main() -> None:
    root, segments = Path(sys.argv[1]), Path(sys.argv[2])
    texts = segments.read_text(encoding="utf-8").splitlines()
    forward, back = load(root, "en", "zh"), load(root, "zh", "en")
    targets = translate(*forward, texts)
    translate(*back, targets)
    print(len(set(texts)), len(set(targets)))


if __name__ == "__main__":
    main()
