"""The models: one SentencePiece model for both languages, one small Transformer per direction
trained in torch (imported only here, when training), converted to CTranslate2 int8 by
translate.engine.build.

Model size: int8 weights are one byte per parameter; this shape gives ~4.2 M parameters
(< 5 MB zip).
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from tools.sample_models.errors import BuildError
from tools.sample_models.protection import DIRECTIONS, PLACEHOLDERS, Example
from translate.engine.build import Shape, write_model

log = logging.getLogger(__name__)

SHAPE = Shape(enc_layers=3, dec_layers=2, d_model=256, heads=4, ffn=640, vocab=0, ln_eps=1e-6)
VOCAB_SIZE = 2400
MAX_TOKENS = 160  # longest source/target (pieces) trained on; longer pairs are dropped
PROBES = 6  # seed pairs on which torch and CTranslate2 are compared after export


@dataclass(frozen=True)
class Tokenizer:
    path: Path
    pieces: tuple[str, ...]  # the vocabulary, in id order (<unk>=0, <s>=1, </s>=2)

    def encode(self, text: str) -> list[int]:
        return list(self._sp.encode(text))

    def pieces_of(self, text: str) -> list[str]:
        return list(self._sp.encode(text, out_type=str))

    @cached_property
    def _sp(self) -> Any:
        import sentencepiece as spm

        return spm.SentencePieceProcessor(model_file=str(self.path))


@dataclass(frozen=True)
class Job:
    """One direction to train: its pairs as ids, and probes for the export check."""

    direction: str
    data: tuple[tuple[list[int], list[int]], ...]
    probes: tuple[tuple[list[str], list[str], list[int], list[int]], ...]
    shape: Shape
    epochs: int
    seed: int
    model_dir: Path
    pieces: tuple[str, ...]


@dataclass(frozen=True)
class Trained:
    direction: str
    model_dir: Path
    seconds: float
    parameters: int


def tokenizer_texts(train: Mapping[str, Sequence[Example]]) -> list[str]:
    """What SentencePiece learns from: the seed pairs and their variants, the dictionary and
    every 8th frame pair (fed every frame filling, BPE would merge whole template phrases),
    plus any sentence with a character not seen yet (every character gets a piece)."""
    texts = [
        x
        for exs in train.values()
        for i, e in enumerate(exs)
        if not e.kind.startswith("frame") or i % 8 == 0
        for x in (e.src, e.tgt)
    ]
    chars = set("".join(texts))
    everything = [x for exs in train.values() for e in exs for x in (e.src, e.tgt)]
    return texts + [x for x in everything if not set(x) <= chars]


def train_tokenizer(
    train: Mapping[str, Sequence[Example]], work: Path, vocab_size: int = VOCAB_SIZE
) -> Tokenizer:
    """A BPE SentencePiece model for both languages; every training sentence encodes without
    unknown pieces."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "sp_corpus.txt"
    corpus.write_text("\n".join(sorted(set(tokenizer_texts(train)))) + "\n", encoding="utf-8")
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
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.read_bytes())
    del proto.trainer_spec.input[:]
    proto.trainer_spec.input.append(corpus.name)
    proto.trainer_spec.model_prefix = prefix.name
    model.write_bytes(proto.SerializeToString())
    sp = spm.SentencePieceProcessor(model_file=str(model))
    tok = Tokenizer(model, tuple(sp.id_to_piece(i) for i in range(sp.get_piece_size())))
    if tok.pieces[:3] != ("<unk>", "<s>", "</s>"):
        raise BuildError(f"{model}: the first pieces are {tok.pieces[:3]}, not <unk> <s> </s>")
    texts = {x for exs in train.values() for e in exs for x in (e.src, e.tgt)}
    unknown = sorted(x for x in texts if 0 in sp.encode(x))
    if unknown:
        raise BuildError(
            f"sentencepiece: {len(unknown)} training sentences have unknown pieces: {unknown[:3]}"
        )
    log.info("sentencepiece: %d pieces", len(tok.pieces))
    return tok


def jobs(
    train: Mapping[str, Sequence[Example]],
    probes: Mapping[str, Sequence[Example]],
    tok: Tokenizer,
    epochs: int,
    seed: int,
    work: Path,
) -> list[Job]:
    """One job per direction; pairs longer than MAX_TOKENS pieces are left out."""
    out = []
    shape = replace(SHAPE, vocab=len(tok.pieces))
    for i, d in enumerate(DIRECTIONS):
        data = [(tok.encode(e.src), tok.encode(e.tgt)) for e in train[d.name]]
        kept = [(s, t) for s, t in data if len(s) <= MAX_TOKENS and len(t) + 1 <= MAX_TOKENS]
        if len(kept) < len(data):
            dropped = len(data) - len(kept)
            log.info("%s: dropped %d pairs longer than %d tokens", d.name, dropped, MAX_TOKENS)
        probe = tuple(
            (tok.pieces_of(e.src), tok.pieces_of(e.tgt), tok.encode(e.src), tok.encode(e.tgt))
            for e in probes[d.name][:PROBES]
        )
        model_dir = work / f"ct2-{d.name}"
        out.append(Job(d.name, tuple(kept), probe, shape, epochs, seed + i, model_dir, tok.pieces))
    return out


def run(job: Job) -> Trained:
    """Train one direction on one thread, export it, check the export against torch."""
    from tools.sample_models import transformer

    t0 = time.time()
    model = transformer.train(job.direction, job.data, job.shape, job.epochs, job.seed, threads=1)
    weights = transformer.weights(model)
    write_model(weights, job.shape, job.pieces, job.model_dir, "int8")
    worst = transformer.parity(model, str(job.model_dir), job.probes)
    log.info("[%s] exported; torch vs ctranslate2 int8 max |dlogp| = %.3f", job.direction, worst)
    return Trained(job.direction, job.model_dir, time.time() - t0, transformer.parameters(model))


def train_all(todo: Sequence[Job], threads: int) -> dict[str, Trained]:
    """Every job, side by side when `threads` >= 2 (one thread each)."""
    if threads >= 2:
        with multiprocessing.get_context("fork").Pool(min(threads, len(todo))) as pool:
            done = pool.map(run, todo)
    else:
        done = [run(job) for job in todo]
    return {t.direction: t for t in done}
