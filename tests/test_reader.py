from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.core import Article
from translate.decoding import decode, decode_bytes
from translate.errors import InputError
from translate.reader import (
    article_id,
    assign_ids,
    collect_inputs,
    read_article,
    split_paragraphs,
)

ROOT = Path(__file__).resolve().parent.parent

# A few sentences of Chinese news, in both scripts, for the legacy-encoding tests.
HANS = (
    "东盟秘书长高金洪表示，数字经济、绿色转型和供应链韧性将重塑东盟与中国关系的未来。\n"
    "他说，双方应加强合作，共同建设创新高地。"
)
HANT = (
    "東盟秘書長高金洪表示，數字經濟、綠色轉型和供應鏈韌性將重塑東盟與中國關係的未來。\n"
    "他說，雙方應加強合作，共同建設創新高地。"
)


def write(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def error_for(path: str, data: bytes | None = None) -> InputError:
    with pytest.raises(InputError) as info:
        read_article(path, data)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    assert info.value.fix
    return info.value


# ---------------------------------------------------------------- collect_inputs


def test_collect_expands_folders_recursively_sorted(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "sub/c.txt",
        "sub/skip.json",
        ".hidden.txt",
        ".git/x.txt",
        "Z.TXT",
    ]:
        write(tmp_path / name, b"x")
    found = collect_inputs([str(tmp_path)])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == [
        "Z.TXT",
        "a.md",
        "b.txt",
        "sub/c.txt",
    ]


def test_collect_keeps_order_of_arguments_stdin_and_drops_repeats(tmp_path: Path) -> None:
    one = write(tmp_path / "one.txt", b"x")
    two = write(tmp_path / "two.json", b"x")  # a file named directly is taken whatever its suffix
    assert collect_inputs([two, "-", one, str(tmp_path / "." / "one.txt"), "-"]) == [two, "-", one]


@pytest.mark.parametrize(
    ("name", "problem"),
    [("missing.txt", "no such file or folder"), ("emptydir", "folder has no .txt or .md files")],
)
def test_collect_rejects_missing_paths_and_empty_folders(
    tmp_path: Path, name: str, problem: str
) -> None:
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(InputError, match=problem):
        collect_inputs([str(tmp_path / name)])


def test_collect_rejects_an_empty_path() -> None:
    with pytest.raises(InputError, match="empty path"):
        collect_inputs([""])


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Hello 世界\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Hello 世界\n".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Hello 世界\n".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Hello 世界\n".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + "Hello 世界\n".encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + "Hello 世界\n".encode("utf-32-be"), "utf-32-be"),
    ],
)
def test_unicode_encodings(data: bytes, encoding: str) -> None:
    article = read_article("x.txt", data)
    assert article.text == "Hello 世界\n"
    assert article.encoding == encoding


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (HANS, "gb18030", "gb18030"),
        (HANT, "gb18030", "gb18030"),  # Traditional text saved as GBK
        (HANT, "big5", "big5"),
        ("联合日报", "gb18030", "gb18030"),  # charset-normalizer alone calls these Korean
        ("聯合日報", "big5", "big5"),
        ("相关报道", "gb18030", "gb18030"),
        ("中国", "gb18030", "gb18030"),
        ("臺灣", "big5", "big5"),
        ("联合日报newsroom 2025年3月22日", "gb18030", "gb18030"),
    ],
)
def test_legacy_chinese_is_detected(
    text: str, encoding: str, expected: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "legacy.txt", text.encode(encoding))
    article = read_article(path)
    assert article.text == text
    assert article.encoding == expected


def test_gb18030_four_byte_characters_and_its_bom() -> None:
    text = "数据𠀀测试"  # 𠀀 needs GB18030's four-byte form
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")
    marked = "\ufeff联合日报".encode("gb18030")
    assert decode_bytes(marked) == ("联合日报", "gb18030")


def test_other_legacy_encodings_fall_back_to_charset_normalizer() -> None:
    korean = "대한민국의 수도는 서울이며, 가장 큰 도시이기도 하다. 한국어는 한국의 공용어이다."
    text, encoding = decode_bytes(korean.encode("euc-kr"))
    assert text == korean and encoding in ("cp949", "euc_kr")
    japanese = "こんにちは、世界。今日はいい天気ですね。"
    assert decode_bytes(japanese.encode("shift_jis"))[0] == japanese


def test_newlines_are_normalised_and_paragraphs_are_lines() -> None:
    data = "Title\r\n\r\n  First para.  \rSecond\u2028Third\u2029\n\n\tFourth\n".encode()
    article = read_article("news.txt", data)
    assert article.text == "Title\n\n  First para.  \nSecond\nThird\n\n\n\tFourth\n"
    assert article.title == "Title"
    assert [p.text for p in article.paragraphs] == [
        "Title",
        "First para.",
        "Second",
        "Third",
        "Fourth",
    ]
    assert [p.index for p in article.paragraphs] == [0, 1, 2, 3, 4]
    for p in article.paragraphs:
        assert article.text[p.start : p.start + len(p.text)] == p.text


def test_title_is_first_non_empty_line() -> None:
    article = read_article("a.txt", "\n \n\u3000Headline\u3000\nBody".encode())
    assert article.title == "Headline"


def test_seed_articles_read() -> None:
    paths = collect_inputs([str(ROOT / "seeds")])
    articles = [read_article(p) for p in paths]
    assert [a.id for a in articles] == [
        "asean-china-partnership-and-nvidia-2025-03-22",
        "asean-sg-five-strategic-areas-2025-06-20",
    ]
    assert articles[0].title == (  # the scraped "Skip to Content ..." line is not the title
        "ASEAN, China share mutually beneficial partnership: secretary-general"
    )
    assert articles[1].paragraphs[1].text == "Published at Jun 20, 2025 04:22 pm"
    assert articles[1].paragraphs[-1].text == "相关报道"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO("Hello\n世界".encode("gb18030")))
    monkeypatch.setattr(sys, "stdin", stdin)
    article = read_article("-")
    assert (article.id, article.path, article.text, article.encoding) == (
        "stdin",
        "-",
        "Hello\n世界",
        "gb18030",
    )


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "problem", "fix"),
    [
        (b"", "file is empty", "add the article text"),
        (b"  \n\t\r\n\xe3\x80\x80\n", "has no text, only whitespace", "add the text"),
        (b"abc\x00def\x00\x01\x02binary", "looks binary (contains NUL bytes)", "UTF-8"),
        ("Plain text".encode("utf-16-le"), "looks like UTF-16 without a byte-order mark", "UTF-8"),
        (b"\x89PNG\r\n\x1a\n....", "is a PNG image, not plain text", "save the article as .txt"),
        (b"PK\x03\x04rest", "is a zip archive (a .docx", "save the article as .txt"),
        (b"%PDF-1.7", "is a PDF document", "save the article as .txt"),
        (b"{\\rtf1\\ansi hello}", "is an RTF document", "save the article as .txt"),
        (
            codecs.BOM_UTF8 + b"ok \xff bad",
            "UTF-8 byte-order mark but is not valid UTF-8 (at byte 6)",
            "UTF-8",
        ),
        (codecs.BOM_UTF16_LE + b"o\x00\x00\xdc", "not valid UTF-16 (at byte 4)", "UTF-8"),
        (b"text\x01\x02\x03\x04\x05\x06 more", "looks binary (6 control characters)", "UTF-8"),
    ],
)
def test_bad_input_raises_one_line_error(data: bytes, problem: str, fix: str) -> None:
    error = error_for("in/bad.txt", data)
    assert problem in error.problem
    assert fix in error.fix


def test_undecodable_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    class NoMatch:
        def best(self) -> None:
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data, **kw: NoMatch())
    error = error_for("x.txt", b"\x80\x81\xfe\xff\x80")
    assert error.problem == "is not UTF-8 and its encoding could not be recognised"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert error_for(str(tmp_path / "nope.txt")).problem == "no such file"
    assert error_for(str(tmp_path)).problem == "is a folder, not a file"


# ---------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("news/Kao Kim Hourn: ASEAN?.txt", "Kao-Kim-Hourn-ASEAN"),
        ("联合日报 2025.md", "联合日报-2025"),
        ("café.txt", "café"),
        ("...txt", "article"),
        ("con.txt", "con-file"),
        ("-", "stdin"),
        ("a.b.txt", "a.b"),
    ],
)
def test_article_id_is_filename_safe(path: str, expected: str) -> None:
    assert article_id(path) == expected


def make(article_id_: str) -> Article:
    return Article(article_id_, f"{article_id_}.txt", "t", "t", split_paragraphs("t"), "utf-8")


def test_assign_ids_makes_ids_unique() -> None:
    ids = [a.id for a in assign_ids([make(i) for i in ["x", "x", "X", "x-2", "y", "x"]])]
    assert ids == ["x", "x-3", "X-4", "x-2", "y", "x-5"]
    assert len({i.casefold() for i in ids}) == len(ids)


# ---------------------------------------------------------------- properties

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
).filter(lambda t: t.strip() != "")


@settings(max_examples=150, deadline=None)
@given(text=TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_round_trip(text: str, encoding: str) -> None:
    text = text.lstrip("\ufeff")
    if not text.strip():
        return
    article = read_article("x.txt", text.encode(encoding))
    assert article.text == text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert [p.text for p in article.paragraphs] == lines
    for p in article.paragraphs:
        assert article.text[p.start : p.start + len(p.text)] == p.text


@settings(max_examples=150, deadline=None)
@given(
    text=TEXT.filter(lambda t: sum(not c.isascii() for c in t) >= 2),
    where=st.integers(min_value=0),
    stray=st.sampled_from([b"\x80", b"\xbf", b"\xc3", b"\xe4\xbd", b"\xff"]),
)
def test_utf8_with_a_stray_byte_keeps_the_rest_and_names_the_place(
    text: str, where: int, stray: bytes
) -> None:
    text = text.lstrip("\ufeff")
    cut = where % (len(text) + 1)
    head = text[:cut].encode()
    data = head + stray + text[cut:].encode()
    decoded = decode(data, "x.txt")
    assert (decoded.text, decoded.encoding) == (text[:cut] + "\ufffd" + text[cut:], "utf-8")
    (warning,) = decoded.warnings
    line = head.count(b"\n") + 1
    assert warning.startswith(
        f"x.txt: {len(stray)} byte{'s that are' if len(stray) > 1 else ' that is'} not valid "
        f"UTF-8, at line {line}, byte offset {len(head)} ("
    )


def test_the_title_skips_scraped_page_furniture(tmp_path: Path) -> None:
    path = tmp_path / "scraped.txt"
    path.write_text(
        "Skip to Content Facebook Feature Image\nASEAN, China deepen ties\nBody text here.\n",
        encoding="utf-8",
    )
    article = read_article(str(path))
    assert article.title == "ASEAN, China deepen ties"
    assert article.paragraphs[0].text.startswith("Skip to Content")  # the text is kept
