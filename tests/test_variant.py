from __future__ import annotations

import pytest

from translate import variant
from translate.errors import UsageError
from translate.lang import to_simplified


def test_simplified_is_unchanged() -> None:
    assert variant.to_variant("东盟秘书长高金洪表示", "zh-Hans") == "东盟秘书长高金洪表示"


def test_traditional_conversion() -> None:
    assert variant.to_variant("东盟与中国关系", "zh-Hant") == "東盟與中國關係"


def test_glossary_forms_are_shielded_and_win() -> None:
    text = "英伟达表示，东盟发展很快"
    # Plain OpenCC (Taiwan phrases) gives its own renderings of both names...
    plain = variant.to_variant(text, "zh-TW")
    assert "東盟" in plain and "東協" not in plain
    # ...the glossary's own Taiwan forms replace them, and the rest is still converted.
    out = variant.to_variant(text, "zh-TW", [("英伟达", "輝達"), ("东盟", "東協")])
    assert out == "輝達表示，東協發展很快"


def test_shield_keeps_names_from_overconversion() -> None:
    # A personal name OpenCC would alter is written as the glossary gives it.
    out = variant.to_variant("黄仁勋说", "zh-Hant", [("黄仁勋", "黃仁勳")])
    assert out == "黃仁勳說"
    assert variant.to_variant("高金洪说", "zh-HK", [("高金洪", "高金洪")]).startswith("高金洪")


def test_unknown_variant_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown Chinese variant 'zh-XX'; choose one of zh-Hans"):
        variant.to_variant("东盟", "zh-XX")


def test_to_simplified() -> None:
    assert to_simplified("東盟與中國") == "东盟与中国"
