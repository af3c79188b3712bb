"""Glossary lint: one fixture row per check (tests/data/glossary/lint_cases.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import EXIT_ERROR, EXIT_OK, GlossaryError
from translate.glossary import Problem, exit_code, lint, load_glossaries

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "glossaries" / "newsroom.tsv"
DATA = ROOT / "tests" / "data" / "glossary"
CASES = DATA / "lint_cases.tsv"


def summary(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.message) for p in problems]


def test_the_shipped_glossary_is_clean() -> None:
    problems = lint([NEWSROOM])
    assert problems == [], "\n".join(map(str, problems))
    assert exit_code(problems) == EXIT_OK


def test_every_check_on_its_fixture_row() -> None:
    found = summary(lint([CASES]))
    expected = [
        (4, "error", "source 'Acme Corp' is also a form of 'acme'"),
        (4, "error", "the targets differ (艾克米控股 vs 艾克米公司)"),
        (6, "warning", "'ZETA' differs only in case from 'Zeta'"),
        (8, "error", "'OMEGA' can never match: 'omega'"),
        (10, "error", "Chinese form '央行' also belongs to 'bank'"),
        (11, "warning", "zh-Hant '發佈' is not the Traditional form of zh-Hans '发展'"),
        (12, "warning", "no zh-Hant form; Traditional output will carry OpenCC's '銀行家'"),
        (13, "warning", "zh-SG '獅城' has Traditional characters"),
        (14, "warning", "dnt keeps 'DNTX' in Chinese, so zh-Hans '别的' is never used"),
        (16, "warning", "'Chairman Lee' (chair-lee) and 'Lee Ming' overlap in 'Chairman Lee Ming'"),
        (18, "warning", "deprecated entry flags nothing"),
        (19, "warning", "en alias 'Repeat' repeats a form of the same entry"),
        (22, "error", "case is 'sometimes'; use one of exact, insensitive, smart"),
    ]
    for line, severity, text in expected:
        assert any(
            (line, severity) == (f_line, f_severity) and text in message
            for f_line, f_severity, message in found
        ), (line, severity, text, found)
    assert len(found) == len(expected) - 1  # the two "Acme Corp" lines are one problem
    assert exit_code(lint([CASES])) == EXIT_ERROR


def test_contained_forms_are_not_shadowed() -> None:
    # "ASEAN" (line 21) sits inside "ASEAN Secretariat" (line 20) but still matches alone.
    assert not [p for p in lint([CASES]) if p.line in (20, 21)]


def test_problem_text_has_file_line_severity_and_fix() -> None:
    problem = lint([CASES])[0]
    assert str(problem).startswith(f"{CASES}:4: error: source 'Acme Corp'")
    assert problem.text == f"{CASES}:4: {problem.message}"
    assert "; " in problem.message


def test_malformed_files_are_reported_not_raised() -> None:
    problems = lint([DATA / "malformed.tsv", DATA / "bad_header.tsv", DATA / "gbk.tsv"])
    assert sum(p.severity == "error" for p in problems) >= 10 + 6 + 1
    assert [p.path for p in problems] == sorted(
        (p.path for p in problems),
        key=lambda path: ["malformed", "bad_header", "gbk"].index(Path(path).stem),
    )


def test_layers_conflicts_across_files_and_overrides(tmp_path: Path) -> None:
    desk = tmp_path / "desk.tsv"
    desk.write_text(
        "# newsroom-glossary v1\n"
        "id\ten\tzh-Hans\tzh-Hant\n"
        "asean\tASEAN\t亚细安\t亞細安\n"
        "desk-rcep\tRCEP\t区域全面经济伙伴关系协定\t區域全面經濟夥伴關係協定\n",
        encoding="utf-8",
    )
    found = summary(lint([NEWSROOM, desk]))
    assert found[0][:2] == (3, "warning") and "overrides 'asean' from" in found[0][2]
    line_4 = [message for line, severity, message in found[1:] if (line, severity) == (4, "error")]
    assert len(line_4) == 2 and len(found) == 3
    assert "Chinese form '区域全面经济伙伴关系协定' also belongs to 'rcep-full'" in line_4[0]
    assert "source 'RCEP' is also a form of 'rcep'" in line_4[1]
    assert "the targets differ" in line_4[1]


def test_exit_codes() -> None:
    warning = Problem("warning", "g.tsv", 3, "w; fix")
    error = Problem("error", "g.tsv", 4, "e; fix")
    assert exit_code([]) == exit_code([warning]) == EXIT_OK
    assert exit_code([warning, error]) == EXIT_ERROR


# ---------------------------------------------------------------- run refuses what lint rejects

HOSTILE = ROOT / "tests" / "data" / "hostile" / "glossaries"


@pytest.mark.parametrize(
    "files",
    [
        [CASES],
        [HOSTILE / "shadowed.tsv"],
        [HOSTILE / "zh-shared.tsv"],
        [HOSTILE / "desk-base.tsv", HOSTILE / "desk-clash.tsv"],
        [HOSTILE / "escape.tsv"],
    ],
)
def test_loading_refuses_exactly_the_errors_lint_reports(files: list[Path]) -> None:
    errors = [p.text for p in lint(files) if p.severity == "error"]
    assert errors
    with pytest.raises(GlossaryError) as caught:
        load_glossaries(files)
    assert caught.value.problems == errors
    assert "\n" not in str(caught.value)
    assert str(caught.value).endswith(
        f"; `translate glossary lint {' '.join(map(str, files))}` lists every problem"
    )


def test_loading_accepts_what_lint_only_warns_about(tmp_path: Path) -> None:
    warned = tmp_path / "warned.tsv"
    warned.write_text(
        "# newsroom-glossary v1\nid\ten\tzh-Hans\nbanker\tBanker\t银行家\n", encoding="utf-8"
    )
    assert [p.severity for p in lint([warned])] == ["warning"]
    assert [t.id for t in load_glossaries([warned]).terms] == ["banker"]


runner = CliRunner()


@pytest.mark.parametrize(
    ("files", "first"),
    [
        (
            [HOSTILE / "shadowed.tsv"],
            f"{HOSTILE / 'shadowed.tsv'}:4: 'OMEGA' can never match: 'omega' "
            f"({HOSTILE / 'shadowed.tsv'}:3) matches the same text and wins (approved beats "
            "proposed, then the later entry); remove the form or merge the entries",
        ),
        (
            [HOSTILE / "desk-base.tsv", HOSTILE / "desk-clash.tsv"],
            f"{HOSTILE / 'desk-clash.tsv'}:3: source 'Acme Corp' is also a form of 'acme' "
            f"({HOSTILE / 'desk-base.tsv'}:3); the targets differ (艾克米控股 vs 艾克米公司): keep "
            "the form in one entry",
        ),
    ],
)
def test_run_refuses_a_glossary_that_lint_rejects(
    tmp_path: Path, files: list[Path], first: str
) -> None:
    out = tmp_path / "out"
    args = ["run", str(ROOT / "seeds"), "-o", str(out), "-q"]
    for f in files:
        args += ["--glossary", str(f)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {first}; `translate glossary lint {' '.join(map(str, files))}` lists every problem"
    ]
    assert not out.exists()  # stopped before any model work or output
    lint_result = runner.invoke(app, ["glossary", "lint", *map(str, files)])
    assert lint_result.exit_code == 1
    assert lint_result.stdout.splitlines()[0] == first.replace(": ", ": error: ", 1)
