"""Where the build reads and writes."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "sample_models" / "corpus"
SEED_PAIRS = CORPUS_DIR / "seed_pairs.tsv"
FRAMES = CORPUS_DIR / "frames.tsv"
FILLERS = CORPUS_DIR / "fillers"
BY_HAND = CORPUS_DIR / "aligned_by_hand.tsv"
COMMITTED_HELDOUT = CORPUS_DIR / "heldout.tsv"
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
SEED_SENTENCES = ROOT / "tests" / "data" / "seed_sentences.txt"
DEFAULT_OUT = ROOT / "translate" / "sample_models"
DEFAULT_WORK = ROOT / "build" / "sample_models"


def heldout_path(out: Path) -> Path:
    """The held-out fillings travel with the packages they were held out from: the committed
    packages' set is in the corpus folder, any other build's beside its packages."""
    if out.resolve() == DEFAULT_OUT.resolve():
        return COMMITTED_HELDOUT
    return out / "heldout.tsv"


def shown(path: Path) -> str:
    """A path as the user would type it from the repository root."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
