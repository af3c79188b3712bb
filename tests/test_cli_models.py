"""`translate models ...` through typer's CliRunner: exact messages and exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.test_packages import make_package
from translate.cli import app

runner = CliRunner()


def test_install_broken_file_is_one_line_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"garbage")
    result = runner.invoke(app, ["models", "install", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {bad}: not a zip archive, so not an .argosmodel; download it again"
    )
    assert "Traceback" not in result.output


def test_install_offline_without_fallback_names_the_offline_route() -> None:
    result = runner.invoke(app, ["models", "install", "en", "fr", "--timeout", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the Argos package index (http://127.0.0.1:9/index.json) "
    )
    assert "could not be reached (" in result.stderr
    assert "); offline, download the .argosmodel elsewhere" in result.stderr
    assert "translate models install FILE.argosmodel" in result.stderr


def test_install_needs_a_pair_or_files() -> None:
    result = runner.invoke(app, ["models", "install", "en"])
    assert result.exit_code == 2
    assert "give FROM TO language codes" in result.stderr


def test_remove_unknown_package() -> None:
    result = runner.invoke(app, ["models", "remove", "xx", "yy"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: no installed package matches 'xx yy'; see `translate models list`"
    )


def test_install_file_then_list_then_remove(tmp_path: Path) -> None:
    meta = {"from_code": "fr", "to_code": "de", "package_version": "2.0"}
    pkg = make_package(tmp_path, "fr_de", meta)
    result = runner.invoke(app, ["models", "install", str(pkg)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("installed fr->de 2.0 ")
    listing = runner.invoke(app, ["models", "list"])
    assert any(line.startswith("fr\tde\t2.0\targos\t") for line in listing.stdout.splitlines())
    gone = runner.invoke(app, ["models", "remove", "fr", "de"])
    assert gone.exit_code == 0 and gone.stdout.startswith("removed fr->de")


def test_offline_install_falls_back_to_the_sample_and_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["models", "install", "en", "zh", "--or-sample", "--timeout", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("installed en->zh SAMPLE ")
    assert result.stderr.startswith("Note: the Argos package index (")
    assert "SAMPLE package was installed. It knows only the sample articles." in result.stderr
    listing = runner.invoke(app, ["models", "list"])
    assert any(
        line.startswith("en\tzh\t0.1-sample\tsample\t") for line in listing.stdout.splitlines()
    )
