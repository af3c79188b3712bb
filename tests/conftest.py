"""Test session set-up: no network, and Argos settings pointed at a temporary folder.

Both must happen before anything imports argostranslate (its settings freeze at import and
create directories under the home directory).
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: no per-example deadline (a loaded 2-core CI machine is slow) and a fixed
# derivation of examples, so a run is reproducible; HYPOTHESIS_PROFILE=explore for random ones.
settings.register_profile("default", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="translate-tests-argos-"))
for _var, _sub in (
    ("ARGOS_PACKAGES_DIR", "data/argos-translate/packages"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_CACHE_HOME", "cache"),
):
    os.environ[_var] = str(_ARGOS_HOME / _sub)
# Never the real index, even if a test forgets to stay offline.
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"


class NetworkBlocked(OSError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkBlocked("network access is disabled in tests")


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address)  # type: ignore[no-any-return]
    _refuse()


_real_connect = socket.socket.connect
socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _refuse  # type: ignore[method-assign,assignment]
socket.create_connection = _refuse  # type: ignore[assignment]
socket.getaddrinfo = _refuse  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "translate" / "sample_models"


@pytest.fixture(scope="session")
def argos_home() -> Path:
    return _ARGOS_HOME


@pytest.fixture(scope="session")
def sample_models() -> Iterator[list[Path]]:
    """The bundled sample packages, installed through the real install-from-file path."""
    from translate.engine import packages

    files = sorted(SAMPLE_DIR.glob("*-sample.argosmodel"))
    if len(files) < 2:
        pytest.fail(
            f"sample packages missing from {SAMPLE_DIR}; run scripts/build_sample_models.py"
        )
    for f in files:
        packages.install_file(f)
    yield files
