"""Argos Translate package management: list, install (index or file), remove, route.

`argostranslate.package` is used for the package index and for reading installed packages.
It is imported lazily: importing `argostranslate.settings` freezes settings from the environment
and creates directories under the home directory. Its `install_from_path` and `uninstall` import
`argostranslate.translate` (stanza, torch: seconds of start-up) only to clear a cache, so install
and remove are done here, with validation, zip-slip protection and an atomic rename.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import socket
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

from translate.errors import ModelError

log = logging.getLogger(__name__)

PIVOT = "en"
# Argos says "zt" for Traditional Chinese; we translate to Simplified and convert with OpenCC.
ARGOS_CODES = {"zh-Hans": "zh", "zh-Hant": "zt"}

Progress = Callable[[int, int | None], None]  # (bytes done, total bytes or None)


@dataclass(frozen=True)
class InstalledPackage:
    name: str  # directory name
    from_code: str
    to_code: str
    version: str
    path: Path
    sample: bool  # the project's tiny sample model
    target_prefix: str = ""
    # Decoding settings the package asks for (metadata "decoding"), e.g. (("patience", 2.0),).
    decoding: tuple[tuple[str, float], ...] = ()

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"


def _argos() -> ModuleType:
    import argostranslate.package as argos_package

    module: ModuleType = argos_package
    return module


def packages_dir() -> Path:
    """Where packages are installed (Argos's own directory, so both tools share them)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def _read_metadata(pkg_dir: Path) -> dict[str, Any]:
    meta_path = pkg_dir / "metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(
            f"{pkg_dir}: no metadata.json; not an Argos package, remove it with "
            f"`translate models remove {pkg_dir.name}`"
        ) from exc
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"{meta_path}: unreadable metadata ({exc}); reinstall the package"
        ) from exc
    if not isinstance(meta, dict):
        raise ModelError(f"{meta_path}: metadata is not a JSON object; reinstall the package")
    return meta


def _from_dir(pkg_dir: Path) -> InstalledPackage:
    meta = _read_metadata(pkg_dir)
    return InstalledPackage(
        name=pkg_dir.name,
        from_code=str(meta.get("from_code", "")),
        to_code=str(meta.get("to_code", "")),
        version=str(meta.get("package_version", "")),
        path=pkg_dir,
        sample=bool(meta.get("sample", False)),
        target_prefix=str(meta.get("target_prefix", "") or ""),
        decoding=_decoding(meta.get("decoding")),
    )


DECODING_KEYS = ("patience", "length_penalty", "repetition_penalty", "no_repeat_ngram_size")


def _decoding(value: object) -> tuple[tuple[str, float], ...]:
    """The known, numeric decoding hints of a package; anything else is ignored."""
    if not isinstance(value, dict):
        return ()
    return tuple(
        (k, float(v))
        for k, v in sorted(value.items())
        if k in DECODING_KEYS and isinstance(v, int | float) and not isinstance(v, bool)
    )


def package_dirs() -> list[Path]:
    from argostranslate import settings

    return [Path(p) for p in settings.package_dirs]


def list_installed(root: Path | None = None) -> list[InstalledPackage]:
    """Installed translation packages, real ones before samples; `root` overrides Argos's
    package directories. Scanned here rather than with argostranslate's
    get_installed_packages(), which fails on the first folder without metadata.json."""
    found: list[InstalledPackage] = []
    for base in [root] if root else package_dirs():
        if not base.is_dir():
            continue
        for pkg_dir in sorted(base.iterdir()):
            if not pkg_dir.is_dir() or pkg_dir.name.startswith("."):
                continue
            try:
                pkg = _from_dir(pkg_dir)
            except ModelError as exc:
                log.warning("%s", exc)
                continue
            if pkg.from_code and pkg.to_code:
                found.append(pkg)
    return sorted(found, key=lambda p: (p.sample, p.from_code, p.to_code, p.name))


def _check_members(path: Path, zf: zipfile.ZipFile) -> str:
    """The single top-level folder of a package archive, refusing unsafe member names."""
    tops: set[str] = set()
    for name in zf.namelist():
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts or "\\" in name:
            raise ModelError(f"{path}: unsafe path {name!r} inside the archive; not installing it")
        tops.add(parts[0])
    if len(tops) != 1:
        raise ModelError(
            f"{path}: an .argosmodel holds exactly one folder, this one has {len(tops)}; "
            "rebuild the package"
        )
    return tops.pop()


def validate_package_dir(pkg_dir: Path, origin: Path | None = None) -> InstalledPackage:
    """Check what inference needs; raise ModelError naming the missing piece."""
    where = origin or pkg_dir
    pkg = _from_dir(pkg_dir)
    if not pkg.from_code or not pkg.to_code:
        raise ModelError(f"{where}: metadata.json lacks from_code/to_code; rebuild the package")
    if not (pkg_dir / "model" / "model.bin").is_file():
        raise ModelError(f"{where}: no model/model.bin (CTranslate2 model); rebuild the package")
    if not (pkg_dir / "sentencepiece.model").is_file():
        if (pkg_dir / "bpe.model").is_file():
            raise ModelError(f"{where}: BPE packages are not supported; use a SentencePiece one")
        raise ModelError(f"{where}: no sentencepiece.model; reinstall or rebuild the package")
    return pkg


def install_file(
    path: Path, *, root: Path | None = None, replace_real_with_sample: bool = False
) -> InstalledPackage:
    """Install an .argosmodel file. Validates it fully before anything is moved into place."""
    if not path.is_file():
        raise ModelError(f"{path}: no such file; give the path of an .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not a zip archive, so not an .argosmodel; download it again")
    dest_root = root or packages_dir()
    dest_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest_root, prefix=".installing-") as tmp:
        try:
            with zipfile.ZipFile(path) as zf:
                top = _check_members(path, zf)
                zf.extractall(tmp)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ModelError(f"{path}: damaged archive ({exc}); download it again") from exc
        staged = Path(tmp) / top
        pkg = validate_package_dir(staged, origin=path)
        if pkg.sample and not replace_real_with_sample:
            real = [p for p in list_installed(root) if p.pair == pkg.pair and not p.sample]
            if real:
                log.info("real %s package installed; sample not installed", pkg.pair)
                return real[0]
        final = dest_root / top
        for old in list_installed(root):  # one package per pair and per directory name
            if old.path == final or (old.pair == pkg.pair and old.sample == pkg.sample):
                shutil.rmtree(old.path)
        staged.rename(final)
    return _from_dir(final)


def remove(selector: str, root: Path | None = None) -> list[InstalledPackage]:
    """Remove packages by directory name or by "FROM TO" / "FROM->TO" pair."""
    wanted = selector.replace("->", " ").split()
    gone = []
    for pkg in list_installed(root):
        if pkg.name == selector or wanted == [pkg.from_code, pkg.to_code]:
            shutil.rmtree(pkg.path)
            gone.append(pkg)
    if not gone:
        raise ModelError(f"no installed package matches {selector!r}; see `translate models list`")
    return gone


@contextlib.contextmanager
def _socket_timeout(seconds: float) -> Iterator[None]:
    # argostranslate's urlopen calls take no timeout; a default bounds them.
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(old)


def available(from_code: str, to_code: str, timeout: float) -> Any:
    """The index entry for a pair, refreshing the index; ModelError when offline or absent."""
    argos = _argos()
    from argostranslate import settings

    with _socket_timeout(timeout):
        argos.update_package_index()  # logs and returns on network errors
    if not Path(settings.local_package_index).is_file():
        raise ModelError(
            f"the Argos package index ({settings.remote_package_index}) could not be reached; "
            "offline, download the .argosmodel elsewhere and run "
            "`translate models install FILE.argosmodel`"
        )
    for pkg in argos.get_available_packages():
        if pkg.from_code == from_code and pkg.to_code == to_code:
            return pkg
    raise ModelError(f"the Argos index has no {from_code}->{to_code} package")


def download(links: list[str], dest: Path, timeout: float, progress: Progress | None) -> None:
    """Fetch the first link that works into dest, reporting bytes as they arrive."""
    errors = []
    for url in links:
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})
            with urllib.request.urlopen(req, timeout=timeout) as resp, dest.open("wb") as out:
                total = int(resp.headers.get("Content-Length") or 0) or None
                done = 0
                while chunk := resp.read(1 << 16):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            return
        except OSError as exc:
            errors.append(f"{url}: {exc}")
    raise ModelError("download failed: " + "; ".join(errors or ["no download links"]))


def install_from_index(
    from_code: str, to_code: str, timeout: float = 10.0, progress: Progress | None = None
) -> InstalledPackage:
    pkg = available(
        ARGOS_CODES.get(from_code, from_code), ARGOS_CODES.get(to_code, to_code), timeout
    )
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / f"{pkg.from_code}_{pkg.to_code}.argosmodel"
        download(list(pkg.links), dest, timeout, progress)
        return install_file(dest)


def find_route(from_code: str, to_code: str, root: Path | None = None) -> list[InstalledPackage]:
    """Packages to chain for a pair: direct, else through English. Real packages win."""
    installed = list_installed(root)  # real before sample

    def best(a: str, b: str) -> InstalledPackage | None:
        return next((p for p in installed if p.from_code == a and p.to_code == b), None)

    direct = best(from_code, to_code)
    if direct:
        return [direct]
    if PIVOT not in (from_code, to_code):
        first, second = best(from_code, PIVOT), best(PIVOT, to_code)
        if first and second:
            return [first, second]
    raise ModelError(
        f"no {from_code}->{to_code} model installed; run `translate models install "
        f"{from_code} {to_code}` (online) or `translate models install FILE.argosmodel` (offline)"
    )
