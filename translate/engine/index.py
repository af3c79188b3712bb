"""The online Argos package index and downloads, with a timeout that holds.

A socket timeout does not cover name resolution: with a DNS server that never answers,
`urlopen(timeout=2)` waited 10 s and more. Every network step here runs in a worker thread
watched by the caller: when nothing arrives for `timeout` seconds (resolving, connecting or
reading), the step is abandoned with one clear error.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engine.packages import ARGOS_CODES, InstalledPackage, Progress
from translate.errors import ModelError

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 1 << 30
MAX_INDEX_BYTES = 16 << 20
OFFLINE = (
    "offline, download the .argosmodel elsewhere and run `translate models install FILE.argosmodel`"
)


class _Stalled(Exception):
    pass


@dataclass
class _Transfer:
    done: int = 0
    total: int | None = None
    last: float = 0.0
    error: BaseException | None = None


def fetch(
    url: str,
    dest: Path,
    timeout: float,
    progress: Progress | None = None,
    limit: int = MAX_DOWNLOAD_BYTES,
) -> None:
    """Download `url` into `dest`. Raises OSError (the worker's), or _Stalled when nothing
    arrived for `timeout` seconds, or ModelError when the file is over `limit`."""
    state = _Transfer(last=time.monotonic())
    cancel = threading.Event()

    def work() -> None:
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                if cancel.is_set():  # abandoned while resolving: leave no file behind
                    return
                state.total = int(resp.headers.get("Content-Length") or 0) or None
                state.last = time.monotonic()
                with dest.open("wb") as out:
                    while chunk := resp.read(1 << 16):
                        if cancel.is_set():
                            return
                        out.write(chunk)
                        state.done += len(chunk)
                        state.last = time.monotonic()
                        if state.done > limit:
                            raise ModelError(f"{url}: larger than {limit >> 20} MiB; not a package")
        except BaseException as exc:  # handed to the watching thread
            state.error = exc

    worker = threading.Thread(target=work, name="translate-download", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if progress and state.done:
            progress(state.done, state.total)
        if worker.is_alive() and time.monotonic() - state.last > timeout:
            cancel.set()  # the worker stops at its next chunk; a hung resolver is abandoned
            raise _Stalled(f"no answer in {timeout:g} s")
    if state.error is not None:
        raise state.error
    if progress:
        progress(state.done, state.total)


def update_index(timeout: float) -> Path:
    """Fetch the index into Argos's local copy (validated, replaced atomically); on failure
    keep a copy from earlier if there is one. ModelError when there is none."""
    from argostranslate import settings

    local = Path(settings.local_package_index)
    remote = str(settings.remote_package_index)
    try:
        local.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".index-", dir=local.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            fetch(remote, tmp, timeout, limit=MAX_INDEX_BYTES)
            entries = json.loads(tmp.read_text(encoding="utf-8"))
            if not isinstance(entries, list):
                raise ValueError("not a JSON list")
            os.replace(tmp, local)
        finally:
            tmp.unlink(missing_ok=True)
    except (OSError, ValueError, _Stalled, ModelError) as exc:
        why = _reason(exc)
        if local.is_file():
            log.warning(
                "the Argos package index (%s) could not be reached (%s); using the copy "
                "from an earlier download",
                remote,
                why,
            )
            return local
        raise ModelError(
            f"the Argos package index ({remote}) could not be reached ({why}); {OFFLINE}"
        ) from None
    return local


def _reason(exc: BaseException) -> str:
    """A short why: "no answer in 2 s", "Connection refused", "not a JSON list"."""
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
    text = str(reason).strip().splitlines()[0] if str(reason).strip() else type(exc).__name__
    return text[:120]


def available(from_code: str, to_code: str, timeout: float) -> Any:
    """The index entry for a pair, refreshing the index; ModelError when offline or absent."""
    import argostranslate.package as argos_package

    update_index(timeout)
    try:
        found = list(argos_package.get_available_packages())
    except Exception as exc:  # a damaged local copy: argostranslate raises anything
        raise ModelError(
            f"the local copy of the Argos index is damaged ({type(exc).__name__}); run the "
            "command again online"
        ) from None
    for pkg in found:
        if pkg.from_code == from_code and pkg.to_code == to_code:
            return pkg
    raise ModelError(f"the Argos index has no {from_code}->{to_code} package")


def download(links: list[str], dest: Path, timeout: float, progress: Progress | None) -> None:
    """Fetch the first link that works into dest, reporting bytes as they arrive."""
    errors = []
    for url in links:
        try:
            fetch(url, dest, timeout, progress)
            return
        except (OSError, _Stalled) as exc:
            errors.append(f"{url}: {_reason(exc)}")
    raise ModelError("download failed: " + "; ".join(errors or ["no download links"]))


def install_from_index(
    from_code: str, to_code: str, timeout: float = 10.0, progress: Progress | None = None
) -> InstalledPackage:
    from translate.engine.install import install_file

    pkg = available(
        ARGOS_CODES.get(from_code, from_code), ARGOS_CODES.get(to_code, to_code), timeout
    )
    name = f"{pkg.from_code}_{pkg.to_code}-{pkg.package_version}.argosmodel"
    with tempfile.TemporaryDirectory(prefix="translate-download-") as tmp:
        dest = Path(tmp) / name
        download(list(pkg.links), dest, timeout, progress)
        # Errors name the index entry: the temporary file is gone when the user reads them.
        return install_file(dest, label=f"{name} (from the Argos index)")
