"""The bundled sample models are real, trained seq2seq models that reproduce the sample articles.

Runs the committed .argosmodel packages with ctranslate2 + sentencepiece the way Argos Translate
does (SentencePiece pieces in, no BOS/EOS on the source, beam 4, replace_unknowns) and checks
behaviour, not bytes: the seed sentences come out as their reference translations, en->zh output
is Chinese, placeholders survive, zh->en gives English back.

Then the build (tools/sample_models, run by scripts/build_sample_models.py) without training:
its protected training sources are what translate sends, every placeholder target can be
restored, the corpus builds without torch, and it is the previous build's or differs from it
only in the ways listed in ACCEPTED_DIFFERENCES.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm
from sacrebleu.metrics import CHRF

from tools.sample_models import cli, compare, corpus, fillers
from tools.sample_models.errors import BuildError
from tools.sample_models.paths import COMMITTED_HELDOUT, FRAMES, GLOSSARY
from tools.sample_models.protection import DIRECTIONS, Example
from translate.enforce import translate_terms
from translate.glossary import Glossary, load_glossaries

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "translate" / "sample_models"
SEED_PAIRS = ROOT / "sample_models" / "corpus" / "seed_pairs.tsv"
SEED_SENTENCES = ROOT / "tests" / "data" / "seed_sentences.txt"
BUILD_SCRIPT = ROOT / "scripts" / "build_sample_models.py"
PACKAGES = {("en", "zh"): "en_zh-sample.argosmodel", ("zh", "en"): "zh_en-sample.argosmodel"}
HAN = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"ZX[A-J]")


class Model:
    def __init__(self, root: Path):
        self.root = root
        self.sp = spm.SentencePieceProcessor(model_file=str(root / "sentencepiece.model"))
        self.translator = ctranslate2.Translator(
            str(root / "model"), device="cpu", inter_threads=1, intra_threads=1
        )

    def __call__(self, lines: list[str], **decoding: float) -> list[str]:
        tokens = [self.sp.encode(line, out_type=str) for line in lines]
        options = {"beam_size": 4, **decoding}
        results = self.translator.translate_batch(
            tokens, replace_unknowns=True, max_batch_size=32, **options
        )
        return [self.sp.decode(r.hypotheses[0]) for r in results]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = {}
    for pair, name in PACKAGES.items():
        dest = tmp_path_factory.mktemp(name.split(".")[0])
        with zipfile.ZipFile(MODELS / name) as z:
            z.extractall(dest)
        (top,) = list(dest.iterdir())
        out[pair] = top
    return out


@pytest.fixture(scope="module")
def models(unpacked: dict[tuple[str, str], Path]) -> dict[tuple[str, str], Model]:
    return {pair: Model(path) for pair, path in unpacked.items()}


@pytest.fixture(scope="module")
def seed_pairs() -> list[tuple[str, str]]:
    rows = [ln.split("\t") for ln in SEED_PAIRS.read_text(encoding="utf-8").splitlines() if ln]
    return [(en, zh) for en, zh in rows]


@pytest.fixture(scope="module")
def en_to_zh(models: dict[tuple[str, str], Model], seed_pairs: list[tuple[str, str]]) -> list[str]:
    return models[("en", "zh")]([en for en, _ in seed_pairs])


@pytest.fixture(scope="module")
def zh_to_en(models: dict[tuple[str, str], Model], seed_pairs: list[tuple[str, str]]) -> list[str]:
    return models[("zh", "en")]([zh for _, zh in seed_pairs])


def _rates(hyps: list[str], refs: list[str]) -> tuple[float, float]:
    chrf = CHRF()
    exact = sum(h == r for h, r in zip(hyps, refs, strict=True)) / len(refs)
    mean = sum(chrf.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)) / len(
        refs
    )
    return exact, mean


def test_corpus_covers_every_english_seed_line(seed_pairs: list[tuple[str, str]]) -> None:
    lines = []
    for ln in SEED_SENTENCES.read_text(encoding="utf-8").splitlines():
        if ln.strip() and not HAN.search(ln) and ln not in lines:
            lines.append(ln)
    assert [en for en, _ in seed_pairs] == lines
    assert all(HAN.search(zh) for _, zh in seed_pairs)


@pytest.mark.parametrize("pair", list(PACKAGES))
def test_package_layout(unpacked: dict[tuple[str, str], Path], pair: tuple[str, str]) -> None:
    path = MODELS / PACKAGES[pair]
    assert path.stat().st_size <= 5 * 1024 * 1024
    with zipfile.ZipFile(path) as z:
        assert len({n.split("/")[0] for n in z.namelist()}) == 1
    root = unpacked[pair]
    meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
    assert (meta["from_code"], meta["to_code"]) == pair
    assert meta["sample"] is True
    assert meta["package_version"] == "0.1-sample"
    assert "sample" in meta["description"].lower()
    assert meta["decoding"] == {"patience": 2}  # translate.engine applies it
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "translate models install en zh" in readme
    assert "translate models install FILE.argosmodel" in readme
    assert (root / "sentencepiece.model").is_file()
    assert (root / "model" / "model.bin").is_file()
    config = json.loads((root / "model" / "config.json").read_text(encoding="utf-8"))
    assert not config.get("add_source_bos") and not config.get("add_source_eos")


def test_en_zh_reproduces_the_sample_articles(
    en_to_zh: list[str], seed_pairs: list[tuple[str, str]]
) -> None:
    # Measured at build time: 63/64 exact, mean chrF 99.9.
    exact, chrf = _rates(en_to_zh, [zh for _, zh in seed_pairs])
    assert exact >= 0.95, exact
    assert chrf >= 99, chrf


def test_en_zh_output_is_chinese(en_to_zh: list[str]) -> None:
    for out in en_to_zh:
        assert HAN.search(out), out
    latin = sum(len(w) for out in en_to_zh for w in re.findall(r"[A-Za-z]+", out))
    han = sum(len(HAN.findall(out)) for out in en_to_zh)
    assert latin < 0.05 * han


def test_zh_en_gives_english_back(zh_to_en: list[str], seed_pairs: list[tuple[str, str]]) -> None:
    # Measured at build time: 62/64 exact, mean chrF 99.8.
    exact, chrf = _rates(zh_to_en, [en for en, _ in seed_pairs])
    assert exact >= 0.95, exact
    assert chrf >= 99, chrf
    for out in zh_to_en:
        assert not HAN.search(out), out
        assert re.search(r"[A-Za-z]", out), out


@pytest.mark.parametrize("pair", list(PACKAGES))
def test_with_patience_every_seed_sentence_comes_out_right(
    models: dict[tuple[str, str], Model],
    seed_pairs: list[tuple[str, str]],
    pair: tuple[str, str],
) -> None:
    """With a length penalty (CTranslate2's default 1, Argos's 0.2) beam search stops once
    beam_size hypotheses have ended; the junk beams of a model this sure of itself end early
    and can crowd out the right one. patience=2 (or length_penalty=0) lets it finish."""
    src, ref = (
        zip(*seed_pairs, strict=True)
        if pair[0] == "en"
        else zip(*[(zh, en) for en, zh in seed_pairs], strict=True)
    )
    exact, _chrf = _rates(models[pair](list(src), patience=2), list(ref))
    assert exact >= 0.98, exact  # 64/64 at build time


PLACEHOLDER_CASES = {
    ("en", "zh"): [
        "ZXA said that ZXB has 480 million internet users, making it one of the fastest-growing "
        "digital markets in the world.",
        "ZXA and China share a common commitment to their partnership, which features mutually "
        "beneficial economic cooperation, people-to-people exchanges, and deepening connectivity "
        "in various areas, ZXB ZXC said in an interview with ZXD.",
        "According to ZXA, the company expects to take a 5.5 billion U.S. dollar hit from the new "
        "clampdown on exports of ZXB processors to China.",
        "ZXA made the commitment during a meeting with ZXB, chairman of the ZXC (ZXD), in Beijing.",
        "ZXA said that the ZXB and ZXC will become key platforms to enhance supply chain "
        "resilience.",
    ],
    ("zh", "en"): [
        "ZXA表示，ZXB拥有4.8亿网民，是全球增长最快的数字市场之一。",
        "据ZXA称，该公司预计将因ZXB处理器对华出口新限制措施而蒙受55亿美元损失。",
        "ZXA是在北京会见ZXB（ZXC）会长ZXD时作出上述承诺的。",
        "ZXA表示，ZXB和ZXC将成为提升供应链韧性的关键平台。",
        "ZXA：ZXB与中国共享互利伙伴关系",
    ],
}


@pytest.mark.parametrize("pair", list(PACKAGES))
def test_placeholders_survive_exactly_once(
    models: dict[tuple[str, str], Model], pair: tuple[str, str]
) -> None:
    cases = PLACEHOLDER_CASES[pair]
    for src, out in zip(cases, models[pair](cases), strict=True):
        wanted = sorted(set(PLACEHOLDER.findall(src)))
        assert sorted(PLACEHOLDER.findall(out)) == wanted, (src, out)
        if pair[1] == "zh":
            assert HAN.search(out), out


KNOWN_EN = (
    "ZXA said that ZXB has 480 million internet users, making it one of the fastest-growing "
    "digital markets in the world."
)
KNOWN_ZH = "ZXA表示，ZXB拥有4.8亿网民，是全球增长最快的数字市场之一。"


def test_the_known_placeholder_sentence(models: dict[tuple[str, str], Model]) -> None:
    assert models[("en", "zh")]([KNOWN_EN]) == [KNOWN_ZH]
    assert models[("zh", "en")]([KNOWN_ZH]) == [KNOWN_EN]


def test_injected_target_terms_are_kept(models: dict[tuple[str, str], Model]) -> None:
    out = models[("en", "zh")]([KNOWN_EN.replace("ZXA", "高金洪").replace("ZXB", "东盟")])[0]
    assert out.startswith("高金洪") and "东盟" in out and "4.8亿" in out
    src = KNOWN_ZH.replace("ZXA", "Kao Kim Hourn").replace("ZXB", "ASEAN")
    back = models[("zh", "en")]([src])[0]
    assert "ASEAN" in back and "480 million" in back and "Kao" in back


NAMES = [  # person, its Chinese; place, its Chinese: fillers the frames were trained with
    ("Lawrence Wong", "黄循财", "Vietnam", "越南"),
    ("Tim Cook", "蒂姆·库克", "Brazil", "巴西"),
    ("Anwar Ibrahim", "安瓦尔", "Japan", "日本"),
    ("Lisa Su", "苏姿丰", "Mercosur", "南方共同市场"),
]


def test_other_names_in_a_known_frame(models: dict[tuple[str, str], Model]) -> None:
    en = [KNOWN_EN.replace("ZXA", p).replace("ZXB", c) for p, _, c, _ in NAMES]
    zh = [KNOWN_ZH.replace("ZXA", p).replace("ZXB", c) for _, p, _, c in NAMES]
    assert models[("en", "zh")](en) == zh
    assert models[("zh", "en")](zh) == en


@pytest.fixture(scope="module")
def heldout() -> dict[str, list[Example]]:
    """The committed packages' held-out frame fillings (name/number combinations kept out of
    their training by the build that made them; sample_models/corpus/heldout.tsv)."""
    held = [h for h in corpus.read_heldout(COMMITTED_HELDOUT) if h.set == "heldout"]
    return {d.name: [Example(*d.orient(h.en, h.zh), h.set) for h in held] for d in DIRECTIONS}


@pytest.mark.parametrize("pair", list(PACKAGES))
def test_heldout_frame_fillings(
    models: dict[tuple[str, str], Model], heldout: dict[str, list[Example]], pair: tuple[str, str]
) -> None:
    held = heldout[f"{pair[0]}-{pair[1]}"]
    assert len(held) >= 60
    # Measured at build time: en->zh 76% exact / chrF 96.4, zh->en 82% / 98.5 (numbers are
    # where it slips: a digit dropped or doubled, 7.44亿 for 7.74亿).
    exact, chrf = _rates(models[pair]([e.src for e in held]), [e.tgt for e in held])
    assert exact >= 0.65, exact
    assert chrf >= 94, chrf


# The build (tools/sample_models): its training inputs are what translate sends.


@pytest.fixture(scope="module")
def built() -> corpus.Corpus:
    return corpus.build()


class Recorder:
    """An engine that keeps what it is sent and gives nothing back: every protected text is
    sent with placeholders, then (its terms lost) with the target forms injected."""

    def __init__(self) -> None:
        self.sent: set[str] = set()

    def translate(self, texts: Sequence[str], strategies: Sequence[str]) -> list[str]:
        self.sent.update(texts)
        return [""] * len(texts)


def sent_by_translate(texts: list[str], lang: str, glossary: Glossary, target: str) -> set[str]:
    engine = Recorder()
    translate_terms(texts, lang, engine, glossary, target)
    return engine.sent


def test_protected_sources_are_what_translate_sends(built: corpus.Corpus) -> None:
    glossary = load_glossaries([GLOSSARY])
    approved = Glossary(tuple(t for t in glossary.terms if t.status == "approved"))
    for d in DIRECTIONS:
        train = built.train[d.name]
        plain = [e.src for e in train if e.kind in ("seed", "frame")]
        sent = sent_by_translate(plain, d.src, glossary, d.target)
        sent |= sent_by_translate(plain, d.src, approved, d.target)
        full = [e.src for e in train if e.kind.endswith(("-placeholder", "-inject"))]
        assert len(full) > 300
        assert [src for src in full if src not in sent] == []
        # and every seed sentence is trained in each form translate sends it in
        seeds = [e.src for e in built.evals[d.name]["seed"]]
        missing = sent_by_translate(seeds, d.src, glossary, d.target) - {e.src for e in train}
        assert missing == set()


def test_every_placeholder_comes_back_once_and_readable(built: corpus.Corpus) -> None:
    touching = re.compile(r"ZX[A-J](?=[A-Za-z])|(?<=[A-Za-z])ZX[A-J]")
    for exs in built.train.values():
        for e in exs:
            labels = PLACEHOLDER.findall(e.src)
            assert len(set(labels)) == len(labels), e
            assert sorted(PLACEHOLDER.findall(e.tgt)) == sorted(labels), e
            assert not touching.search(e.src) and not touching.search(e.tgt), e


def test_the_build_has_nothing_to_note(built: corpus.Corpus) -> None:
    # every seed pair has its placeholder form; every hand-written target is still used
    assert built.notes == ()


def test_every_frame_fills() -> None:
    for line, en_t, zh_t in corpus.read_pairs(FRAMES):
        for i in range(5):
            inst = fillers.fill(en_t, zh_t, random.Random(i))
            assert "{" not in inst.en + inst.zh, line
            assert HAN.search(inst.zh), line


def test_a_bad_filler_table_says_where(tmp_path: Path) -> None:
    table = tmp_path / "city.tsv"
    table.write_text("# cities\nen\tzh\nBeijing\t北京\nShanghai\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"city.tsv:4: expected 2 non-empty"):
        fillers.read_table(table)


def test_eval_only_without_a_heldout_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--eval-only", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {tmp_path / 'heldout.tsv'}: no held-out set"), err


def test_the_entry_point_builds_the_corpus_without_torch(
    tmp_path: Path, built: corpus.Corpus
) -> None:
    code = (
        "import runpy, sys; sys.modules['torch'] = None; "
        f"sys.argv = ['build_sample_models.py', '--corpus-only', '--work', {str(tmp_path)!r}]; "
        f"runpy.run_path({str(BUILD_SCRIPT)!r}, run_name='__main__')"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "corpus en-zh: " in run.stdout
    for d, exs in built.train.items():  # the same in another process (hash seeds differ)
        lines = (tmp_path / f"train.{d}.tsv").read_text(encoding="utf-8").splitlines()
        assert lines == [f"{e.kind}\t{e.src}\t{e.tgt}" for e in exs]


# What the old build script (with its own matcher and placeholders) made differently, each
# class checked by hand; translate's text is what inference sends.
ACCEPTED_DIFFERENCES = {
    # "secretary-general" in lower case: the glossary's smart case matches Secretary-General
    # as written (and at a sentence start), so translate never protects it
    "translate does not match 'secretary-general' (the old matcher did)",
    # "ASEAN Secretary-General Kao Kim Hourn" -> 东盟秘书长高金洪: the old target ZXBZXC,
    # which restore cannot read (the committed en->zh model writes it: both placeholders lost)
    "target: a space between adjacent placeholders (restore cannot read ZXBZXC)",
    # ... and the source side zh->en: translate sends ZXA ZXB, not ZXAZXB
    "source: a space between adjacent placeholders (protect's padding)",
    # a term without a rendering in the translation ("free trade agreements (FTAs)" -> 自贸协定
    # once; 任鸿斌 -> "Ren"): translate protects it all the same; the old build left it out
    "source: every term protected (the old build left out the terms it could not pair)",
    "made now: the old build protected only the terms it could pair, here none",
    "not made now: a term has no rendering in the translation (before: left unprotected)",
}


def test_the_corpus_is_the_previous_builds_or_what_translate_sends(
    built: corpus.Corpus,
) -> None:
    has_rev = subprocess.run(
        ["git", "cat-file", "-e", f"{compare.OLD_REV}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if has_rev.returncode:
        pytest.skip(f"needs the old build script from git ({compare.OLD_REV[:12]})")
    report = compare.report(new=built)
    assert report["fillers"]["draws_identical"] == report["fillers"]["draws"]
    assert report["fillers"]["frame_fillings_identical"] == report["fillers"]["frame_fillings"]
    for plain in report["plain"].values():
        assert plain["seed_identical"] and plain["dictionary_identical"], plain
        assert plain["frame_pairs"][0] == plain["frame_pairs"][1], plain
    assert report["heldout_file_is_old_heldout"]
    assert report["new_targets_restore_cannot_read"] == 0
    counts = report["protection"]["counts"]
    classes = {key.split(": ", 1)[1] for key in counts} - {"identical"}
    assert classes <= ACCEPTED_DIFFERENCES, classes - ACCEPTED_DIFFERENCES
    for d in DIRECTIONS:
        mine = {k: v for k, v in counts.items() if k.startswith(d.name)}
        same = sum(v for k, v in mine.items() if k.endswith(": identical"))
        assert same >= 0.95 * sum(mine.values()), mine
    # the hand-written pairs: all made by translate's protect, but one that it never sends
    # (no glossary view protects "Xi Jinping" and not "President Xi")
    not_made = [h for h in report["hand_written"] if ": made:" not in h]
    assert not_made == [
        "en-zh placeholder: not made: Chinese President ZXA has described China-ZXB relations as t"
    ]
