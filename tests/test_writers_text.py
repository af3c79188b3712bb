"""The translated article as plain text: paragraphs in order, sentences joined per script."""

from __future__ import annotations

from pathlib import Path

from tests.writers_sample import P3, sample_run
from translate.writers import WriteOptions, write_run
from translate.writers.text import WRITER, join_sentences

RUN = sample_run()


def test_paragraphs_in_order_one_blank_line_apart() -> None:
    text = WRITER.render(RUN.articles[0], RUN, WriteOptions())
    assert text == (
        "东盟与中国共享互利伙伴关系：秘书长\n\n"
        "东盟秘书长高金洪在接受中央广播电视总台（CMG）采访时表示，东盟与中国对双方伙伴关系有着共同的承诺。"
        "中国国家主席习近平将中国—东盟关系描述为亚太区域合作中最为成功和最具活力的典范。\n\n"
        "该协定于2022年生效，高金洪说。投资对东盟很重要。\n\n"
        f"{P3}\n"
    )


def test_nothing_but_the_translation() -> None:
    text = WRITER.render(RUN.articles[1], RUN, WriteOptions())
    assert "chrF" not in text and "flag" not in text
    assert text.split("\n\n")[0] == "引號「&」<b>標籤</b> & '撇號'"  # text, not markup


def test_sentences_joined_by_script() -> None:
    assert join_sentences(["He said.", "She left."]) == "He said. She left."
    assert join_sentences(["他说。", "她走了。"]) == "他说。她走了。"
    assert join_sentences(["他说了OK", "Then more."]) == "他说了OK Then more."
    assert join_sentences(["他说。", "OK."]) == "他说。OK."
    assert join_sentences(["  a ", "", " b"]) == "a b"


def test_file_named_by_the_target_language(tmp_path: Path) -> None:
    written = write_run(RUN, tmp_path, ["txt"])
    assert [p.name for p in written] == ["asean-china.zh-Hans.txt", "nasty.zh-TW.txt", "run.json"]
    text = (tmp_path / "asean-china.zh-Hans.txt").read_text(encoding="utf-8")
    assert text.startswith("东盟与中国共享互利伙伴关系")
