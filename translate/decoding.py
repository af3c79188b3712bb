"""Decode an article's bytes: byte-order marks, UTF-8, the legacy encodings a newsroom meets.

Order: byte-order mark (UTF-8/16/32), then strict UTF-8, then UTF-8 with a few bad bytes
replaced (and a warning naming line and byte offset), then legacy Chinese (GB18030, Big5 and
its Microsoft/HKSCS supersets) by trial decoding scored for plausible Chinese, then
charset-normalizer restricted to the legacy encodings a newsroom meets, then UTF-8 with the
bad bytes replaced when they are few. Short GB18030/Big5 texts are where statistical detection
fails (it calls "联合日报" Korean), hence the trial decodes. Nothing outside that list is
guessed: a stray byte in a UTF-8 file once made a whole article Mac Roman.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
from collections.abc import Sequence

import regex

from translate.errors import InputError

RESAVE = "re-save it as UTF-8 in your editor"
# The legacy encodings newsroom files come in, for the statistical step: Chinese (when the
# trial decode was not sure), Windows Western (Word exports), Korean, Japanese. Nothing else
# is guessed.
LEGACY_ENCODINGS = (
    "gb18030",
    "big5",
    "cp950",
    "big5hkscs",
    "cp1252",
    "cp949",
    "euc_kr",
    "cp932",
    "shift_jis",
    "euc_jp",
)
MAX_CHAOS = 0.2  # charset-normalizer's "mess" above which its answer is not believed

# Document formats people save articles in by mistake, recognised by their first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (a .docx, .odt or .epub is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (  # (mark, codec of the bytes after it)
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HAN = regex.compile(r"\p{Han}")
_CONTROL = regex.compile(r"[^\P{Cc}\t\n\r\f\v]")
_CJK_PUNCT = frozenset(
    "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕…—～·・０１２３４５６７８９％"
)
_NEUTRAL = frozenset("•°×÷±®©™€£¥§\u00a0–")  # as likely in a right decoding as in a wrong one
_UTF8_TOKEN = regex.compile(
    rb"(?P<ascii>[\x00-\x7f]+)"
    rb"|(?P<multi>[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})"
    rb"|(?P<bad>.)",
    regex.DOTALL,
)


@dataclasses.dataclass(frozen=True)
class Decoded:
    text: str  # without a byte-order mark
    encoding: str  # Python's codec name
    warnings: tuple[str, ...] = ()  # one line each, naming the file: what to check


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode an article's bytes; return (text without BOM, codec name). Raises InputError."""
    decoded = decode(data, path)
    return decoded.text, decoded.encoding


def decode(data: bytes, path: str = "<bytes>") -> Decoded:
    """Decode an article's bytes, with warnings for what was repaired. Raises InputError."""
    if not data:
        raise InputError(path, "file is empty", "add the article text or leave it out")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"is {what}, not plain text", "save the article as .txt (UTF-8)")
    bom = next(((mark, enc) for mark, enc in _BOMS if data.startswith(mark)), None)
    warnings: tuple[str, ...] = ()
    if bom is not None:
        text = _decode_after_bom(data, *bom, path)
        encoding = "utf-8-sig" if bom[1] == "utf-8" else bom[1]
    elif b"\x00" in data:
        raise InputError(path, _nul_problem(data), RESAVE)
    else:
        text, encoding, warnings = _decode_unmarked(data, path)
    text = text.removeprefix("\ufeff")  # GB18030 and doubled BOMs leave one behind
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(path, f"looks binary ({controls} control characters), not text", RESAVE)
    return Decoded(text, codecs.lookup(encoding).name, warnings)


def _decode_after_bom(data: bytes, mark: bytes, encoding: str, path: str) -> str:
    try:
        return data[len(mark) :].decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding[:-3].upper() if encoding.endswith(("-le", "-be")) else encoding.upper()
        raise InputError(
            path,
            f"starts with a {name} byte-order mark but is not valid {name} "
            f"(at byte {len(mark) + exc.start})",
            RESAVE,
        ) from None


def _nul_problem(data: bytes) -> str:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) // 4 and min(even, odd) <= len(sample) // 50:
        return "looks like UTF-16 without a byte-order mark"
    return "looks binary (contains NUL bytes), not text"


def _decode_unmarked(data: bytes, path: str) -> tuple[str, str, tuple[str, ...]]:
    """Strict UTF-8; else UTF-8 with a few bad bytes (replaced, with a warning); else legacy
    Chinese by trial; else the other encodings a newsroom meets, by statistics; else UTF-8
    with the bad bytes replaced when they are few. Never a guess among every code page: a
    stray byte in a UTF-8 file once made the whole file Mac Roman."""
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    valid, bad = _utf8_runs(data)
    if valid >= 2 * len(bad):  # a UTF-8 file with a stray or truncated byte or two
        return _utf8_replaced(data, path, bad)
    chinese = _best_chinese(data)
    if chinese is not None:
        return (*chinese, ())
    if valid >= len(bad):
        return _utf8_replaced(data, path, bad)
    from charset_normalizer import from_bytes

    guess = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if guess is not None and guess.chaos <= MAX_CHAOS:
        return str(guess), str(guess.encoding), ()
    if sum(end - start for start, end in bad) <= max(3, len(data) // 200):
        return _utf8_replaced(data, path, bad)
    raise InputError(path, "is not UTF-8 and its encoding could not be recognised", RESAVE)


def _utf8_runs(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """(valid multi-byte UTF-8 characters, [start, end) of each run of invalid bytes)."""
    valid = 0
    bad: list[tuple[int, int]] = []
    for match in _UTF8_TOKEN.finditer(data):
        if match.lastgroup == "multi":
            valid += 1
        elif match.lastgroup == "bad":
            start, end = match.span()
            if bad and bad[-1][1] == start:
                start = bad.pop()[0]
            bad.append((start, end))
    return valid, bad


def _utf8_replaced(
    data: bytes, path: str, bad: list[tuple[int, int]]
) -> tuple[str, str, tuple[str, ...]]:
    def where(span: tuple[int, int]) -> str:
        start, end = span
        shown = " ".join(f"0x{b:02x}" for b in data[start : min(end, start + 4)])
        more = " ..." if end - start > 4 else ""
        line = data.count(b"\n", 0, start) + 1
        return f"line {line}, byte offset {start} ({shown}{more})"

    places = "; ".join(where(span) for span in bad[:3])
    if len(bad) > 3:
        places += f"; and {len(bad) - 3} more"
    count = sum(end - start for start, end in bad)
    what = "byte that is" if count == 1 else "bytes that are"
    message = (
        f"{path}: {count} {what} not valid UTF-8, at {places}; read as UTF-8 with "
        "U+FFFD (\ufffd) in their place: check the text there and re-save the file as UTF-8"
    )
    return data.decode("utf-8", errors="replace"), "utf-8", (message,)


def _best_chinese(data: bytes) -> tuple[str, str] | None:
    """The legacy Chinese decoding that reads most like Chinese, if any reads like it at all."""
    candidates: list[tuple[float, str, str]] = []
    for family in (("gb18030",), ("big5", "cp950", "big5hkscs")):
        for encoding in family:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            candidates.append((chinese_score(text), text, encoding))
            break
    if not candidates:
        return None
    # max() keeps the first of equal scores: GB18030, the common encoding in our region.
    score, text, encoding = max(candidates, key=lambda c: c[0])
    return (text, encoding) if score >= 0.5 and _frequent_enough(text) else None


def chinese_score(text: str) -> float:
    """Mean plausibility of the non-ASCII characters of a decoding as Chinese, -3..3.

    Frequent Han characters score 3, common ones (GB2312 level 1, Big5 level 1) and CJK
    punctuation 1, rare Han -1, anything else (kana, Cyrillic, box drawing, private use:
    the look of mojibake) -3. A right decoding scores about 1.5, a wrong one below 0.5.
    """
    frequent, common = _han_sets()
    total = count = 0
    for ch in text:
        if ch.isascii() or ch.isspace() or ch in _NEUTRAL:
            continue
        count += 1
        if ch in frequent:
            total += 3
        elif ch in common or ch in _CJK_PUNCT:
            total += 1
        elif _HAN.match(ch):
            total -= 1
        else:
            total -= 3
    return total / count if count else 0.0


def _frequent_enough(text: str) -> bool:
    """Long text decoded wrongly but cleanly (EUC-KR read as GB2312) lacks frequent characters."""
    frequent, _ = _han_sets()
    han = _HAN.findall(text)
    return len(han) < 30 or sum(ch in frequent for ch in han) >= 0.08 * len(han)


@functools.cache
def _han_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(frequent, common) Han characters, Simplified and Traditional, built from the codecs."""
    from charset_normalizer.constant import FREQUENCIES

    from translate.lang import convert

    top = "".join(FREQUENCIES["Chinese"])
    frequent = frozenset(top + convert(top, "s2t"))
    gb_level1 = _decode_rows("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5_level1 = _decode_rows("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return frequent, frozenset(gb_level1 + big5_level1) | frequent


def _decode_rows(encoding: str, leads: Sequence[int], trails: Sequence[int]) -> str:
    chars: list[str] = []
    for lead in leads:
        for trail in trails:
            try:
                chars.append(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return "".join(chars)
