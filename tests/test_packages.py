"""Package management: install from file (validated, atomic), list, remove, routes."""

from __future__ import annotations

import functools
import json
import zipfile
from pathlib import Path

import pytest

from translate.engine import packages
from translate.errors import ModelError

SAMPLE = Path(__file__).resolve().parent.parent / "translate" / "sample_models"
REAL_FILES = ("model/model.bin", "model/config.json", "model/shared_vocabulary.json")


@functools.cache
def sample_files() -> dict[str, bytes]:
    """The model and tokenizer of the bundled en->zh sample: a real, small CTranslate2 model,
    so that test packages pass the installer's probe translation."""
    with zipfile.ZipFile(SAMPLE / "en_zh-sample.argosmodel") as zf:
        return {
            name.split("/", 1)[1]: zf.read(name)
            for name in zf.namelist()
            if name.split("/", 1)[1] in (*REAL_FILES, "sentencepiece.model")
        }


def make_package(
    tmp: Path,
    name: str = "en_zh",
    meta: dict[str, object] | None = None,
    files: tuple[str, ...] = (*REAL_FILES, "sentencepiece.model"),
    extra: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    file_name: str = "",
) -> Path:
    """An .argosmodel holding the sample model's real files (those named in `files`; others
    are one-byte placeholders), `replace` overriding some, `extra` added at archive paths."""
    meta = (
        meta if meta is not None else {"from_code": "en", "to_code": "zh", "package_version": "1.0"}
    )
    real = {**sample_files(), **(replace or {})}
    path = tmp / (file_name or f"{name}.argosmodel")
    with zipfile.ZipFile(path, "w") as zf:  # stored: the weights barely compress anyway
        zf.writestr(f"{name}/metadata.json", json.dumps(meta))
        for f in files:
            zf.writestr(f"{name}/{f}", real.get(f, b"x"))
        for arc, data in (extra or {}).items():
            zf.writestr(arc, data)
    return path


def test_install_list_remove(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    pkg = packages.install_file(make_package(tmp_path), root=root)
    assert (pkg.from_code, pkg.to_code, pkg.version, pkg.sample) == ("en", "zh", "1.0", False)
    assert [p.name for p in packages.list_installed(root)] == ["en_zh"]
    assert not [p for p in root.iterdir() if p.name.startswith(".installing")]
    assert [p.name for p in packages.remove("en zh", root=root)] == ["en_zh"]
    assert packages.list_installed(root) == []


def test_not_a_zip_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"\x00\x01not a zip")
    with pytest.raises(
        ModelError, match=r"broken\.argosmodel: not a zip archive.*download it again"
    ):
        packages.install_file(bad, root=tmp_path / "pkgs")


@pytest.mark.parametrize(
    ("files", "meta", "message"),
    [
        (("sentencepiece.model",), None, r"no model/model\.bin"),
        (REAL_FILES, None, r"no sentencepiece\.model"),
        ((*REAL_FILES, "bpe.model"), None, r"BPE packages are not supported"),
        ((*REAL_FILES, "sentencepiece.model"), {"package_version": "1"}, "from_code"),
    ],
)
def test_broken_package_is_refused_and_nothing_installed(
    tmp_path: Path, files: tuple[str, ...], meta: dict[str, object] | None, message: str
) -> None:
    root = tmp_path / "pkgs"
    with pytest.raises(ModelError, match=message):
        packages.install_file(make_package(tmp_path, files=files, meta=meta), root=root)
    assert [p.name for p in root.iterdir()] == [".install.lock"]


def test_zip_slip_is_refused(tmp_path: Path) -> None:
    path = make_package(tmp_path, extra={"../evil.txt": b"owned"})
    with pytest.raises(ModelError, match="unsafe path"):
        packages.install_file(path, root=tmp_path / "pkgs")
    assert not (tmp_path / "evil.txt").exists()


def test_two_top_folders_refused(tmp_path: Path) -> None:
    path = make_package(tmp_path, extra={"other/metadata.json": b"{}"})
    with pytest.raises(ModelError, match="exactly one folder"):
        packages.install_file(path, root=tmp_path / "pkgs")


def test_real_package_wins_over_sample(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    real = {"from_code": "en", "to_code": "zh", "package_version": "1.9"}
    sample = {**real, "package_version": "0.1-sample", "sample": True}
    packages.install_file(make_package(tmp_path, "en_zh", real), root=root)
    kept = packages.install_file(make_package(tmp_path, "en_zh_sample", sample), root=root)
    assert not kept.sample
    assert [p.sample for p in packages.list_installed(root)] == [False]
    assert packages.find_route("en", "zh", root=root)[0].version == "1.9"


def test_pivot_through_english(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    packages.install_file(
        make_package(tmp_path, "ms_en", {"from_code": "ms", "to_code": "en"}), root=root
    )
    packages.install_file(
        make_package(tmp_path, "en_zh", {"from_code": "en", "to_code": "zh"}), root=root
    )
    route = packages.find_route("ms", "zh", root=root)
    assert [p.pair for p in route] == ["ms->en", "en->zh"]


def test_missing_model_names_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as err:
        packages.find_route("fr", "zh", root=tmp_path)
    assert str(err.value) == (
        "no fr->zh model installed; run `translate models install fr zh` (online) "
        "or `translate models install FILE.argosmodel` (offline)"
    )


def test_stray_folder_does_not_break_listing(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    (root / "junk").mkdir(parents=True)
    packages.install_file(make_package(tmp_path), root=root)
    assert [p.name for p in packages.list_installed(root)] == ["en_zh"]


def test_index_unreachable_is_one_clear_error() -> None:
    # conftest points ARGOS_PACKAGE_INDEX at a closed local port and blocks sockets.
    with pytest.raises(ModelError, match=r"could not be reached \(.*\); offline, download"):
        packages.install_from_index("en", "zh", timeout=1)


def test_package_decoding_hints_are_read_and_filtered(tmp_path: Path) -> None:
    meta = {
        "from_code": "en",
        "to_code": "zh",
        "decoding": {"patience": 2, "beam_size": 99, "length_penalty": "x", "rm -rf": 1},
    }
    pkg = packages.install_file(make_package(tmp_path, meta=meta), root=tmp_path / "pkgs")
    assert pkg.decoding == (("patience", 2.0),)


def test_damaged_model_after_install_is_one_clear_error(tmp_path: Path) -> None:
    from translate.engine.ctranslate import DecodeOptions, PackageTranslator

    sample = Path(__file__).resolve().parent.parent / "translate/sample_models"
    pkg = packages.install_file(sample / "en_zh-sample.argosmodel", root=tmp_path / "pkgs")
    (pkg.path / "model" / "model.bin").write_bytes(b"garbage")
    with pytest.raises(ModelError) as err:
        PackageTranslator(pkg, DecodeOptions())
    message = str(err.value)
    assert message.startswith(f"{pkg.path}: the package cannot be loaded (")
    assert message.endswith("reinstall it with `translate models install en zh`")
    assert "\n" not in message
