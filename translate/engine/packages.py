"""Argos Translate packages: read, list, validate, remove and route. Installing (staged,
proven, swapped) is in `translate.engine.install`, the online index in `translate.engine.index`;
both are re-exported here.

`argostranslate.package` is used for the package index only. It is imported lazily: importing
`argostranslate.settings` freezes settings from the environment and creates directories under
the home directory. Its `install_from_path` and `uninstall` import `argostranslate.translate`
(stanza, torch: seconds of start-up) only to clear a cache, and install without validating, so
install and remove are done here.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from translate.errors import ModelError

log = logging.getLogger(__name__)

PIVOT = "en"
# Argos says "zt" for Traditional Chinese; we translate to Simplified and convert with OpenCC.
ARGOS_CODES = {"zh-Hans": "zh", "zh-Hant": "zt"}

Progress = Callable[[int, int | None], None]  # (bytes done, total bytes or None)

# Argos codes: ISO 639 ("en", "zh", "zt", "pt") with an optional region or script ("pt-BR").
LANG_CODE = regex.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
VERSION = regex.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,39}")
MAX_METADATA_BYTES = 1 << 20
REMOVING_PREFIX = ".removing-"  # a package being deleted; the next install finishes the job


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


def packages_dir() -> Path:
    """Where packages are installed (Argos's own directory, so both tools share them)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def package_dirs() -> list[Path]:
    from argostranslate import settings

    return [Path(p) for p in settings.package_dirs]


def _read_metadata(pkg_dir: Path, origin: Path | None = None) -> dict[str, Any]:
    """metadata.json as a dict. `origin` (the .argosmodel being installed) is what messages
    name; without it the package is an installed folder, removable by its name."""
    where = origin or pkg_dir
    fix = "download the package again" if origin else "reinstall the package"
    meta_path = pkg_dir / "metadata.json"
    try:
        if meta_path.stat().st_size > MAX_METADATA_BYTES:
            raise ModelError(f"{where}: metadata.json is over 1 MiB, not Argos metadata; {fix}")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        how = (
            "rebuild the package"
            if origin
            else f"remove it with `translate models remove {pkg_dir.name}`"
        )
        raise ModelError(f"{where}: no metadata.json; not an Argos package, {how}") from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"{where}: unreadable metadata.json ({exc}); {fix}") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"{where}: metadata.json is not a JSON object; {fix}")
    return meta


def _from_dir(pkg_dir: Path, origin: Path | None = None) -> InstalledPackage:
    meta = _read_metadata(pkg_dir, origin)
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


def _check_codes(pkg: InstalledPackage, where: Path, fix: str) -> None:
    """Codes end up in folder names, commands and model routes: only real language codes."""
    if not pkg.from_code or not pkg.to_code:
        raise ModelError(f"{where}: metadata.json lacks from_code/to_code; {fix}")
    for key, code in (("from_code", pkg.from_code), ("to_code", pkg.to_code)):
        if not LANG_CODE.fullmatch(code):
            raise ModelError(
                f"{where}: {key} {code[:40]!r} is not a language code (like en, zh, pt-BR); {fix}"
            )
    if pkg.version and not VERSION.fullmatch(pkg.version):
        raise ModelError(
            f"{where}: package_version {pkg.version[:40]!r} is not a version (like 1.9); {fix}"
        )


def list_installed(root: Path | None = None) -> list[InstalledPackage]:
    """Installed translation packages, real ones before samples; `root` overrides Argos's
    package directories. Scanned here rather than with argostranslate's
    get_installed_packages(), which fails on the first folder without metadata.json. A folder
    that is not a usable package is skipped with a warning."""
    found: list[InstalledPackage] = []
    for base in [root] if root else package_dirs():
        if not base.is_dir():
            continue
        for pkg_dir in sorted(base.iterdir()):
            if not pkg_dir.is_dir() or pkg_dir.name.startswith("."):
                continue
            try:
                pkg = _from_dir(pkg_dir)
                _check_codes(pkg, pkg_dir, "reinstall the package")
            except ModelError as exc:
                log.warning("%s", exc)
                continue
            found.append(pkg)
    return sorted(found, key=lambda p: (p.sample, p.from_code, p.to_code, p.name))


def validate_package_dir(pkg_dir: Path, origin: Path | None = None) -> InstalledPackage:
    """Check the files inference needs; raise ModelError naming the missing piece and, when
    installing, the .argosmodel file (`origin`) rather than the staging folder."""
    where = origin or pkg_dir
    pkg = _from_dir(pkg_dir, origin)
    fix = "rebuild the package" if origin else "reinstall the package"
    _check_codes(pkg, where, fix)
    if not (pkg_dir / "model" / "model.bin").is_file():
        raise ModelError(f"{where}: no model/model.bin (CTranslate2 model); {fix}")
    if not (pkg_dir / "sentencepiece.model").is_file():
        if (pkg_dir / "bpe.model").is_file():
            raise ModelError(f"{where}: BPE packages are not supported; use a SentencePiece one")
        raise ModelError(f"{where}: no sentencepiece.model; {fix}")
    return pkg


def install_file(
    path: Path, *, root: Path | None = None, replace_real_with_sample: bool = False
) -> InstalledPackage:
    """Install an .argosmodel file: see `translate.engine.install.install_file`."""
    from translate.engine.install import install_file as from_file

    return from_file(path, root=root, replace_real_with_sample=replace_real_with_sample)


def install_from_index(
    from_code: str, to_code: str, timeout: float = 10.0, progress: Progress | None = None
) -> InstalledPackage:
    """Download and install a pair from the Argos index: see `translate.engine.index`."""
    from translate.engine.index import install_from_index as from_index

    return from_index(from_code, to_code, timeout=timeout, progress=progress)


def remove(selector: str, root: Path | None = None) -> list[InstalledPackage]:
    """Remove packages by directory name or by "FROM TO" / "FROM->TO" pair. A broken folder
    (no usable metadata, so not listed) can be removed by its name."""
    from translate.engine.install import install_lock

    dest_root = root or packages_dir()
    wanted = selector.replace("->", " ").split()
    with install_lock(dest_root):
        gone = [
            pkg
            for pkg in list_installed(root)
            if pkg.name == selector or wanted == [pkg.from_code, pkg.to_code]
        ]
        broken = dest_root / selector
        if not gone and _plain_name(selector) and broken.is_dir():
            gone = [InstalledPackage(selector, "?", "?", "", broken, False)]
        for pkg in gone:
            discard(pkg.path)
    if not gone:
        raise ModelError(f"no installed package matches {selector!r}; see `translate models list`")
    return gone


def _plain_name(name: str) -> bool:
    """A folder name directly inside the packages folder: not hidden, no path in it."""
    return bool(name) and not name.startswith(".") and "/" not in name and "\\" not in name


def discard(pkg_dir: Path) -> None:
    """Delete a package folder so that no half-deleted package is ever listed: it is moved
    under a hidden folder first (one rename), then deleted. A kill in between leaves only the
    hidden folder, which the next install deletes."""
    hidden = Path(tempfile.mkdtemp(prefix=REMOVING_PREFIX, dir=pkg_dir.parent))
    os.replace(pkg_dir, hidden / pkg_dir.name)
    shutil.rmtree(hidden, ignore_errors=True)


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


def sample_package(from_code: str, to_code: str) -> Path | None:
    """The bundled sample package for a pair, if the project ships one."""
    from importlib import resources

    ref = (
        resources.files("translate") / "sample_models" / f"{from_code}_{to_code}-sample.argosmodel"
    )
    path = Path(str(ref))
    return path if path.is_file() else None


@dataclass(frozen=True)
class PairInstall:
    """What `install_pair` did."""

    package: InstalledPackage
    fallback: str = ""  # why the bundled sample was installed instead ("" when it was not)


def install_pair(
    from_code: str,
    to_code: str,
    *,
    timeout: float,
    or_sample: bool = False,
    progress: Progress | None = None,
) -> PairInstall:
    """Install a pair from the Argos index; with `or_sample`, when the index cannot be
    reached, the bundled sample package of the pair instead (a real package already installed
    is kept: real packages always win over samples)."""
    try:
        return PairInstall(
            install_from_index(from_code, to_code, timeout=timeout, progress=progress)
        )
    except ModelError as exc:
        sample = sample_package(from_code, to_code) if or_sample else None
        if sample is None:
            raise
        reason = str(exc).split(";")[0]
    return PairInstall(install_file(sample), fallback=reason)
