"""Regenerate the small hostile .argosmodel files in packages/ (run from the repository root:
`python tests/data/hostile/make_packages.py`). Each is refused before any model is loaded, so
placeholders stand in for the weights. Big cases (zip bombs) are made by the tests at run time.
"""

from __future__ import annotations

import json
import stat
import warnings
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "packages"
META = {"from_code": "en", "to_code": "zh", "package_version": "1.0"}
FILES = ("model/model.bin", "sentencepiece.model")
WHEN = (2025, 1, 1, 0, 0, 0)


def entry(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, WHEN)  # fixed dates: the same bytes every time
    info.external_attr = mode << 16
    return info


def package(
    name: str,
    extra: dict[str, tuple[bytes, int]],
    meta: dict[str, str] | None = None,
    top: str = "en_zh",
) -> None:
    with zipfile.ZipFile(HERE / name, "w") as zf:
        zf.writestr(entry(f"{top}/metadata.json"), json.dumps(meta or META))
        for f in FILES:
            zf.writestr(entry(f"{top}/{f}"), b"x")
        for arcname, (data, mode) in extra.items():
            zf.writestr(entry(arcname, mode), data)


def main() -> None:
    HERE.mkdir(exist_ok=True)
    warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate, on purpose
    plain = stat.S_IFREG | 0o644
    package("traversal.argosmodel", {"en_zh/../../evil.txt": (b"owned", plain)})
    package("absolute.argosmodel", {"/tmp/evil.txt": (b"owned", plain)})
    package("backslash.argosmodel", {"en_zh\\..\\evil.txt": (b"owned", plain)})
    package("symlink.argosmodel", {"en_zh/model/link": (b"/etc/passwd", stat.S_IFLNK | 0o777)})
    package("fifo.argosmodel", {"en_zh/model/pipe": (b"", stat.S_IFIFO | 0o644)})
    package("two-folders.argosmodel", {"other/metadata.json": (b"{}", plain)})
    package("loose-file.argosmodel", {"README.md": (b"hello", plain)})
    package("duplicate.argosmodel", {"en_zh/sentencepiece.model": (b"y", plain)})
    package("hidden-folder.argosmodel", {}, top=".en_zh")
    package("bad-code.argosmodel", {}, meta={**META, "from_code": "../../x"})
    package("escape-code.argosmodel", {}, meta={**META, "to_code": "zh\x1b]0;pwned\x07"})
    package("bad-version.argosmodel", {}, meta={**META, "package_version": "1.0\x1b[2J"})
    (HERE / "not-a-zip.argosmodel").write_bytes(b"<html>404 Not Found</html>\n")
    with zipfile.ZipFile(HERE / "bad-metadata.argosmodel", "w") as zf:
        zf.writestr(entry("en_zh/metadata.json"), b"{not json")
        for f in FILES:
            zf.writestr(entry(f"en_zh/{f}"), b"x")


if __name__ == "__main__":
    main()
