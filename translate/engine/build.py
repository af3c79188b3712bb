"""Write CTranslate2 Transformer models and Argos packages from arrays.

Used by the tools that make models rather than by `translate run`: scripts/build_sample_models.py
(weights trained in torch) and bench/ (a random-weight model of the real Argos shape). The
weights are a mapping of numpy arrays named as the sample builder's torch model names them:

    emb.weight (vocab x d, shared by encoder, decoder and output projection, unless
    enc_emb.weight or proj.weight is given), proj_bias, enc_norm.*, dec_norm.*,
    enc.{i}.att.{norm,qkv,out}.*, enc.{i}.ff.{norm,l0,l1}.*,
    dec.{i}.att.{norm,qkv,out}.*, dec.{i}.cross.{norm,q,kv,out}.*, dec.{i}.ff.{norm,l0,l1}.*

(`.*` = `.weight` and `.bias`). The layout is CTranslate2's pre-norm TransformerSpec with ReLU
and its built-in sinusoidal positions (OpenNMT style: positions counted from 1, [sin | cos]).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Weights = Mapping[str, npt.NDArray[np.float32]]


@dataclass(frozen=True)
class Shape:
    """A Transformer's dimensions. The defaults are the real Argos en<->zh models'."""

    enc_layers: int = 6
    dec_layers: int = 6
    d_model: int = 512
    heads: int = 8
    ffn: int = 2048
    vocab: int = 50_000
    ln_eps: float = 1e-6


def positions(length: int, depth: int) -> npt.NDArray[np.float32]:
    """CTranslate2's built-in position encodings for positions 1..length (rows)."""
    inc = np.log(10000.0) / (depth // 2 - 1)
    inv = np.exp(np.arange(depth // 2, dtype=np.float64) * -inc)
    t = np.arange(1, length + 1, dtype=np.float64)[:, None] * inv[None, :]
    return np.concatenate([np.sin(t), np.cos(t)], axis=1).astype(np.float32)


def fixed_length_weights(
    shape: Shape,
    out_ids: Sequence[int],
    seed: int,
    choices: Sequence[Sequence[int]] = (),
    eos_id: int = 2,
) -> dict[str, npt.NDArray[np.float32]]:
    """Random weights for a model that writes len(out_ids) pieces then `eos_id` whatever its
    input: a model that does all the work of a real one of its shape, for the same output
    length on every input and in every batch (benchmarks), and that drops whatever it is
    given (placeholders included: tests of the glossary strategies).

    It reads a clock: the decoder's token embeddings and the output projections of its
    blocks are tiny, so its last hidden state is its position encoding, and the output
    projection is solved so that position p scores `out_ids[p - 1]` (then `eos_id`) 30 nats
    above the pieces of other positions. With `choices`, position p (1, 2...) writes one of
    `out_ids[p - 1]` and `choices[p - 1]`, picked by the source: the last layer's
    cross-attention brings a little of the source's content into the hidden state, and each
    of these pieces leans towards a random direction of it. Distinct inputs then give
    distinct outputs (so the way back has distinct inputs too), all of the same length."""
    rng = np.random.default_rng(seed)
    d, f, v = shape.d_model, shape.ffn, shape.vocab

    def rand(rows: int, cols: int, std: float) -> npt.NDArray[np.float32]:
        return rng.standard_normal((rows, cols), dtype=np.float32) * np.float32(std)

    w: dict[str, npt.NDArray[np.float32]] = {}

    def lin(name: str, rows: int, cols: int, std: float) -> None:
        w[f"{name}.weight"] = rand(rows, cols, std)
        w[f"{name}.bias"] = np.zeros(rows, np.float32)

    def ln(name: str) -> None:
        w[f"{name}.weight"] = np.ones(d, np.float32)
        w[f"{name}.bias"] = np.zeros(d, np.float32)

    tiny, fan = 1e-4, d**-0.5
    last = shape.dec_layers - 1
    for side, layers in (("enc", shape.enc_layers), ("dec", shape.dec_layers)):
        for i in range(layers):
            p = f"{side}.{i}"
            ln(f"{p}.att.norm")
            lin(f"{p}.att.qkv", 3 * d, d, fan)
            lin(f"{p}.att.out", d, d, tiny)
            if side == "dec":
                ln(f"{p}.cross.norm")
                lin(f"{p}.cross.q", d, d, SHARP * fan if choices and i == last else fan)
                lin(f"{p}.cross.kv", 2 * d, d, fan)
                lin(f"{p}.cross.out", d, d, CONTENT if choices and i == last else tiny)
            ln(f"{p}.ff.norm")
            lin(f"{p}.ff.l0", f, d, fan)
            lin(f"{p}.ff.l1", d, f, tiny)
    ln("enc_norm")
    ln("dec_norm")
    w["enc_emb.weight"] = rand(v, d, 1.0)  # the source's content, for the attention
    w["emb.weight"] = rand(v, d, 1e-3)
    # The decoder input at step t (0-based) carries position t + 1 and predicts piece t + 1;
    # its last hidden state is that position's encoding through the final layer norm.
    targets = [*out_ids, eos_id]
    pe = positions(len(targets), d).astype(np.float64)
    unit = (pe - pe.mean(1, keepdims=True)) / pe.std(1, keepdims=True)
    slots = [[t] for t in targets]
    for at, extra in enumerate(choices):
        slots[at] = [targets[at], *extra]
    tokens = sorted({t for slot in slots for t in slot})
    wanted = np.zeros((len(tokens), len(targets)))
    for at, slot in enumerate(slots):
        for token in slot:
            wanted[tokens.index(token), at] = 1.0
    # rows @ unit.T ~ wanted, by ridge regression: neighbouring positions' vectors are nearly
    # parallel, and exact rows would be huge and amplify every small perturbation.
    gram = unit @ unit.T + 10.0 * np.eye(len(targets))
    rows = wanted @ np.linalg.solve(gram, unit)
    scores = np.sort(unit @ rows[[tokens.index(s[0]) for s in slots]].T, axis=1)
    rows *= 30.0 / float((scores[:, -1] - scores[:, -2]).min())  # 30 nats to the next piece
    # Each choosable piece leans towards a random direction away from the positions' span,
    # so that only the source's content (not the clock) moves it.
    basis = np.linalg.qr(unit.T)[0]  # d x positions, orthonormal
    for slot in slots[: len(choices)]:
        for token in slot:
            lean = rand(1, d, LEAN)[0].astype(np.float64)
            rows[tokens.index(token)] += lean - basis @ (basis.T @ lean)
    proj = rand(v, d, 1e-3)
    proj[tokens] = rows.astype(np.float32)
    w["proj.weight"] = proj
    w["proj_bias"] = np.zeros(v, np.float32)
    return w


SHARP = 8.0  # the last layer's attention: a few source pieces per step, not the average
CONTENT = 0.003  # the source's content in the last state: about a tenth of the clock's
LEAN = 2.5  # each choosable piece's lean towards it: a few nats between the choices


def transformer_spec(weights: Weights, shape: Shape, vocab_tokens: Sequence[str]) -> Any:
    """A filled `ctranslate2.specs.TransformerSpec` (shared source/target vocabulary)."""
    from ctranslate2.specs import TransformerSpec

    w = weights

    def ln(spec: Any, name: str) -> None:
        spec.gamma = w[f"{name}.weight"]
        spec.beta = w[f"{name}.bias"]

    def lin(spec: Any, name: str) -> None:
        spec.weight = w[f"{name}.weight"]
        spec.bias = w[f"{name}.bias"]

    spec = TransformerSpec.from_config((shape.enc_layers, shape.dec_layers), shape.heads)
    spec.config.layer_norm_epsilon = shape.ln_eps
    emb = w["emb.weight"]
    spec.encoder.embeddings[0].weight = w.get("enc_emb.weight", emb)
    spec.decoder.embeddings.weight = emb
    spec.decoder.projection.weight = w.get("proj.weight", emb)
    spec.decoder.projection.bias = w["proj_bias"]
    ln(spec.encoder.layer_norm, "enc_norm")
    ln(spec.decoder.layer_norm, "dec_norm")
    for i, layer in enumerate(spec.encoder.layer):
        p = f"enc.{i}"
        ln(layer.self_attention.layer_norm, f"{p}.att.norm")
        lin(layer.self_attention.linear[0], f"{p}.att.qkv")
        lin(layer.self_attention.linear[1], f"{p}.att.out")
        ln(layer.ffn.layer_norm, f"{p}.ff.norm")
        lin(layer.ffn.linear_0, f"{p}.ff.l0")
        lin(layer.ffn.linear_1, f"{p}.ff.l1")
    for i, layer in enumerate(spec.decoder.layer):
        p = f"dec.{i}"
        ln(layer.self_attention.layer_norm, f"{p}.att.norm")
        lin(layer.self_attention.linear[0], f"{p}.att.qkv")
        lin(layer.self_attention.linear[1], f"{p}.att.out")
        ln(layer.attention.layer_norm, f"{p}.cross.norm")
        lin(layer.attention.linear[0], f"{p}.cross.q")
        lin(layer.attention.linear[1], f"{p}.cross.kv")
        lin(layer.attention.linear[2], f"{p}.cross.out")
        ln(layer.ffn.layer_norm, f"{p}.ff.norm")
        lin(layer.ffn.linear_0, f"{p}.ff.l0")
        lin(layer.ffn.linear_1, f"{p}.ff.l1")
    # Shared vocabulary = the SentencePiece pieces in id order (<unk>=0, <s>=1, </s>=2).
    spec.register_source_vocabulary(list(vocab_tokens))
    spec.register_target_vocabulary(list(vocab_tokens))
    return spec


def write_model(
    weights: Weights,
    shape: Shape,
    vocab_tokens: Sequence[str],
    out_dir: Path,
    quantization: str | None = "int8",
) -> Path:
    """Convert the weights into a CTranslate2 model directory (model.bin, vocabulary)."""
    import ctranslate2

    spec = transformer_spec(weights, shape, vocab_tokens)

    class _Spec(ctranslate2.converters.Converter):  # type: ignore[misc]
        def _load(self) -> Any:
            return spec

    _Spec().convert(str(out_dir), quantization=quantization, force=True)
    return out_dir


def write_package(
    path: Path,
    name: str,
    metadata: Mapping[str, Any],
    model_dir: Path,
    sp_model: Path,
    extra: Mapping[str, str] | None = None,
) -> Path:
    """Zip an Argos package (`name/metadata.json`, `sentencepiece.model`, `model/...` and
    `extra` text files) with fixed dates and modes: the same inputs give the same bytes."""

    def entry(arcname: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(arcname, (2025, 1, 1, 0, 0, 0))
        is_dir = arcname.endswith("/")
        info.external_attr = ((0o40755 if is_dir else 0o100644) << 16) | (0x10 if is_dir else 0)
        info.compress_type = zipfile.ZIP_STORED if is_dir else zipfile.ZIP_DEFLATED
        return info

    files = {"metadata.json": json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"}
    files.update(extra or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(entry(f"{name}/"), b"")
        for fname, text in files.items():
            z.writestr(entry(f"{name}/{fname}"), text.encode("utf-8"))
        z.writestr(entry(f"{name}/sentencepiece.model"), sp_model.read_bytes())
        z.writestr(entry(f"{name}/model/"), b"")
        for f in sorted(model_dir.iterdir()):
            z.writestr(entry(f"{name}/model/{f.name}"), f.read_bytes())
    return path
