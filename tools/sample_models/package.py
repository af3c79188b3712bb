"""The .argosmodel packages: metadata, README, and a deterministic zip
(translate.engine.build.write_package: the same inputs give the same bytes)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from tools.sample_models.errors import BuildError
from tools.sample_models.model import MAX_TOKENS, SHAPE
from tools.sample_models.protection import Direction
from translate.engine.build import write_package as zip_package

PACKAGE_VERSION = "0.1-sample"
ARGOS_VERSION = "1.9"
LANG_NAMES = {"en": "English", "zh": "Chinese"}
# Read by translate.engine (metadata.json "decoding"), passed to translate_batch: a model this
# small is so sure of its one memorised path that the other beams end early, and with a length
# penalty CTranslate2 stops once beam_size hypotheses have ended, sometimes before the right
# one has. patience=2 lets it finish.
PACKAGE_DECODING = {"patience": 2}

SAMPLE_DESCRIPTION = (
    "SAMPLE model: a tiny Transformer trained only on the project's two sample articles and "
    "pattern variants of their sentences. It translates those articles and close variants; it "
    "is not a general translation model. Install a real Argos Translate package for real work."
)

README_TEMPLATE = """# {from_name} -> {to_name} SAMPLE model ({code})

**Warning: this is a tiny sample model, not a real translation model.**

It is a {layers}-layer Transformer (d_model {d_model}, int8, {params:,} parameters) trained
only on the two sample articles shipped with the newsroom translation tool and pattern
variants of their sentences (other names, numbers and organisations in the same frames, and
glossary-protected forms with ZXA/ZXB... placeholders or injected target terms). It
reproduces those articles and translates close variants; anything else will come out wrong.

Install a real Argos Translate model for real work:

- online: `translate models install en zh` (downloads from the Argos package index)
- offline: `translate models install FILE.argosmodel` (a package file copied from elsewhere)

Built by `scripts/build_sample_models.py` (seed {seed}); trained on inputs of at most
{max_tokens} SentencePiece tokens.  Decode as Argos does (SentencePiece pieces in, no BOS/EOS
on the source, beam 4) but with `patience=2` (metadata.json "decoding", which the tool
applies) or `length_penalty=0`: a model this small is so sure of its one memorised path that
the other beams end early, and with a length penalty CTranslate2 stops once beam_size
hypotheses have ended, sometimes before the right one has.
"""


def package_name(d: Direction) -> str:
    return f"{d.src}_{d.tgt}-sample"


def metadata(d: Direction) -> dict[str, Any]:
    return {
        "package_version": PACKAGE_VERSION,
        "argos_version": ARGOS_VERSION,
        "from_code": d.src,
        "to_code": d.tgt,
        "from_name": LANG_NAMES[d.src],
        "to_name": LANG_NAMES[d.tgt],
        "sample": True,
        "description": SAMPLE_DESCRIPTION,
        "decoding": PACKAGE_DECODING,
    }


def readme(d: Direction, seed: int, parameters: int) -> str:
    return README_TEMPLATE.format(
        from_name=LANG_NAMES[d.src],
        to_name=LANG_NAMES[d.tgt],
        code=f"{d.src}->{d.tgt}",
        seed=seed,
        layers=f"{SHAPE.enc_layers}+{SHAPE.dec_layers}",
        d_model=SHAPE.d_model,
        params=parameters,
        max_tokens=MAX_TOKENS,
    )


def write(
    d: Direction, model_dir: Path, sp_model: Path, out: Path, seed: int, parameters: int
) -> Path:
    """out/{src}_{tgt}-sample.argosmodel."""
    name = package_name(d)
    return zip_package(
        out / f"{name}.argosmodel",
        name,
        metadata(d),
        model_dir,
        sp_model,
        {"README.md": readme(d, seed, parameters)},
    )


def unpack(path: Path, dest: Path) -> Path:
    """Extract a package; returns its one top-level folder."""
    with zipfile.ZipFile(path) as z:
        z.extractall(dest)
        top = {n.split("/")[0] for n in z.namelist()}
    if len(top) != 1:
        raise BuildError(f"{path}: expected one top-level folder, found {sorted(top)}")
    return dest / top.pop()
