"""Install an .argosmodel file without ever losing a package that works.

1. One install at a time per packages folder (a lock file); leftovers of a killed install or
   remove (hidden `.installing-*`, `.replaced-*`, `.removing-*` folders) are cleaned first.
2. The archive is checked before anything is written (one top folder, no absolute, `..`,
   symlink or device entries, at most MAX_UNPACKED_BYTES unpacked, no zip-bomb ratio) and
   unpacked into a hidden staging folder with the byte budget enforced while writing.
3. The staged package is validated (metadata, language codes, files) and *proven*: a child
   process loads the model with CTranslate2 and translates a probe sentence.
4. Only then is it renamed into place, and only then are the packages it replaces (same pair,
   same kind: real or sample) moved aside and deleted. A package of another pair is never
   touched, whatever its folder is called.

Errors name the .argosmodel file, never the staging folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import regex

from translate.engine.packages import (
    REMOVING_PREFIX,
    InstalledPackage,
    _from_dir,
    list_installed,
    packages_dir,
    validate_package_dir,
)
from translate.errors import ModelError

log = logging.getLogger(__name__)

# The real Argos packages unpack to a few hundred MB at most.
MAX_UNPACKED_BYTES = 1 << 30
MAX_MEMBERS = 10_000
MAX_RATIO = 20  # int8 weights barely compress: a big archive compressed more is a zip bomb
PROBE_TIMEOUT_S = 300.0
STAGING_PREFIX = ".installing-"
REPLACED_PREFIX = ".replaced-"  # a package being replaced; restored if its successor is missing
LOCK_NAME = ".install.lock"
_TOP_NAME = regex.compile(r"[\w][\w.+-]{0,99}")
_CONTROL = regex.compile(r"\p{Cc}")


def install_file(
    path: Path,
    *,
    root: Path | None = None,
    replace_real_with_sample: bool = False,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    label: str = "",
) -> InstalledPackage:
    """Install an .argosmodel file: staged, validated, proven, then swapped in atomically.
    Messages name `label` (e.g. the index entry a download came from) instead of `path`."""
    if not path.is_file():
        raise ModelError(f"{path}: no such file; give the path of an .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not a zip archive, so not an .argosmodel; download it again")
    dest_root = root or packages_dir()
    try:
        dest_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"{dest_root}: cannot create the packages folder ({exc.strerror}); check permissions"
        ) from None
    with install_lock(dest_root):
        clean_leftovers(dest_root)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=dest_root))
        try:
            origin = Path(label) if label else path
            top = _unpack(path, origin, staging, dest_root, max_unpacked)
            staged = staging / top
            pkg = validate_package_dir(staged, origin=origin)
            if pkg.sample and not replace_real_with_sample:
                real = [p for p in list_installed(root) if p.pair == pkg.pair and not p.sample]
                if real:
                    log.info("real %s package installed; sample not installed", pkg.pair)
                    return real[0]
            prove(staged, pkg, origin=origin)
            return _swap_in(staged, pkg, dest_root)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------- lock and leftovers


@contextlib.contextmanager
def install_lock(dest_root: Path) -> Iterator[None]:
    """Hold the packages folder's install lock (released by the OS if the process dies)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; installs are not serialised
        yield
        return
    dest_root.mkdir(parents=True, exist_ok=True)
    with open(dest_root / LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ModelError(
                f"{dest_root}: another `translate models install` or `remove` is running "
                "there; wait for it to finish and run this again"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def clean_leftovers(dest_root: Path) -> list[Path]:
    """Delete what killed installs and removes left (the caller holds the install lock, so
    nothing else is using them). A package moved aside for a replacement that never arrived is
    put back. Returns the folders deleted."""
    deleted = []
    for entry in sorted(dest_root.iterdir()):
        name = entry.name
        if name.startswith(REPLACED_PREFIX) and entry.is_dir():
            _restore_or_delete(entry, dest_root)
        elif name.startswith((STAGING_PREFIX, REMOVING_PREFIX)) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
            deleted.append(entry)
            log.info("deleted %s, left by an install or remove that was stopped", entry)
    return deleted


def _restore_or_delete(aside: Path, dest_root: Path) -> None:
    """`aside` is `.replaced-<token>/<name>`: a package moved out of the way of a new one."""
    for old in [p for p in aside.iterdir() if p.is_dir()]:
        try:
            pkg = _from_dir(old)
        except ModelError:
            continue
        kind = (pkg.pair, pkg.sample)
        live = [p for p in list_installed(dest_root) if (p.pair, p.sample) == kind]
        if not live and not (dest_root / old.name).exists():
            os.replace(old, dest_root / old.name)
            log.warning("%s: restored; the install that was replacing it was stopped", old.name)
    shutil.rmtree(aside, ignore_errors=True)


# ---------------------------------------------------------------- unpacking


def _unpack(path: Path, origin: Path, staging: Path, dest_root: Path, max_unpacked: int) -> str:
    """Unpack the checked archive into `staging`; return its top folder's name. Messages
    name `origin`."""
    written = 0
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            top = check_members(origin, infos, max_unpacked)
            for info in infos:
                target = staging.joinpath(*PurePosixPath(info.filename).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "xb") as out:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > max_unpacked:
                            raise ModelError(_too_big(origin, max_unpacked))
                        out.write(chunk)
    except FileExistsError as exc:
        name = Path(str(exc.filename)).relative_to(staging).as_posix()
        raise ModelError(
            f"{origin}: the archive holds {name!r} twice; rebuild the package"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ModelError(f"{origin}: damaged archive ({exc}); download it again") from None
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
        raise ModelError(f"{origin}: cannot be unpacked ({exc}); download it again") from None
    except OSError as exc:
        raise ModelError(
            f"{origin}: cannot be unpacked into {dest_root} ({exc.strerror or exc}); "
            "free some disk space or check the folder's permissions"
        ) from None
    return top


def check_members(path: Path, infos: list[zipfile.ZipInfo], max_unpacked: int) -> str:
    """The single top-level folder of a package archive; refuses unsafe or oversized ones."""
    if len(infos) > MAX_MEMBERS:
        raise ModelError(f"{path}: {len(infos)} files in the archive; not an Argos package")
    tops: set[str] = set()
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name).parts
        mode = info.external_attr >> 16
        if (
            not parts
            or name.startswith("/")
            or "\\" in name
            or ".." in parts
            or ":" in parts[0]
            or _CONTROL.search(name)
        ):
            raise ModelError(f"{path}: unsafe path {name!r} inside the archive; not installing it")
        if stat.S_ISLNK(mode):
            raise ModelError(f"{path}: {name!r} is a symbolic link; packages hold plain files only")
        if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise ModelError(f"{path}: {name!r} is a special file; packages hold plain files only")
        if len(parts) == 1 and not info.is_dir():
            raise ModelError(
                f"{path}: {name!r} lies outside the package folder; rebuild the package"
            )
        tops.add(parts[0])
    if len(tops) != 1:
        raise ModelError(
            f"{path}: an .argosmodel holds exactly one folder, this one has {len(tops)}; "
            "rebuild the package"
        )
    top = tops.pop()
    if not _TOP_NAME.fullmatch(top):
        raise ModelError(f"{path}: package folder name {top!r} is not a plain name; rebuild it")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > max_unpacked:
        raise ModelError(_too_big(path, max_unpacked, total))
    if total > 16 << 20 and total > MAX_RATIO * max(packed, 1):
        raise ModelError(
            f"{path}: {_mib(packed)} unpacks to {_mib(total)} ({total // max(packed, 1)}x); "
            "model weights do not compress like that, so this is not a real package"
        )
    return top


def _too_big(path: Path, limit: int, total: int | None = None) -> str:
    size = f" to {_mib(total)}" if total is not None else " to more than that"
    return (
        f"{path}: unpacks{size}, more than the {_mib(limit)} a package may take; not a real "
        "Argos package (a zip bomb?): download it again from the Argos index"
    )


def _mib(n: int) -> str:
    return f"{n / (1 << 20):.1f} MiB"


# ---------------------------------------------------------------- proving and swapping


def prove(pkg_dir: Path, pkg: InstalledPackage, origin: Path) -> str:
    """Load the model and translate a probe sentence in a child process; return the output.
    ModelError naming `origin` when the model cannot be loaded, crashes, or outputs nothing."""
    import translate

    source_root = str(Path(translate.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source_root, env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "translate.engine.probe", str(pkg_dir), pkg.from_code]
    command += [pkg.target_prefix] if pkg.target_prefix else []
    fix = "download the package again (or rebuild it)"
    started = time.monotonic()
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise ModelError(
            f"{origin}: the model did not translate a test sentence in {PROBE_TIMEOUT_S:.0f} s; "
            f"{fix}"
        ) from None
    log.debug("probe of %s took %.2f s", origin, time.monotonic() - started)
    lines = proc.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else {}
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if proc.returncode < 0:
        raise ModelError(
            f"{origin}: the model crashed CTranslate2 while loading (signal {-proc.returncode}); "
            f"{fix}"
        )
    if "error" in answer or "output" not in answer:
        why = str(answer.get("error") or _last_line(proc.stderr) or f"exit {proc.returncode}")
        why = why.replace(str(pkg_dir.parent) + os.sep, "")  # name the package, not the staging
        raise ModelError(f"{origin}: the model cannot be loaded or run ({why}); {fix}")
    output = str(answer["output"])
    if not regex.search(r"[\p{L}\p{N}]", output):
        raise ModelError(
            f"{origin}: the model runs but translates a test sentence into nothing "
            f"({output!r}); its weights are damaged: {fix}"
        )
    return output


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1][:300] if lines else ""


def _swap_in(staged: Path, pkg: InstalledPackage, dest_root: Path) -> InstalledPackage:
    """Move the proven package into place, then delete the packages it replaces (same pair,
    same kind). A folder of the same name that is anything else is left alone."""
    replaced = [
        p for p in list_installed(dest_root) if (p.pair, p.sample) == (pkg.pair, pkg.sample)
    ]
    final = dest_root / staged.name
    aside = dest_root / f"{REPLACED_PREFIX}{secrets.token_hex(4)}"
    aside.mkdir()
    in_place = next((p for p in replaced if p.path == final), None)
    if in_place is None and (final.exists() or final.is_symlink()):
        final = _free_name(dest_root, f"{staged.name}-{pkg.from_code}_{pkg.to_code}")
    if in_place is not None:
        os.replace(final, aside / final.name)  # the only moment the pair has no package
    os.replace(staged, final)
    for old in replaced:
        if old is not in_place and old.path.exists():
            os.replace(old.path, aside / f"{old.path.name}-{secrets.token_hex(2)}")
    shutil.rmtree(aside, ignore_errors=True)
    return _from_dir(final)


def _free_name(dest_root: Path, base: str) -> Path:
    candidate, n = dest_root / base, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = dest_root / f"{base}-{n}"
    return candidate
