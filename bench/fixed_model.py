"""A random-weight model of the real Argos en<->zh shape whose every output has the same length.

The real Argos en->zh / zh->en models are OpenNMT transformer-base: 6+6 layers, d_model 512, 8
heads, FF 2048, one shared SentencePiece vocabulary of 50,000 pieces, int8. This builds two
packages of exactly that shape with random weights (every matrix multiplication the real model
does, done on matrices of the same size), cached under bench/.cache/ (not committed; about
200 MB), and installs them into an ARGOS_PACKAGES_DIR of the caller's choosing.

Speed comparisons need every path to do the same decoding work, so the output length must not
depend on batching, padding or the input. The models read a clock instead of the source
(`translate.engine.build.fixed_length_weights`): every input, in every batch, decodes to the
same N pieces (checked after building: `check`), whatever the beam. They also lose every
glossary placeholder, as the issue's benchmark asks ("this placeholder-losing model").

    .venv/bin/python bench/fixed_model.py   # build (once), check, print the package paths
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import sentencepiece

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from translate.engine.build import (  # noqa: E402
    Shape,
    fixed_length_weights,
    write_model,
    write_package,
)

CACHE = ROOT / "bench" / ".cache"
SHAPE = Shape()  # the real Argos en<->zh dimensions
OUT_PIECES = 32  # every translation is this many pieces (a news sentence's worth)
# ... of which the first VARY are each one of CHOICES pieces, picked by the input: distinct
# inputs give distinct outputs, so the way back has distinct inputs too (identical inputs
# would go to the model once).
VARY = 4
CHOICES = 32
SEED = 20260
VERSION = "1.0-bench"
SEED_SENTENCES = ROOT / "tests" / "data" / "seed_sentences.txt"


def seed_lines() -> list[str]:
    return [
        ln.strip() for ln in SEED_SENTENCES.read_text(encoding="utf-8").splitlines() if ln.strip()
    ]


def sentencepiece_model(path: Path) -> list[str]:
    """A unigram SentencePiece model of 50,000 pieces (English words of the sample articles,
    every CJK character, ASCII, then filler pieces); returns the pieces in id order."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    words: dict[str, None] = {}
    for line in seed_lines():
        if line.isascii():
            for w in line.replace(",", " , ").replace(".", " . ").split():
                words.setdefault("\u2581" + w, None)
    chars = {c: None for line in seed_lines() for c in line}
    chars.update((chr(c), None) for c in range(0x21, 0x7F))
    chars.update((chr(c), None) for c in range(0x4E00, 0xA000))
    chars.update((c, None) for c in "，。、；：！？“”‘’（）《》「」…—\u2581")
    pieces = ["<unk>", "<s>", "</s>"]
    scores = [0.0, 0.0, 0.0]
    for w in words:
        if len(w) > 2:
            pieces.append(w)
            scores.append(-8.0)
    for c in chars:
        if c.strip() and c not in pieces:
            pieces.append(c)
            scores.append(-10.0)
    rng = np.random.default_rng(SEED)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    seen = set(pieces)
    while len(pieces) < SHAPE.vocab:
        word = "\u2581" + "".join(rng.choice(letters, int(rng.integers(4, 9))))
        if word not in seen:
            seen.add(word)
            pieces.append(word)
            scores.append(-14.0)
    proto = pb.ModelProto()
    for piece, score in zip(pieces, scores, strict=True):
        p = proto.pieces.add()
        p.piece, p.score = piece, score
        p.type = {"<unk>": 2, "<s>": 3, "</s>": 3}.get(piece, 1)  # UNKNOWN, CONTROL, NORMAL
    proto.trainer_spec.model_type = 1  # unigram
    proto.trainer_spec.vocab_size = len(pieces)
    proto.trainer_spec.unk_id, proto.trainer_spec.bos_id = 0, 1
    proto.trainer_spec.eos_id, proto.trainer_spec.pad_id = 2, -1
    proto.normalizer_spec.name = "identity"
    proto.normalizer_spec.add_dummy_prefix = True
    proto.normalizer_spec.remove_extra_whitespaces = True
    path.write_bytes(proto.SerializeToString())
    return pieces


def output_pieces(pieces: list[str], target: str, count: int = OUT_PIECES) -> list[int]:
    """`count` distinct pieces a model writes: Chinese characters or English words, in the
    order the sample articles use them."""
    ids = {p: i for i, p in enumerate(pieces)}
    lines = seed_lines()
    if target == "zh":
        wanted = [c for ln in lines if not ln.isascii() for c in ln if "\u4e00" <= c <= "\u9fff"]
        wanted += [chr(c) for c in range(0x4E00, 0x4E00 + 2 * count)]
    else:
        wanted = [p for p in pieces[3:] if p.startswith("\u2581") and p[1:].isalpha()]
    out: list[int] = []
    for w in wanted:
        i = ids.get(w)
        if i is not None and i > 2 and i not in out:
            out.append(i)
        if len(out) == count:
            return out
    raise RuntimeError(f"not {count} distinct {target} pieces in the vocabulary")


def weights(pieces: list[str], target: str, seed: int) -> dict[str, np.ndarray]:
    ids = output_pieces(pieces, target, OUT_PIECES + VARY * (CHOICES - 1))
    choices = [ids[OUT_PIECES + k :: VARY] for k in range(VARY)]
    return fixed_length_weights(SHAPE, ids[:OUT_PIECES], seed, choices)


def build(cache: Path = CACHE) -> dict[tuple[str, str], Path]:
    """The en->zh and zh->en .argosmodel files (built once into `cache`)."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / ".gitignore").write_text("*\n", encoding="utf-8")
    files = {
        (a, b): cache / f"{a}_{b}-bench-{OUT_PIECES}v{VARY}x{CHOICES}.argosmodel"
        for a, b in (("en", "zh"), ("zh", "en"))
    }
    if all(p.is_file() for p in files.values()):
        return files
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        work = Path(tmp)
        sp = work / "sentencepiece.model"
        pieces = sentencepiece_model(sp)
        for n, ((a, b), path) in enumerate(files.items()):
            model_dir = write_model(
                weights(pieces, b, SEED + n),
                SHAPE,
                pieces,
                work / a,
            )
            name = path.name.removesuffix(".argosmodel")
            metadata = {
                "package_version": VERSION,
                "argos_version": "1.9",
                "from_code": a,
                "to_code": b,
                "from_name": a,
                "to_name": b,
                "description": "BENCHMARK ONLY: random weights, fixed-length output",
            }
            tmp_path = path.with_suffix(".tmp")
            write_package(tmp_path, name, metadata, model_dir, sp)
            tmp_path.replace(path)
    return files


def install(files: dict[tuple[str, str], Path], root: Path) -> None:
    """Install the packages into `root` (an ARGOS_PACKAGES_DIR) through the tool's own
    install path (validated, probed in a child process)."""
    from translate.engine.packages import install_file

    root.mkdir(parents=True, exist_ok=True)
    for path in files.values():
        install_file(path, root=root)


def check(root: Path, texts: list[str]) -> None:
    """Every text, alone and batched, beam 1 and 4, decodes to OUT_PIECES pieces, the same
    last OUT_PIECES - VARY for all; distinct texts give distinct outputs."""
    from translate.engine.ctranslate import DecodeOptions, PackageTranslator
    from translate.engine.packages import list_installed

    for pkg in list_installed(root):
        sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))
        pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        tail = sp.decode([pieces[i] for i in output_pieces(pieces, pkg.to_code)[VARY:]])
        for beam in (1, 4):
            tr = PackageTranslator(pkg, DecodeOptions(beam_size=beam, threads=1))
            outputs = tr.translate(texts)
            if outputs[:1] != tr.translate(texts[:1]):
                raise SystemExit(f"{pkg.name} beam {beam}: alone and batched differ")
            if not all(o.endswith(tail.strip()) for o in outputs):
                raise SystemExit(f"{pkg.name} beam {beam}: not the fixed pieces: {outputs[0]!r}")
            if len(set(outputs)) < len(set(texts)):
                print(
                    f"{pkg.name} beam {beam}: {len(set(texts))} texts, {len(set(outputs))} outputs"
                )


def main() -> None:
    files = build()
    with tempfile.TemporaryDirectory() as tmp:
        install(files, Path(tmp))
        lines = [ln for ln in seed_lines() if len(ln) > 40]
        check(Path(tmp), lines)
    for path in files.values():
        print(path)


if __name__ == "__main__":
    main()
