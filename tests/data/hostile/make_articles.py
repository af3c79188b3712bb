"""Regenerate the small hostile article files in articles/ (run from the repository root:
`python tests/data/hostile/make_articles.py`). FIFOs, devices, huge files and hostile file
names are made by the tests at run time; README.md says what each case must give.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent / "articles"
EN = "Minister says “growth” will return\nThe minister said in the café that growth would return.\n"
ZH = "东盟秘书长高金洪表示，数字经济将重塑东盟与中国关系的未来。\n双方应加强合作。\n"
ZH_HANT = "東盟秘書長高金洪表示，數字經濟將重塑東盟與中國關係的未來。\n雙方應加強合作。\n"

CASES: dict[str, bytes] = {
    # UTF-8 with one stray byte: read as UTF-8, the byte replaced, a warning (was: Mac Roman).
    "utf8-stray-byte.txt": EN.encode().replace(b"would", b"wo\xffuld"),
    # A Chinese UTF-8 file cut in the middle of its last character.
    "utf8-truncated.txt": ZH.encode()[:-5],
    # Windows-1252 (a Word export): decoded as such, no warning.
    "cp1252.txt": EN.replace("“", "\u201c").encode("cp1252"),
    "gb18030.txt": ZH.encode("gb18030"),
    "big5.txt": ZH_HANT.encode("big5"),
    "utf8-bom.txt": codecs.BOM_UTF8 + EN.encode(),
    "utf16le-bom.txt": codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"),
    "utf16be-bom.txt": codecs.BOM_UTF16_BE + EN.encode("utf-16-be"),
    "doubled-bom.txt": codecs.BOM_UTF8 * 2 + EN.encode(),
    # Refused, one line each.
    "utf16-no-bom.txt": EN.encode("utf-16-le"),
    "bom-then-invalid.txt": codecs.BOM_UTF8 + b"ok \xff bad\n",
    "nul-bytes.txt": b"text\x00with\x00nul\x00bytes\n",
    "control-chars.txt": b"text\x01\x02\x03\x04\x05\x06\x0e\x0f more\n",
    "pdf-renamed.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "whitespace-only.txt": b" \n\t\r\n\xe3\x80\x80\n",
    "empty.txt": b"",
    # Read (a few control characters in a long text are not "binary"), and shown with the
    # escape sequences neutralised: a window title set, the screen cleared.
    "escape-sequences.txt": (
        "Headline \x1b]0;pwned\x07 here\n\x1b[2JBody text that clears the screen. "
        + "The minister said in a statement that growth would return next year. " * 4
        + "\n"
    ).encode(),
    # Languages and scripts.
    "mixed-script.txt": (
        "东盟秘书长高金洪表示，数字经济将重塑东盟与中国关系的未来。\n"
        "東盟秘書長高金洪表示，數字經濟將重塑東盟與中國關係的未來。\n"
        "By John Tan, Singapore correspondent\n"
    ).encode(),
    "en-with-malay-quote.txt": (
        b"The prime minister spoke to reporters in Kuala Lumpur on Monday about the economy.\n"
        b"Kerajaan akan memperuntukkan wang tambahan kepada golongan berpendapatan rendah "
        b"selepas banjir kerana ramai yang terjejas.\n"
        b"He said the plan would be announced in the budget next month.\n"
    ),
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, data in CASES.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
