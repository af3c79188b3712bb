"""An article's title: its first line that is not scraped page furniture.

Text copied or scraped from a news site often starts with the page around the article: "Skip to
Content", menus, share buttons ("Facebook", "WhatsApp", "分享到微信"), "Feature Image", bylines,
a date line. A line made only of such phrases (and separators such as | · > /) is skipped, and
so is a line that is only a date, a time, a URL or punctuation. The first other line is the
title, cut at about 120 columns (a Chinese character counts two). When every line is furniture,
the first non-empty line is the title after all: never an empty title for a text with words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

# Phrases of page furniture, compared ignoring case. Latin ones must stand as whole words.
_LATIN = (
    "skip to content", "skip to main content", "skip to navigation", "skip navigation",
    "jump to content", "main menu", "menu", "navigation", "home", "search", "close",
    "open menu", "toggle navigation", "sign in", "sign up", "log in", "login", "register",
    "subscribe", "newsletter", "share", "share this", "share this article", "share on",
    "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "line", "weibo", "wechat",
    "reddit", "pinterest", "tweet", "pin", "messenger", "email", "e-mail", "mail", "print",
    "copy", "copy link", "link copied",
    "feature image", "featured image", "image", "photo", "video", "advertisement", "ad",
    "sponsored", "listen", "listen to this article", "read more", "related", "related news",
    "related articles", "more", "back to top", "top", "font size", "a a a", "a+", "a-",
    "comments", "news", "latest", "trending", "world", "asia", "china", "business", "opinion",
    "sport", "sports", "lifestyle", "tech", "technology", "politics", "in pictures",
)  # fmt: skip
_CJK = (
    "跳到主要内容", "跳至主要内容", "跳到内容", "跳過", "首页", "首頁", "主页", "導航", "导航",
    "菜单", "選單", "搜索", "搜尋", "登录", "登入", "注册", "註冊", "订阅", "訂閱", "分享到",
    "分享", "微信", "微博", "朋友圈", "QQ空间", "打印", "列印", "返回顶部", "回到頂部", "字号",
    "字體", "大", "中", "小", "评论", "評論", "相关新闻", "相關新聞", "更多", "广告", "廣告",
    "图片", "圖片", "视频", "影片", "收藏", "点赞", "复制链接", "複製連結",
)  # fmt: skip
_SEPARATORS = r"[\s\p{P}\p{S}]"
_PHRASES = regex.compile(
    r"(?<!\w)(?:"
    + "|".join(regex.escape(p) for p in sorted(_LATIN, key=len, reverse=True))
    + r")(?!\w)|"
    + "|".join(regex.escape(p) for p in sorted(_CJK, key=len, reverse=True)),
    regex.IGNORECASE,
)
_ONLY_SEPARATORS = regex.compile(rf"{_SEPARATORS}*")
_URL = regex.compile(r"\s*(?:https?://|www\.)\S+\s*", regex.IGNORECASE)
# A date and/or time line, with its labels: "2025-03-22 00:48 Last Updated At:02:17",
# "Published at Jun 20, 2025 04:22 pm", "2025年6月20日 10:30 来源：新华社".
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_WORDS = regex.compile(
    rf"\d+|{_MONTH}|mon|tue|wed|thu|fri|sat|sun|[ap]\.?m\.?|utc|gmt|sgt|hkt|cst|"
    r"published|updated|last|at|on|posted|date|time|年|月|日|时|時|分|发布|發佈|更新|来源|來源|"
    r"[\p{L}\p{N}]*(?:news|社|网|網|报|報|台)",
    regex.IGNORECASE,
)
# "By Jane Doe" (a capital after By: "By the numbers: ..." is a headline), or a label and a
# colon: "Photo: Xinhua", "来源：新华社".
_BYLINE = regex.compile(
    r"\s*(?:(?i:by)\s+\p{Lu}|(?i:photos?|images?|source|credits?|reporting by|written by|"
    r"作者|记者|記者|编辑|編輯|责任编辑|責任編輯|来源|來源|图|圖|摄影|攝影)\s*[:：|]).{0,60}"
)
TITLE_COLUMNS = 120


def is_boilerplate(line: str) -> bool:
    """Whether a line is page furniture rather than the article's words."""
    rest = _PHRASES.sub(" ", line)
    if _ONLY_SEPARATORS.fullmatch(rest) or _URL.fullmatch(line):
        return True
    if regex.search(r"\d", line) and _ONLY_SEPARATORS.fullmatch(_DATE_WORDS.sub(" ", line)):
        return True
    return _is_byline(line)


def _is_byline(line: str) -> bool:
    # "By Jane Doe", "Photo: Xinhua", "来源：新华社": short, and led by the label
    return len(line.split()) <= 8 and len(line) <= 70 and bool(_BYLINE.fullmatch(line))


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _shorten(line: str, limit: int = TITLE_COLUMNS) -> str:
    """`line`, or its start up to `limit` columns, cut at a space where there is one, plus …"""
    width, end = 0, len(line)
    for index, char in enumerate(line):
        width += _columns(char)
        if width > limit:
            end = index
            break
    if end == len(line):
        return line
    space = line.rfind(" ", 0, end)
    cut = line[:space] if space > end // 2 else line[:end]
    return cut.rstrip(" ,;:，；：、") + "\u2026"


def article_title(paragraph_texts: Iterable[str]) -> str:
    """The title of an article given its paragraphs in order (see the module docstring)."""
    lines = [
        " ".join(line.split())
        for paragraph in paragraph_texts
        for line in paragraph.splitlines()
        if line.strip()
    ]
    chosen = next((line for line in lines if not is_boilerplate(line)), lines[0] if lines else "")
    return _shorten(chosen)
