"""The sample Transformer in torch and its training loop (imported only to train: needs torch,
`pip install -e '.[train]'`).

The layout is CTranslate2's TransformerSpec so the weights convert one to one
(translate.engine.build names them): pre-norm, ReLU, sinusoidal positions counted from 1
([sin | cos] halves, as OpenNMT-tf), one embedding shared by encoder, decoder and output
projection.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from torch.nn import functional as F

from translate.engine.build import Shape

log = logging.getLogger(__name__)
Pair = tuple[list[int], list[int]]  # SentencePiece ids: source, target (no BOS/EOS)


def sinusoid(length: int, depth: int) -> torch.Tensor:
    inc = math.log(10000.0) / (depth // 2 - 1)
    inv = torch.exp(torch.arange(depth // 2, dtype=torch.float32) * -inc)
    t = torch.arange(1, length + 1, dtype=torch.float32)[:, None] * inv[None, :]
    return torch.cat([torch.sin(t), torch.cos(t)], dim=1)


class Attention(nn.Module):
    def __init__(self, shape: Shape, dropout: float, self_attn: bool) -> None:
        super().__init__()
        d = shape.d_model
        self.d, self.heads, self.self_attn = d, shape.heads, self_attn
        self.norm = nn.LayerNorm(d, eps=shape.ln_eps)
        if self_attn:
            self.qkv = nn.Linear(d, 3 * d)
        else:
            self.q = nn.Linear(d, d)
            self.kv = nn.Linear(d, 2 * d)
        self.out = nn.Linear(d, d)
        self.drop = nn.Dropout(dropout)

    def forward(
        self, x: torch.Tensor, mem: torch.Tensor | None = None, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        b, n, _ = x.shape
        d = self.d
        h = self.norm(x)
        if self.self_attn:
            q, k, v = self.qkv(h).split(d, dim=-1)
        else:
            assert mem is not None
            q = self.q(h)
            k, v = self.kv(mem).split(d, dim=-1)

        def heads(z: torch.Tensor) -> torch.Tensor:
            return z.view(b, -1, self.heads, d // self.heads).transpose(1, 2)

        a = F.scaled_dot_product_attention(heads(q), heads(k), heads(v), attn_mask=mask)
        a = a.transpose(1, 2).reshape(b, n, d)
        return x + self.drop(self.out(a))


class FeedForward(nn.Module):
    def __init__(self, shape: Shape, dropout: float) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(shape.d_model, eps=shape.ln_eps)
        self.l0 = nn.Linear(shape.d_model, shape.ffn)
        self.l1 = nn.Linear(shape.ffn, shape.d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.drop(self.l1(self.drop(F.relu(self.l0(self.norm(x))))))


class EncLayer(nn.Module):
    def __init__(self, shape: Shape, dropout: float) -> None:
        super().__init__()
        self.att = Attention(shape, dropout, True)
        self.ff = FeedForward(shape, dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ff(self.att(x, mask=mask))


class DecLayer(nn.Module):
    def __init__(self, shape: Shape, dropout: float) -> None:
        super().__init__()
        self.att = Attention(shape, dropout, True)
        self.cross = Attention(shape, dropout, False)
        self.ff = FeedForward(shape, dropout)

    def forward(
        self, x: torch.Tensor, mem: torch.Tensor, self_mask: torch.Tensor, mem_mask: torch.Tensor
    ) -> torch.Tensor:
        return self.ff(self.cross(self.att(x, mask=self_mask), mem=mem, mask=mem_mask))


class Seq2Seq(nn.Module):
    def __init__(self, shape: Shape, dropout: float = 0.1) -> None:
        super().__init__()
        d, vocab = shape.d_model, shape.vocab
        self.shape = shape
        self.emb = nn.Embedding(vocab, d)  # shared: encoder, decoder and output projection
        nn.init.normal_(self.emb.weight, std=d**-0.5)
        self.register_buffer("pe", sinusoid(1024, d), persistent=False)
        self.enc = nn.ModuleList([EncLayer(shape, dropout) for _ in range(shape.enc_layers)])
        self.dec = nn.ModuleList([DecLayer(shape, dropout) for _ in range(shape.dec_layers)])
        self.enc_norm = nn.LayerNorm(d, eps=shape.ln_eps)
        self.dec_norm = nn.LayerNorm(d, eps=shape.ln_eps)
        self.proj_bias = nn.Parameter(torch.zeros(vocab))
        self.drop = nn.Dropout(dropout)

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        pe: torch.Tensor = self.pe
        return self.drop(self.emb(ids) * math.sqrt(self.shape.d_model) + pe[: ids.shape[1]])

    def encode(self, src: torch.Tensor, src_pad: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mask = (~src_pad)[:, None, None, :]  # True = attend
        x = self.embed(src)
        for layer in self.enc:
            x = layer(x, mask)
        return self.enc_norm(x), mask

    def forward(
        self, src: torch.Tensor, src_pad: torch.Tensor, tgt_in: torch.Tensor
    ) -> torch.Tensor:
        mem, mem_mask = self.encode(src, src_pad)
        n = tgt_in.shape[1]
        causal = torch.ones(n, n, dtype=torch.bool, device=src.device).tril()[None, None]
        x = self.embed(tgt_in)
        for layer in self.dec:
            x = layer(x, mem, causal, mem_mask)
        return F.linear(self.dec_norm(x), self.emb.weight, self.proj_bias)


def batches(data: Sequence[Pair], max_tokens: int, rng: random.Random) -> list[list[int]]:
    """Indices grouped by length (with noise) into batches of about max_tokens padded tokens."""
    order = sorted(
        range(len(data)),
        key=lambda i: (len(data[i][0]) + len(data[i][1])) * (1 + 0.1 * rng.random()),
    )
    out: list[list[int]] = []
    cur: list[int] = []
    longest = 0
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


def tensors(pairs: Sequence[Pair]) -> tuple[torch.Tensor, ...]:
    """Padded source ids, its padding mask, decoder input (<s> y) and output (y </s>)."""
    ls, lt = max(len(s) for s, _ in pairs), max(len(t) for _, t in pairs) + 1
    src = torch.zeros(len(pairs), ls, dtype=torch.long)
    pad = torch.ones(len(pairs), ls, dtype=torch.bool)
    tin = torch.zeros(len(pairs), lt, dtype=torch.long)
    tout = torch.full((len(pairs), lt), -100, dtype=torch.long)
    for j, (s, t) in enumerate(pairs):
        src[j, : len(s)] = torch.tensor(s)
        pad[j, : len(s)] = False
        tin[j, : len(t) + 1] = torch.tensor([1] + t)
        tout[j, : len(t) + 1] = torch.tensor(t + [2])
    return src, pad, tin, tout


def learning_rate(step: int, total: int, lr: float, warmup: int) -> float:
    """Linear warm-up, then cosine down to 3% of `lr`."""
    if step <= warmup:
        return lr * step / warmup
    angle = math.pi * (step - warmup) / max(1, total - warmup)
    return lr * (0.03 + 0.97 * 0.5 * (1 + math.cos(angle)))


def train(
    direction: str,
    data: Sequence[Pair],
    shape: Shape,
    epochs: int,
    seed: int,
    threads: int,
    max_tokens: int = 1500,
    lr: float = 2e-3,
    warmup: int = 300,
    smoothing: float = 0.05,
) -> Seq2Seq:
    """A model trained on `data` (Adam, label smoothing), in eval mode."""
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = random.Random(seed)
    model = Seq2Seq(shape)
    opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.98), eps=1e-9)
    total = len(batches(data, max_tokens, random.Random(0))) * epochs
    step, t0 = 0, time.time()
    log.info(
        "[%s] %d pairs, %s parameters, ~%d steps/epoch, %d epochs, %d thread(s)",
        direction, len(data), f"{parameters(model):,}", total // max(1, epochs), epochs, threads,
    )  # fmt: skip
    for epoch in range(1, epochs + 1):
        model.train()
        tot_loss, tot_tok, correct, cur_lr = 0.0, 0, 0, lr
        for idx in batches(data, max_tokens, rng):
            src, pad, tin, tout = tensors([data[i] for i in idx])
            step += 1
            cur_lr = learning_rate(step, total, lr, warmup)
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
        log.info(
            "[%s] epoch %d/%d loss %.3f token-acc %.3f lr %.2e %.0fs",
            direction, epoch, epochs, tot_loss / tot_tok, correct / tot_tok, cur_lr,
            time.time() - t0,
        )  # fmt: skip
    model.eval()
    return model


def parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def weights(model: nn.Module) -> dict[str, npt.NDArray[np.float32]]:
    """The state dict as float32 numpy arrays (what translate.engine.build converts)."""
    return {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}


Probe = tuple[list[str], list[str], list[int], list[int]]  # pieces and ids: source, target


def parity(model: Seq2Seq, model_dir: str, probes: Sequence[Probe]) -> float:
    """Largest |log p| difference per token between torch and the CTranslate2 model
    (score_batch) on the probes."""
    import ctranslate2

    tr = ctranslate2.Translator(model_dir, device="cpu", intra_threads=1)
    worst = 0.0
    for src_tok, tgt_tok, src_ids, tgt_ids in probes:
        ct = tr.score_batch([src_tok], [tgt_tok])[0].log_probs
        with torch.no_grad():
            src = torch.tensor([src_ids])
            pad = torch.zeros_like(src, dtype=torch.bool)
            logits = model(src, pad, torch.tensor([[1] + tgt_ids]))
            lp = F.log_softmax(logits[0], -1)
            ours = [float(lp[i, t]) for i, t in enumerate(tgt_ids + [2])]
        worst = max(worst, max(abs(a - b) for a, b in zip(ct, ours, strict=True)))
    return worst
