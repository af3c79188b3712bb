"""Atomic file writes: a reader sees the old file or the whole new one, never half of it.

The text goes to a temporary file in the same directory (so the rename stays on one file
system), is flushed and fsynced, then `os.replace`d over the destination.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from translate.errors import OutputError


def write_text(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 (newlines as given) to `path` atomically."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: a bug upstream, not the disk's fault
        raise OutputError(
            f"{path}: text holds a character UTF-8 cannot encode at {exc.start}; "
            "report this as a bug"
        ) from exc
    return write_bytes(path, data)


def write_bytes(path: Path, data: bytes) -> Path:
    directory = path.parent
    try:
        # The pid in the name lets the next run tell a killed run's leftovers from the
        # files of a run still writing (translate.outdir.remove_stale_temps).
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=directory
        )
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _error(path, exc) from exc
    except BaseException:  # Ctrl-C mid-write: the old file stays, the temporary one goes
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_directory(directory)
    return path


def _umask() -> int:
    # mkstemp creates 0600 files; give the result the permissions a plain open() would.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible everywhere (Windows), so best effort.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _error(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        f"{path}: cannot write ({reason}); check that the folder is writable and the disk has space"
    )
