"""Build seeds.links.tsv from the project's seed sentence pairs, with hand-made edits.

Run from the repository root: python bench/data/align/build_seed_links.py
The edits imitate what human translators and editors do to a story: merge sentences,
split them, drop lines, add a line, swap two sentences. Every edit is listed below by the
1-based row of sample_models/corpus/seed_pairs.tsv it touches; the output holds one gold
link per line (`English ||| English<TAB>Chinese ||| Chinese`, an empty side for 1-0 / 0-1).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PAIRS = ROOT / "sample_models" / "corpus" / "seed_pairs.tsv"
OUT = Path(__file__).with_name("seeds.links.tsv")
SEP = " ||| "

# Rows whose Chinese is dropped (the English stays: a 1-0 link).
DROP_ZH = {1, 28, 47}
# Runs of rows joined into one link; the Chinese is rewritten as given (n-1 links).
MERGE = {
    (6, 7): [
        "中国与东盟地缘相近、人文相亲，友谊源远流长，自1991年建立对话关系以来，双方不断深化政治互信和务实合作，在经贸合作、基础设施、科技创新和人文交流等各领域取得丰硕成果。"
    ],
    (11, 12): ["第二，看投资，当然，在投资方面，中国多年来一直稳居第二。"],
    (20, 21, 22): ["“它在增长，数字摆在那里，但我认为这个数字不会止步于此。"],
    (41, 42): [
        "我们在中国成长，过去30年来，中国见证了我们的发展。",
        "“不断加码的限制对我们公司造成了重大影响。",
    ],
    (52, 53): [
        "高金洪表示，东盟拥有4.8亿网民，是全球增长最快的数字市场之一，中国庞大的数字生态系统和领先平台将为双方合作提供有力支撑。"
    ],
    (59, 60): [
        "升级后的自贸协定将优化原产地规则、海关程序和数字贸易条款，而RCEP将借助其广泛的成员国网络促进跨境资源配置，两者协同发力，将增强区域贸易的抗风险能力。"
    ],
}
# Rows whose Chinese is split into several sentences (1-n links).
SPLIT = {
    5: [
        "东盟秘书长高金洪在接受中央广播电视总台采访时表示，东盟与中国对双方伙伴关系有着共同的承诺。",
        "这一伙伴关系以互利的经济合作、人文交流以及各领域不断深化的互联互通为特点。",
    ],
    51: [
        "据新华社报道，高金洪表示，自1996年中国成为东盟全面对话伙伴以来，双方合作成果丰硕。",
        "2002年，双方启动建设中国—东盟自由贸易区；2020年，双方签署全球最大的区域全面经济伙伴关系协定（RCEP）。",
        "2021年，双方将双边关系提升为全面战略伙伴关系。",
    ],
    54: [
        "随着中国—东盟自由贸易区3.0版升级议定书即将正式签署，双方应聚焦推动数字贸易、跨境电商和电子支付等领域合作。",
        "同时，双方应把握人工智能、机器人、物联网和云服务等全球发展趋势。",
    ],
    61: [
        "高金洪还表示，东盟与中国在铁路、公路和航运等多式联运领域的合作仍有巨大潜力。",
        "他期待中国通过共建一带一路倡议继续提供资金和技术支持。",
    ],
}
# Chinese lines added after a row (0-1 links).
ADD_ZH_AFTER = {33: ["（完）"], 49: ["本文据新华社报道编译。"]}


def main() -> None:
    rows = [line.split("\t") for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    merged_start = {run[0]: run for run in MERGE}
    in_merge = {row for run in MERGE for row in run}
    links: list[tuple[list[str], list[str]]] = []
    for number, (en, zh) in enumerate(rows, start=1):
        if number in merged_start:
            run = merged_start[number]
            links.append(([rows[r - 1][0] for r in run], MERGE[run]))
        elif number in in_merge:
            pass
        elif number in DROP_ZH:
            links.append(([en], []))
        elif number in SPLIT:
            links.append(([en], SPLIT[number]))
        else:
            links.append(([en], [zh]))
        for added in ADD_ZH_AFTER.get(number, []):
            links.append(([], [added]))
    header = (
        "# seeds: sample articles (seeds/) with the corpus Chinese, edited; see PROVENANCE.md\n"
    )
    body = "".join(f"{SEP.join(en)}\t{SEP.join(zh)}\n" for en, zh in links)
    OUT.write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    main()
