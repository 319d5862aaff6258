"""What real plans say (issue 9, section 2), end to end through the CLI on fixture plans.

tests/fixtures/plans/ holds four small plans shaped like published ones:
`own-structure` (a 政令指定都市 that sorts its measures by its own 基本目標 → 施策,
numbered 1-1-1 and ①, without pillars), `yearly-grades` (a 中核市 reviewed once a
year, whose 推進本部 gives each KPI a grade; one quarter's actual beside the yearly
ones), `prefecture` (a prefecture's plan, article 9(1), dates in 和暦 as written) and
`partial` (a partial transcription that records 計画に記載なし). What they publish is
read back in test_real_plans_published.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import copy_plan
from ruamel.yaml import YAML
from typer.testing import CliRunner

from generator.cli import app
from generator.model.kpi import Baseline
from generator.model.plan import Department, Rename
from generator.validate import validate_plan

PLANS = Path(__file__).parent / "fixtures" / "plans"
TODAY = "2026-11-20"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAPLAN_TODAY", TODAY)


def run(*args: str, columns: int = 240):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def problems(root: Path) -> list[str]:
    report = validate_plan(root, today=dt.date.fromisoformat(TODAY)).report
    return [f"{p.file}:{p.line}:{p.column} {p.code}" for p in sorted(report.problems)]


def copy(name: str, tmp_path: Path) -> Path:
    return copy_plan(PLANS / name, tmp_path / name)


@pytest.mark.parametrize("name", ["own-structure", "yearly-grades", "prefecture", "partial"])
def test_fixture_plans_validate_strictly(name: str) -> None:
    result = run("validate", str(PLANS / name), "--strict")
    assert result.exit_code == 0, result.output
    assert "公開できます" in result.output
    assert problems(PLANS / name) == []


# --- a plan organised by its own areas ------------------------------------------------------------


def test_own_structure_summary_counts_by_the_plans_groups() -> None:
    output = run("validate", str(PLANS / "own-structure")).output
    assert "架空山市（架空県、団体コード 491012、政令指定都市）" in output
    assert "（通称: かくやまDXプラン）" in output
    assert (
        "体系ごとの施策: 1 行かない・書かない・待たない市役所 2、2 データで子育てを支えるまち 2"
        in (output)
    )
    assert "柱ごとの施策" not in output


def test_own_structure_report_follows_the_plans_groups(tmp_path: Path) -> None:
    result = run("report", "2025Q2", "--path", str(PLANS / "own-structure"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report-2025Q2.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 概要",
        "## 基本目標1 行かない・書かない・待たない市役所",
        "## 基本目標2 データで子育てを支えるまち",
    ]
    assert "#### 1-1-1 市民向け手続のオンライン化（m-01）" in text
    assert "- 担当: 総務局デジタル推進課（主管・ページの担当）、市民局区政推進課（連携）" in text
    assert "目標値(2026年)又は実施スケジュール: 40手続" in text
    table = (tmp_path / "report-2025Q2.csv").read_text(encoding="utf-8-sig").splitlines()
    assert table[0].startswith("四半期,体系,柱,番号,施策ID")
    assert table[1].startswith(
        "2025Q2,基本目標1 行かない・書かない・待たない市役所 > 施策1-1 手続のオンライン化,,1-1-1,m-01,"
    )


def test_own_structure_status_and_crossref_show_the_plans_numbers() -> None:
    status = run("kpi", "status", "--path", str(PLANS / "own-structure"))
    assert status.exit_code == 0, status.output
    numbers = re.findall(r"（(\d-\d-\d|[①②])）", status.output)
    assert numbers == ["1-1-1", "1-2-1", "①", "②"]
    crossref = run("crossref", str(PLANS / "own-structure"))
    assert crossref.exit_code == 0, crossref.output
    assert "  基本目標1 行かない・書かない・待たない市役所\n    施策1-1 手続のオンライン化\n" in (
        crossref.output
    )
    assert "      1-1-1 市民向け手続のオンライン化（m-01）" in crossref.output
    assert "柱のない施策 4 件は数えていません" in crossref.output
    data = json.loads(run("crossref", str(PLANS / "own-structure"), "--format", "json").output)
    assert data["classification"] == "own_structure"
    assert [g["id"] for g in data["groups"]] == ["1", "1-1", "1-2", "2", "2-1"]
    assert data["measures_without_pillar"] == ["m-01", "m-02", "m-03", "m-04"]


def test_without_own_structure_every_measure_needs_a_pillar(tmp_path: Path) -> None:
    root = copy("own-structure", tmp_path)
    meta = root / "plan" / "plan.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("classification: own_structure\n", ""),
        encoding="utf-8",
    )
    found = problems(root)
    assert [p for p in found if "E-missing-pillar" in p] == [
        "measures/m-01.yaml:1:1 E-missing-pillar",
        "measures/m-02.yaml:1:1 E-missing-pillar",
        "measures/m-03.yaml:1:1 E-missing-pillar",
        "measures/m-04.yaml:1:1 E-missing-pillar",
    ]
    assert len([p for p in found if "W-missing-pillar-policy" in p]) == 5


def test_the_new_plan_and_measure_fields_load() -> None:
    project = validate_plan(PLANS / "own-structure").project
    assert project is not None
    meta = project.meta
    assert meta.vision is not None and meta.vision.statement is not None
    assert [d.stage.value for d in meta.drafting.drafts] == ["outline", "interim"]
    assert meta.drafting.public_comment.opinions == 48
    assert meta.predecessor.relation.value == "full_revision"
    assert meta.find_department("総務局情報政策課").id == "dx"
    measure = project.measure("m-01")
    assert measure.content is None and len(measure.actions) == 2 and measure.aim
    assert measure.lead_department == "dx"
    assert measure.related_laws == ["情報通信技術を活用した行政の推進等に関する法律"]
    baseline = project.measure("m-02").kpis[0].baseline
    assert (baseline.value, baseline.label) == (None, "現状値(2024年)")


# --- a yearly review with grades the city gives ---------------------------------------------------


def test_yearly_report_is_per_fiscal_year_with_the_grades(tmp_path: Path) -> None:
    result = run("report", "2024", "--path", str(PLANS / "yearly-grades"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report-2024.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# 第2期架空川市官民データ活用推進計画 進捗報告 2024年度（令和6年度）"
    )
    assert "四半期" not in text
    assert "- 比較する前年度: 2023年度（令和5年度）" in text
    assert "| 評価 | 判定（参考） | 前年度からの変化 |" in text
    assert "| 80% | 次期計画で継続 | 遅れ | +13手続、判定は変化なし |" in text
    assert "| D | 遅れ |" in text and "（評価の理由: カードの交付が伸びず利用率が低い）" in text
    assert "- 次期計画での扱い: 次期計画で継続" in text
    rows = (tmp_path / "report-2024.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("年度,体系,柱,番号,施策ID,施策名,担当,実施状況,前年度の実施状況,")
    assert rows[1].startswith("2024,柱1 オンライン化原則,柱1 オンライン化原則,,m-1-01,")


def test_yearly_status_shows_the_grade_given_and_never_invents_one() -> None:
    root = str(PLANS / "yearly-grades")
    latest = json.loads(
        run("kpi", "status", "--path", root, "--quarter", "2024", "--format", "json").output
    )
    assert (latest["quarter"], latest["quarter_label"]) == ("2024", "2024年度（令和6年度）")
    given = {k["kpi_id"]: (k["assigned_grade"], k["mark"]) for k in latest["kpis"]}
    assert given == {
        "k-1-01-1": ("次期計画で継続", "遅れ"),
        "k-2-01-1": ("A", "達成"),
        "k-3-01-1": ("D", "遅れ"),
    }
    earlier = json.loads(
        run("kpi", "status", "--path", root, "--quarter", "2023", "--format", "json").output
    )
    assert {k["kpi_id"]: k["assigned_grade"] for k in earlier["kpis"]} == {
        "k-1-01-1": "B",
        "k-2-01-1": "B",
        "k-3-01-1": None,
    }
    table = run("kpi", "status", "--path", root, "--quarter", "令和5年度").output
    assert "KPI の状況 2023年度（令和5年度）" in table and "判定（参考）" in table
    row = next(line for line in table.splitlines() if "k-3-01-1" in line)
    assert re.search(r"24%\s+—\s+遅れ", row), row
    assert "付与された評価: B 2（評価のない KPI 1 件）。" in table


def test_grades_are_checked(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    (root / "kpi" / "grades.csv").write_text(
        "kpi_id,period,grade,note,graded_by,graded_at\n"
        "k-1-01-1,2024,B,,,\n"
        "k-1-01-1,令和6年度,C,,,\n"
        "k-9-99-9,2024,A,,,\n"
        "k-2-01-1,2024年度上半期,A,,,\n"
        "k-2-01-1,2023,Ｂ,,,\n"
        "k-3-01-1,2019,,,,\n",
        encoding="utf-8",
    )
    assert problems(root) == [
        "kpi/grades.csv:3:1 E-duplicate-grade",
        "kpi/grades.csv:4:1 E-unknown-kpi",
        "kpi/grades.csv:5:2 E-grade-period",
        "kpi/grades.csv:6:3 E-unknown-grade",
        "kpi/grades.csv:7:2 E-before-period",
        "kpi/grades.csv:7:3 E-grade-empty",
    ]


def test_a_fiscal_year_actual_needs_a_yearly_review(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    structure = root / "plan" / "structure.yaml"
    structure.write_text(
        structure.read_text(encoding="utf-8").replace("yearly", "quarterly"), encoding="utf-8"
    )
    found = problems(root)
    assert found[:2] == [
        "kpi/actuals.csv:2:2 E-quarter-format",
        "kpi/actuals.csv:3:2 E-quarter-format",
    ]
    assert "kpi/notes/2024.yaml:0:0 E-notes-file-name" in found


def test_record_a_fiscal_year_after_the_fact(tmp_path: Path) -> None:
    root = copy("yearly-grades", tmp_path)
    result = run(
        "kpi", "record", "k-3-01-1", "令和7年度", "18", "--recorded-at", "2026-05-20",
        "--by", "市民部市民課", "--path", str(root),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2025年度（令和7年度）に 18 を記録しました" in result.output
    last = (root / "kpi" / "actuals.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last == "k-3-01-1,2025,18,,市民部市民課,2026-05-20,dataplan kpi record"
    assert problems(root) == []


def test_recorded_at_in_the_future_or_unreadable_is_refused(tmp_path: Path) -> None:
    root = copy("own-structure", tmp_path)
    before = (root / "kpi" / "actuals.csv").read_bytes()
    future = run(
        "kpi",
        "record",
        "k-01-1",
        "2025Q3",
        "170",
        "--recorded-at",
        "2027-01-05",
        "--path",
        str(root),
    )
    assert future.exit_code == 1
    assert "E-recorded-at-future" in future.output
    unreadable = run(
        "kpi", "record", "k-01-1", "2025Q3", "170", "--recorded-at", "昨日", "--path", str(root)
    )
    assert unreadable.exit_code == 2
    assert (root / "kpi" / "actuals.csv").read_bytes() == before
    done = run(
        "kpi",
        "record",
        "k-01-1",
        "2025Q3",
        "170",
        "--recorded-at",
        "2025/10/9",
        "--path",
        str(root),
    )
    assert done.exit_code == 0, done.output
    assert (root / "kpi" / "actuals.csv").read_text(encoding="utf-8").count(",2025-10-09,") == 1


# --- a prefecture ----------------------------------------------------------------------------------


def test_prefecture_plan_rests_on_article_9_1() -> None:
    output = run("validate", str(PLANS / "prefecture")).output
    assert "根拠: 官民データ活用推進基本法第9条第1項（都道府県官民データ活用推進計画）" in output
    assert "団体コード 490008、都道府県" in output


def test_a_prefecture_citing_the_municipal_clause_is_warned(tmp_path: Path) -> None:
    root = copy("prefecture", tmp_path)
    positioning = root / "plan" / "positioning.yaml"
    text = positioning.read_text(encoding="utf-8").replace("第9条第1項", "第9条第3項")
    positioning.write_text(text, encoding="utf-8")
    assert problems(root) == [
        "plan/positioning.yaml:1:12 W-basic-act-clause",
        "plan/positioning.yaml:4:15 W-basic-act-clause",
    ]


def test_prefecture_status_finds_a_department_by_a_name_before_a_rename() -> None:
    result = run("kpi", "status", "--path", str(PLANS / "prefecture"), "--department", "市町村課")
    assert result.exit_code == 1  # 市町村課 alone is not a name; the hint lists the ids
    renamed = run(
        "kpi", "status", "--path", str(PLANS / "prefecture"), "--department", "総務部市町村課"
    )
    assert renamed.exit_code == 0 and "k-5-01-1" in renamed.output


def test_init_for_a_prefecture_writes_a_prefectures_plan(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "p"), "--level", "prefecture", "--municipality", "架空県")
    assert result.exit_code == 0, result.output
    plan = tmp_path / "p" / "plan"
    meta = YAML(typ="safe").load((plan / "plan.yaml").read_text(encoding="utf-8"))
    assert (meta["municipality"], meta["prefecture"], meta["level"]) == (
        "架空県",
        "架空県",
        "prefecture",
    )
    assert meta["title"] == "架空県官民データ活用推進計画"
    texts = {path.name: path.read_text(encoding="utf-8") for path in plan.glob("*.yaml")}
    assert (
        "第9条第1項" in texts["positioning.yaml"] and "第9条第3項" not in texts["positioning.yaml"]
    )
    related = YAML(typ="safe").load(texts["positioning.yaml"])["related_plans"]
    assert not [r for r in related if r["name"] == "架空県官民データ活用推進計画"]  # not itself
    wording = {
        name: [line for line in text.splitlines() if "市" in line.replace("市町村", "")]
        for name, text in texts.items()
    }
    assert {name: lines for name, lines in wording.items() if lines} == {}
    check = run("validate", str(tmp_path / "p"))
    assert check.exit_code == 0, check.output
    assert "第9条第1項" in check.output and "W-basic-act-clause" not in check.output


def test_init_takes_a_prefecture_from_its_code(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "t"), "--lg-code", "130001")
    assert result.exit_code == 0, result.output
    meta = YAML(typ="safe").load(
        (tmp_path / "t" / "plan" / "plan.yaml").read_text(encoding="utf-8")
    )
    assert (meta["municipality"], meta["level"], meta["title"]) == (
        "東京都",
        "prefecture",
        "東京都官民データ活用推進計画",
    )


def test_excel_round_trip_of_a_yearly_plan_is_by_fiscal_year(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = copy("yearly-grades", tmp_path)
    book = tmp_path / "k.xlsx"
    result = run("kpi", "template", "令和7年度", "--path", str(root), "-o", str(book))
    assert result.exit_code == 0, result.output
    assert "2025（2025年度（令和7年度））" in result.output
    workbook = load_workbook(book)
    sheet = workbook["市民部市民課"]
    assert "2025 ＝ 2025年度（令和7年度）" in sheet["A3"].value
    headers = [cell.value for cell in sheet[4]]
    assert headers[6].startswith("2021\n令和3年度") and headers[9].startswith("2024\n令和6年度")
    assert headers[10] == "2025 実績値" and headers[-1] == "年度"
    row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 1).value == "k-3-01-1")
    assert sheet.cell(row, 10).value == 14  # 2024's actual, for reference
    sheet.cell(row, 11, "１８")
    workbook.save(book)
    imported = run("kpi", "import", str(book), "--by", "市民課", "--path", str(root))
    assert imported.exit_code == 0, imported.output
    last = (root / "kpi" / "actuals.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith("k-3-01-1,2025,18,,市民課,")
    assert problems(root) == []


def test_init_refuses_an_unknown_level(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--level", "county")
    assert result.exit_code == 2
    assert "--level は municipality、special_ward、prefecture のどれかです" in result.output


# --- small model rules -----------------------------------------------------------------------------


def test_a_department_name_on_a_day_follows_its_renames() -> None:
    department = Department(
        id="dx",
        name="デジタル戦略課",
        renames=[
            Rename(
                old_name="情報政策課", new_name="デジタル推進課", effective_on=dt.date(2022, 4, 1)
            ),
            Rename(
                old_name="デジタル推進課",
                new_name="デジタル戦略課",
                effective_on=dt.date(2025, 4, 1),
            ),
        ],
    )
    assert department.name_on(dt.date(2021, 5, 1)) == "情報政策課"
    assert department.name_on(dt.date(2023, 5, 1)) == "デジタル推進課"
    assert department.name_on(dt.date(2025, 4, 1)) == "デジタル戦略課"
    assert department.all_former_names == ["情報政策課", "デジタル推進課"]


@pytest.mark.parametrize("written", ["—", "－", "-", None])
def test_a_baseline_not_available_keeps_its_label(written: object) -> None:
    baseline = Baseline.model_validate({"value": written, "label": "現状値(2022年)"})
    assert (baseline.value, baseline.label) == (None, "現状値(2022年)")


def test_open_data_and_charts_keep_the_actuals_of_a_yearly_review(tmp_path: Path) -> None:
    import csv

    from generator.kpi.status import evaluate_project
    from generator.project import Audience
    from generator.publish.open_data import write_open_data
    from generator.quarters import Quarter
    from generator.site.kpi_series import kpi_series
    from generator.visibility import plan_view

    project = validate_plan(PLANS / "yearly-grades").project
    assert project is not None
    view = plan_view(project, Audience.PUBLIC)
    evaluations = evaluate_project(view, view.actuals, Quarter(2024, 4))
    write_open_data(view, evaluations, tmp_path)
    with (tmp_path / "actuals.csv").open(encoding="utf-8-sig") as stream:
        rows = [row for row in csv.DictReader(stream) if row["kpi_id"] == "k-1-01-1"]
    assert [(r["quarter"], r["quarter_label"], r["quarter_number"]) for r in rows] == [
        ("2022", "2022年度（令和4年度）", ""),
        ("2023", "2023年度（令和5年度）", ""),
        ("2024", "2024年度（令和6年度）", ""),
        ("2025Q2", "2025年度第2四半期（令和7年度）", "2"),  # a quarter's actual beside them
    ]
    measure, kpi = project.kpis_by_id()["k-1-01-1"]
    series = kpi_series(kpi, project.actuals, evaluations["k-1-01-1"].current)
    assert series is not None
    assert [point.quarter for point in series.actuals] == ["2022", "2023", "2024"]
    latest = kpi_series(
        kpi,
        project.actuals,
        evaluate_project(view, view.actuals, Quarter(2025, 2))["k-1-01-1"].current,
    )
    assert latest is not None
    assert [point.quarter for point in latest.actuals] == ["2022", "2023", "2024", "2025Q2"]


def test_a_measure_without_group_or_pillar_is_warned_and_still_reported(tmp_path: Path) -> None:
    root = copy("own-structure", tmp_path)
    measure = root / "measures" / "m-03.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace('group: "2-1"\n', ""), encoding="utf-8"
    )
    assert problems(root) == ["measures/m-03.yaml:1:5 W-measure-without-group"]
    result = run("report", "2025Q2", "--path", str(root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "report-2025Q2.md").read_text(encoding="utf-8")
    assert "## 体系・柱のない施策" in text and "① 子育て支援情報のデータ連携（m-03）" in text
