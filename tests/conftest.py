"""Test session set-up: no network, and Argos settings pointed at a temporary folder.

Both must happen before anything imports argostranslate (its settings freeze at import and
create directories under the home directory).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


# Loopback stays open: a local Ray instance (tests/test_ray_executor.py) talks to itself over
# TCP on this machine. Everything else is refused (tests/test_ray_network.py proves it).
_LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkBlocked("network access is disabled in tests (loopback only)")


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family == socket.AF_UNIX or (isinstance(address, tuple) and _is_loopback(address[0])):
        return _real_connect(self, address)  # type: ignore[no-any-return]
    _refuse()


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family == socket.AF_UNIX or (isinstance(address, tuple) and _is_loopback(address[0])):
        return _real_connect_ex(self, address)  # type: ignore[no-any-return]
    _refuse()
    return 1


def _guarded_create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
    if _is_loopback(address[0]):
        return _real_create_connection(address, *args, **kwargs)
    _refuse()


def _guarded_getaddrinfo(host: object, *args: Any, **kwargs: Any) -> Any:
    if host is None or _is_loopback(host):  # None: this machine's own addresses (bind)
        return _real_getaddrinfo(host, *args, **kwargs)
    _refuse()


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_create_connection = socket.create_connection
_real_getaddrinfo = socket.getaddrinfo
socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
socket.create_connection = _guarded_create_connection  # type: ignore[assignment]
socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]

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


@pytest.fixture()
def sigint_reaches_children() -> Iterator[None]:
    """A suite started in the background by a shell (`cmd &`) has SIGINT ignored, and a child
    process inherits an ignored signal: give the children of a Ctrl-C test the default one."""
    import signal

    old = signal.getsignal(signal.SIGINT)
    if old is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)
