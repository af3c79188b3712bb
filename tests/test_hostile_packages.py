"""Hostile and broken model packages: each is refused with one line naming the .argosmodel file,
what is wrong and what to do, and nothing that worked before is lost."""

from __future__ import annotations

import fcntl
import io
import socket
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_packages import make_package, sample_files
from translate.cli import app
from translate.engine import index, install, packages
from translate.engine.ctranslate import DecodeOptions, PackageTranslator
from translate.errors import ModelError

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile" / "packages"
EN_ZH = {"from_code": "en", "to_code": "zh", "package_version": "1.0"}
runner = CliRunner()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A packages folder holding a working en->zh package (version 1.0)."""
    pkgs = tmp_path / "pkgs"
    packages.install_file(make_package(tmp_path, "en_zh", EN_ZH), root=pkgs)
    return pkgs


def still_works(root: Path, version: str = "1.0") -> None:
    """The en->zh package is the one installed before, and it still loads and translates."""
    (pkg,) = [p for p in packages.list_installed(root) if p.pair == "en->zh"]
    assert pkg.version == version
    assert PackageTranslator(pkg, DecodeOptions(beam_size=1)).translate(["ASEAN"])[0]


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name != install.LOCK_NAME)


def refused(path: Path, root: Path) -> str:
    with pytest.raises(ModelError) as err:
        packages.install_file(path, root=root)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert ".installing-" not in message and "remove" not in message
    return message


# ---------------------------------------------------------------- the committed corpus


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("traversal.argosmodel", "unsafe path 'en_zh/../../evil.txt' inside the archive"),
        ("absolute.argosmodel", "unsafe path '/tmp/evil.txt' inside the archive"),
        ("backslash.argosmodel", "unsafe path 'en_zh\\\\..\\\\evil.txt' inside the archive"),
        ("symlink.argosmodel", "'en_zh/model/link' is a symbolic link; packages hold plain files"),
        ("fifo.argosmodel", "'en_zh/model/pipe' is a special file; packages hold plain files"),
        ("two-folders.argosmodel", "an .argosmodel holds exactly one folder, this one has 2"),
        ("loose-file.argosmodel", "'README.md' lies outside the package folder"),
        ("duplicate.argosmodel", "the archive holds 'en_zh/sentencepiece.model' twice"),
        ("hidden-folder.argosmodel", "package folder name '.en_zh' is not a plain name"),
        ("bad-code.argosmodel", "from_code '../../x' is not a language code (like en, zh, pt-BR)"),
        ("escape-code.argosmodel", "to_code 'zh\\x1b]0;pwned\\x07' is not a language code"),
        ("bad-version.argosmodel", "package_version '1.0\\x1b[2J' is not a version (like 1.9)"),
        ("bad-metadata.argosmodel", "unreadable metadata.json (Expecting property name"),
        ("not-a-zip.argosmodel", "not a zip archive, so not an .argosmodel; download it again"),
    ],
)
def test_hostile_archive_is_refused_and_the_installed_package_kept(
    name: str, problem: str, root: Path
) -> None:
    message = refused(HOSTILE / name, root)
    assert problem in message
    assert leftovers(root) == ["en_zh"]
    assert not (root.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    still_works(root)


# ---------------------------------------------------------------- damaged and clashing packages


@pytest.mark.parametrize(
    ("model_bin", "problem"),
    [
        (b"garbage", "Unsupported model binary version"),
        (None, "Variable 'decoder/embeddings/weight' has an invalid payload size"),  # truncated
    ],
)
def test_damaged_model_is_refused_and_the_working_one_kept(
    tmp_path: Path, root: Path, model_bin: bytes | None, problem: str
) -> None:
    blob = model_bin if model_bin is not None else sample_files()["model/model.bin"][:1000]
    newer = {**EN_ZH, "package_version": "2.0"}
    path = make_package(tmp_path, "en_zh", newer, replace={"model/model.bin": blob})
    message = refused(path, root)
    assert f"the model cannot be loaded or run (RuntimeError: {problem}" in message
    assert message.endswith("download the package again (or rebuild it)")
    assert leftovers(root) == ["en_zh"]
    still_works(root, "1.0")


def test_model_that_translates_into_nothing_is_refused(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    def empty(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess([], 0, stdout='{"output": " \\u2581 "}\n', stderr="")

    monkeypatch.setattr(subprocess, "run", empty)
    message = refused(make_package(tmp_path, "en_zh", {**EN_ZH, "package_version": "2"}), root)
    assert "the model runs but translates a test sentence into nothing" in message
    still_works(root)


def test_good_package_replaces_the_old_one_of_its_pair(tmp_path: Path, root: Path) -> None:
    newer = make_package(tmp_path, "translate-en_zh-2_0", {**EN_ZH, "package_version": "2.0"})
    pkg = packages.install_file(newer, root=root)
    assert pkg.name == "translate-en_zh-2_0"
    assert leftovers(root) == ["translate-en_zh-2_0"]
    still_works(root, "2.0")


def test_folder_name_of_another_pair_deletes_nothing(tmp_path: Path, root: Path) -> None:
    fr_de = {"from_code": "fr", "to_code": "de", "package_version": "1.0"}
    pkg = packages.install_file(make_package(tmp_path, "en_zh", fr_de), root=root)
    assert (pkg.pair, pkg.name) == ("fr->de", "en_zh-fr_de")
    assert leftovers(root) == ["en_zh", "en_zh-fr_de"]
    still_works(root)


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path, root: Path) -> None:
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("en_zh/metadata.json", '{"from_code": "en", "to_code": "zh"}')
        with zf.open("en_zh/model/model.bin", "w") as member:
            zero = bytes(1 << 20)
            for _ in range(64):  # 64 MiB of zeros: about 64 KiB in the archive
                member.write(zero)
    assert bomb.stat().st_size < 1 << 20
    message = refused(bomb, root)
    assert "unpacks to 64.0 MiB (" in message and "this is not a real package" in message
    with pytest.raises(ModelError, match=r"more than the 1\.0 MiB a package may take"):
        install.install_file(bomb, root=root, max_unpacked=1 << 20)
    assert leftovers(root) == ["en_zh"]
    still_works(root)


def test_package_just_over_the_cap_is_refused(tmp_path: Path, root: Path) -> None:
    path = make_package(tmp_path, "en_zh", {**EN_ZH, "package_version": "2"})
    with zipfile.ZipFile(path) as zf:
        total = sum(i.file_size for i in zf.infolist())
    with pytest.raises(ModelError) as err:
        install.install_file(path, root=root, max_unpacked=total - 1)
    assert str(err.value) == (
        f"{path}: unpacks to {total / (1 << 20):.1f} MiB, more than the "
        f"{(total - 1) / (1 << 20):.1f} MiB a package may take; not a real Argos package (a zip "
        "bomb?): download it again from the Argos index"
    )
    assert leftovers(root) == ["en_zh"]


# ---------------------------------------------------------------- interrupted installs


def test_killed_install_leftovers_are_cleaned_by_the_next_install(
    tmp_path: Path, root: Path
) -> None:
    stale = root / ".installing-k1ll3d"
    (stale / "en_zh" / "model").mkdir(parents=True)
    (stale / "en_zh" / "model" / "model.bin").write_bytes(bytes(1 << 20))
    (root / ".removing-abc" / "old").mkdir(parents=True)
    fr_de = {"from_code": "fr", "to_code": "de", "package_version": "1.0"}
    packages.install_file(make_package(tmp_path, "fr_de", fr_de), root=root)
    assert leftovers(root) == ["en_zh", "fr_de"]


def test_package_moved_aside_by_a_killed_replace_is_restored(tmp_path: Path, root: Path) -> None:
    aside = root / ".replaced-1234abcd"
    aside.mkdir()
    (root / "en_zh").rename(aside / "en_zh")  # killed between the two renames of a swap
    assert packages.list_installed(root) == []
    fr_de = {"from_code": "fr", "to_code": "de", "package_version": "1.0"}
    packages.install_file(make_package(tmp_path, "fr_de", fr_de), root=root)
    assert leftovers(root) == ["en_zh", "fr_de"]
    still_works(root)


def test_a_second_install_at_the_same_time_is_refused(tmp_path: Path, root: Path) -> None:
    with open(root / install.LOCK_NAME, "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(ModelError, match="another `translate models install` or `remove`"):
            packages.install_file(make_package(tmp_path, "en_zh", EN_ZH), root=root)
    still_works(root)


def test_broken_folder_can_be_removed_by_the_name_the_warning_gives(root: Path) -> None:
    (root / "junk").mkdir()
    (root / "junk" / "model.bin").write_bytes(b"x")
    gone = packages.remove("junk", root=root)
    assert [p.name for p in gone] == ["junk"] and leftovers(root) == ["en_zh"]


# ---------------------------------------------------------------- the network


@pytest.fixture
def silent_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every connection hangs in name resolution, as with a DNS server that never answers."""
    release = threading.Event()

    def hang(*args: object, **kwargs: object) -> socket.socket:
        release.wait(30)
        raise OSError("resolver gave up")

    monkeypatch.setattr(socket, "create_connection", hang)
    yield release
    release.set()


def test_timeout_holds_when_dns_never_answers(silent_dns: threading.Event) -> None:
    started = time.monotonic()
    with pytest.raises(ModelError) as err:
        packages.install_from_index("en", "zh", timeout=0.5)
    assert time.monotonic() - started < 2.5
    assert str(err.value) == (
        "the Argos package index (http://127.0.0.1:9/index.json) could not be reached (no "
        "answer in 0.5 s); offline, download the .argosmodel elsewhere and run "
        "`translate models install FILE.argosmodel`"
    )


def test_download_timeout_holds_too(silent_dns: threading.Event, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ModelError) as err:
        index.download(["http://example.invalid/x.argosmodel"], tmp_path / "x", 0.5, None)
    assert time.monotonic() - started < 2.5
    assert str(err.value) == (
        "download failed: http://example.invalid/x.argosmodel: no answer in 0.5 s"
    )


def test_cli_timeout_option_is_honoured(silent_dns: threading.Event) -> None:
    started = time.monotonic()
    result = runner.invoke(app, ["models", "install", "en", "zh", "--timeout", "0.5"])
    assert time.monotonic() - started < 2.5
    assert result.exit_code == 1
    assert "could not be reached (no answer in 0.5 s)" in result.stderr


# ---------------------------------------------------------------- the command line


def test_cli_installs_the_good_files_and_names_the_bad_one(tmp_path: Path) -> None:
    fr_de = make_package(tmp_path, "fr_de", {"from_code": "fr", "to_code": "de"})
    bad = HOSTILE / "traversal.argosmodel"
    result = runner.invoke(app, ["models", "install", str(bad), str(fr_de)])
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == [
        f"Error: {bad}: unsafe path 'en_zh/../../evil.txt' inside the archive; not installing it"
    ]
    assert result.stdout.startswith("installed fr->de ")
    runner.invoke(app, ["models", "remove", "fr", "de"])


def test_cli_refuses_a_code_that_is_not_a_language_code() -> None:
    result = runner.invoke(app, ["models", "install", "../../x", "zh"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: '../../x' is not a language code; give codes such as en, zh, ms"
    )


def test_cli_listing_neutralises_escape_sequences(tmp_path: Path) -> None:
    pkgs_dir = packages.packages_dir()
    evil = pkgs_dir / "evil\x1b]0;pwned\x07"
    evil.mkdir(parents=True)
    try:
        result = runner.invoke(app, ["models", "list"])
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "evil\\x1b]0;pwned\\x07: no metadata.json" in result.stderr
    finally:
        evil.rmdir()


class FakeResponse(io.BytesIO):
    headers = {"Content-Length": "3000000"}


def test_download_reports_progress_and_caps_the_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: FakeResponse(bytes(3_000_000)))
    seen: list[tuple[int, int | None]] = []
    index.fetch("http://x/p.argosmodel", tmp_path / "p", 5, lambda d, t: seen.append((d, t)))
    assert (tmp_path / "p").stat().st_size == 3_000_000
    assert seen[-1] == (3_000_000, 3_000_000)
    with pytest.raises(ModelError, match=r"^http://x/p\.argosmodel: larger than 1 MiB"):
        index.fetch("http://x/p.argosmodel", tmp_path / "q", 5, limit=1 << 20)
