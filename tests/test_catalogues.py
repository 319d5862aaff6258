"""More than one catalogue: the national DX plan beside the 2017 手引, a prefecture's plan as a
catalogue for its municipalities, and every reference checked where it is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_plan
from fixture_cases import BASE
from ruamel.yaml import YAML
from typer.testing import CliRunner

from generator.catalogue import load_bundled_catalogue, load_bundled_references
from generator.cli import app
from generator.validate import validate_plan
from generator.validate.catalogues import read_catalogue_file

ROOT = Path(__file__).resolve().parents[1]
PREFECTURE = ROOT / "tests" / "fixtures" / "plans" / "prefecture"
runner = CliRunner()

# Issue 20, as verified from 自治体DX推進計画【第2.3版】(総務省, 2024-02-05): chapter 2 has
# four items, section 3.1 seven. Copied from the issue, not from the catalogue file.
DX_ISSUE_LIST = {
    "2": [
        "組織体制の整備",
        "デジタル人材の確保・育成",
        "計画的な取組",
        "都道府県と市区町村の連携による推進体制の構築",
    ],
    "3.1": [
        "自治体フロントヤード改革の推進",
        "自治体の情報システムの標準化・共通化",
        "公金収納におけるeLTAXの活用",
        "マイナンバーカードの普及促進・利用の推進",
        "セキュリティ対策の徹底",
        "自治体のAI・RPAの利用推進",
        "テレワークの推進",
    ],
}


def _dx():
    [dx] = [c for c in load_bundled_references() if c.id == "dx-2.3"]
    return dx


def test_the_dx_catalogue_has_exactly_the_items_of_the_issue_with_version_and_date():
    dx = _dx()
    info = dx.catalogue
    assert (info.version, info.date, info.issuer, info.issuer_level) == (
        "第2.3版",
        "2024-02-05",
        "総務省",
        "national",
    )
    assert info.title == "自治体デジタル・トランスフォーメーション（DX）推進計画"
    assert info.url and info.url.startswith("https://www.soumu.go.jp/")
    assert [(s.key, s.title) for s in dx.sections] == [
        ("2", "自治体におけるDXの推進体制の構築"),
        ("3.1", "自治体DXの重点取組事項"),
    ]
    found = {section.key: [entry.title for entry in section.entries] for section in dx.sections}
    assert found == DX_ISSUE_LIST
    assert dx.refs == [f"dx-2.3/2({n})" for n in range(1, 5)] + [
        f"dx-2.3/3.1({n})" for n in range(1, 8)
    ]
    assert all(entry.summary is None for entry in dx.entries)  # only what was verified


def test_every_bundled_catalogue_has_its_provenance():
    infos = [load_bundled_catalogue().catalogue, *(c.catalogue for c in load_bundled_references())]
    for info in infos:
        assert info.id and info.title and info.version and info.issuer and info.date
        assert info.source and info.url and info.series


# --- the example city ---------------------------------------------------------------------


def test_the_example_refers_to_both_catalogues_and_crossref_reports_each():
    result = runner.invoke(app, ["crossref", str(ROOT), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    coverage = {c["id"]: c["coverage"] for c in data["catalogues"]}
    assert coverage == {
        "tebiki-2017": {"entries": 33, "covered": 20, "ratio": 0.6061},
        "dx-2.3": {"entries": 11, "covered": 6, "ratio": 0.5455},
    }
    dx = next(c for c in data["catalogues"] if c["id"] == "dx-2.3")
    assert (dx["version"], dx["date"], dx["issuer"]) == ("第2.3版", "2024-02-05", "総務省")
    assert dx["unaddressed"] == [
        "dx-2.3/2(1)",
        "dx-2.3/2(3)",
        "dx-2.3/2(4)",
        "dx-2.3/3.1(3)",
        "dx-2.3/3.1(7)",
    ]
    front = dx["sections"][1]["entries"][0]
    assert front["ref"] == "dx-2.3/3.1(1)" and front["measures"] == ["m-1-01", "m-1-02", "m-1-04"]
    assert front["by_structure"] == {"group:1": ["m-1-01", "m-1-02", "m-1-04"]}
    refs = {(r["catalogue"], r["measure"]) for r in data["catalogue_references"]}
    assert ("dx-2.3", "m-6-04") in refs and ("tebiki-2017", "m-1-01") in refs
    assert data["coverage"] == {"national_measures": 33, "covered": 20, "ratio": 0.6061}


def test_crossref_text_shows_each_catalogue_with_provenance(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    text = runner.invoke(app, ["crossref", str(ROOT)]).output
    assert "11 項目のうち 6 項目に対応（55%）" in text
    assert (
        "出典: 総務省「自治体デジタル・トランスフォーメーション（DX）推進計画【第2.3版】」" in text
    )
    assert "計画の項目: dx-2.3/3.1(1) 自治体フロントヤード改革の推進" in text
    assert "対応する施策のない項目:" in text and "dx-2.3/3.1(7)" in text
    assert "dx-2.3 の項目 × 計画の体系（施策数）" in text


# --- references, checked where they are written --------------------------------------------------


def _plan(tmp_path: Path) -> Path:
    root = tmp_path / "plan"
    copy_plan(BASE, root)
    return root


def _edit(path: Path, **changes) -> None:
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data.update(changes)
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


def _found(root: Path) -> list[tuple[str, int, int, str]]:
    report = validate_plan(root).report
    return [(p.file, p.line, p.column, p.code) for p in report.sorted()]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("refs", "code"),
    [
        (["dx-2.3/3.1(8)"], "E-unknown-catalogue-entry"),
        (["dx-9.9/3.1(1)"], "E-unknown-catalogue"),
        (["3.1(1)"], "E-catalogue-ref-format"),
        (["tebiki-2017/nm-01"], "E-unknown-catalogue"),
    ],
)
def test_an_unknown_reference_is_a_located_error(tmp_path, refs, code):
    root = _plan(tmp_path)
    measure = root / "measures" / "m-1-01.yaml"
    _edit(measure, catalogue_entries=["dx-2.3/3.1(1)", *refs])
    line = _line_of(measure, "catalogue_entries")
    assert _found(root) == [("measures/m-1-01.yaml", line + 2, 3, code)]


def test_an_unknown_national_measure_of_the_tebiki_is_a_located_error(tmp_path):
    root = _plan(tmp_path)
    _edit(root / "measures" / "m-1-01.yaml", national_measures=["nm-99"])
    line = _line_of(root / "measures" / "m-1-01.yaml", "national_measures")
    assert _found(root) == [("measures/m-1-01.yaml", line + 1, 3, "E-unknown-national-measure")]


def test_messages_name_the_catalogue_and_suggest_the_entry(tmp_path):
    root = _plan(tmp_path)
    _edit(root / "measures" / "m-1-01.yaml", catalogue_entries=["dx-2.3/3.1(8)", "3.1(2)"])
    output = runner.invoke(app, ["validate", str(root)]).output
    assert (
        "E-unknown-catalogue-entry: 「dx-2.3/3.1(8)」は「自治体デジタル・トランスフォーメーション（DX）推進計画」"
        "第2.3版（dx-2.3）にない項目です。" in output
    )
    assert "ヒント: もしかして「dx-2.3/3.1(1)」ですか？" in output or "もしかして" in output
    assert "「dx-2.3/3.1(2)」のように、カタログの id を付けて書いてください。" in output


def test_a_tebiki_reference_in_catalogue_entries_points_to_its_own_fields(tmp_path):
    root = _plan(tmp_path)
    _edit(root / "measures" / "m-1-01.yaml", catalogue_entries=["tebiki-2017/nm-01"])
    output = runner.invoke(app, ["validate", str(root)]).output
    assert "national_measures（国の施策）" in output


def test_a_reference_to_the_national_dx_plan_is_enough_for_the_national_mark(tmp_path):
    root = _plan(tmp_path)
    measure = root / "measures" / "m-1-01.yaml"
    _edit(measure, national_measures=[])
    assert "W-mark-without-reference" in [code for *_, code in _found(root)]
    _edit(measure, catalogue_entries=["dx-2.3/3.1(1)"])
    assert "W-mark-without-reference" not in [code for *_, code in _found(root)]


def test_references_in_a_measure_file_that_failed_the_schema_are_still_checked(tmp_path):
    root = _plan(tmp_path)
    measure = root / "measures" / "m-1-01.yaml"
    _edit(measure, catalogue_entries=["dx-2.3/9(9)"], unknown_key=1)
    codes = [code for file, _, _, code in _found(root) if file == "measures/m-1-01.yaml"]
    assert "E-unknown-key" in codes and "E-unknown-catalogue-entry" in codes


def test_listing_an_unknown_bundled_catalogue_is_a_located_error(tmp_path):
    root = _plan(tmp_path)
    _edit(root / "plan" / "plan.yaml", catalogues=["dx-2.4"])
    line = _line_of(root / "plan" / "plan.yaml", "catalogues")
    assert _found(root) == [("plan/plan.yaml", line + 1, 3, "E-unknown-catalogue")]


# --- a prefecture's plan as a catalogue for its municipalities ------------------------------------


def _export(tmp_path: Path, *args: str) -> Path:
    output = tmp_path / "pref-plan.yaml"
    result = runner.invoke(
        app, ["catalog", "export", str(PREFECTURE), "--output", str(output), *args]
    )
    assert result.exit_code == 0, result.output
    assert "書き出しました" in result.output and "490008-2025-03-21" in result.output
    return output


def test_an_exported_prefecture_catalogue_validates(tmp_path):
    output = _export(tmp_path)
    catalogue, _, problems = read_catalogue_file(output, output.name)
    assert problems == [] and catalogue is not None
    info = catalogue.catalogue
    assert (info.id, info.issuer, info.issuer_level, info.issuer_lg_code, info.date) == (
        "490008-2025-03-21",
        "架空県",
        "prefecture",
        "490008",
        "2025-03-21",
    )
    assert info.series == "plan-490008"
    assert [e.key for e in catalogue.entries] == ["m-5-01"]
    assert catalogue.entries[0].title == "市町村の基幹業務システムの標準化への支援"
    shown = runner.invoke(app, ["catalog", "show", str(output)])
    assert shown.exit_code == 0 and "490008-2025-03-21/m-5-01" in shown.output


def test_a_municipalitys_reference_to_its_prefectures_catalogue_resolves(tmp_path):
    exported = _export(tmp_path / "export")
    root = _plan(tmp_path)
    shutil.copy(exported, root / "plan" / "pref-plan.yaml")
    _edit(root / "plan" / "plan.yaml", catalogues=["pref-plan.yaml"])
    _edit(root / "measures" / "m-1-01.yaml", catalogue_entries=["490008-2025-03-21/m-5-01"])
    assert _found(root) == []
    data = json.loads(runner.invoke(app, ["crossref", str(root), "--format", "json"]).output)
    prefecture = next(c for c in data["catalogues"] if c["id"] == "490008-2025-03-21")
    assert prefecture["from_plan"] and prefecture["issuer_lg_code"] == "490008"
    assert prefecture["coverage"] == {"entries": 1, "covered": 1, "ratio": 1.0}
    assert {"catalogue": "490008-2025-03-21", "entry": "m-5-01", "ref": "490008-2025-03-21/m-5-01", "measure": "m-1-01"} in data["catalogue_references"]  # fmt: skip


def test_a_reference_to_a_missing_prefecture_entry_is_a_located_error(tmp_path):
    exported = _export(tmp_path / "export")
    root = _plan(tmp_path)
    shutil.copy(exported, root / "plan" / "pref-plan.yaml")
    _edit(root / "plan" / "plan.yaml", catalogues=["pref-plan.yaml"])
    _edit(root / "measures" / "m-1-01.yaml", catalogue_entries=["490008-2025-03-21/m-5-02"])
    [(file, _, _, code)] = _found(root)
    assert (file, code) == ("measures/m-1-01.yaml", "E-unknown-catalogue-entry")


def test_the_next_export_continues_the_previous_one(tmp_path):
    first = _export(tmp_path / "one")
    second = tmp_path / "two.yaml"
    result = runner.invoke(
        app,
        [
            "catalog",
            "export",
            str(PREFECTURE),
            "-o",
            str(second),
            "--id",
            "kakuu-2026",
            "--previous",
            str(first),
        ],
    )
    assert result.exit_code == 0, result.output
    catalogue, _, problems = read_catalogue_file(second, second.name)
    assert problems == [] and catalogue is not None
    assert catalogue.catalogue.supersedes == "490008-2025-03-21"
    assert catalogue.entries[0].continues == ["490008-2025-03-21/m-5-01"]


def test_export_never_overwrites_and_prints_without_output(tmp_path):
    output = _export(tmp_path)
    again = runner.invoke(app, ["catalog", "export", str(PREFECTURE), "-o", str(output)])
    assert again.exit_code == 2 and "--overwrite" in again.output
    printed = runner.invoke(app, ["catalog", "export", str(PREFECTURE)])
    assert printed.exit_code == 0 and printed.output.startswith("# yaml-language-server")
    bad_id = runner.invoke(app, ["catalog", "export", str(PREFECTURE), "--id", "a/b"])
    assert bad_id.exit_code == 2


def test_export_leaves_internal_texts_out(tmp_path):
    root = _plan(tmp_path)
    _edit(
        root / "measures" / "m-1-01.yaml",
        summary={"text": "庁内だけの要約SENTINEL", "visibility": "internal"},
    )
    result = runner.invoke(app, ["catalog", "export", str(root)])
    assert result.exit_code == 0 and "SENTINEL" not in result.output
    assert "行政手続のオンライン化" in result.output


# --- a catalogue file of the plan's own, checked like a plan file ------------------------------


def _with_catalogue(tmp_path: Path, text: str) -> Path:
    root = _plan(tmp_path)
    (root / "plan" / "own.yaml").write_text(text, encoding="utf-8")
    _edit(root / "plan" / "plan.yaml", catalogues=["own.yaml"])
    return root


OWN = """\
catalogue:
  id: own-1
  version: 第1版
  title: 試験用のカタログ
  source: 試験用
  series: jichitai-dx
  issuer_level: national
  date: 2023-04-01
sections:
  - title: 項目
    entries:
      - {key: a, title: 項目A}
      - {key: b, title: 項目B}
"""


def test_problems_in_a_catalogue_file_are_located_in_it(tmp_path):
    root = _with_catalogue(
        tmp_path, OWN.replace("{key: b, title: 項目B}", "{key: a, titel: 項目B}")
    )
    found = _found(root)
    assert ("plan/own.yaml", 13, 18, "E-unknown-key") in found
    assert any(f == "plan/plan.yaml" and code == "E-catalogue" for f, _, _, code in found)


def test_a_duplicate_key_or_catalogue_id_is_refused(tmp_path):
    root = _with_catalogue(tmp_path, OWN.replace("{key: b,", "{key: a,"))
    found = _found(root)
    assert ("plan/own.yaml", 13, 15, "E-duplicate-id") in found
    root = _with_catalogue(tmp_path / "2", OWN.replace("id: own-1", "id: dx-2.3"))
    assert ("plan/own.yaml", 2, 7, "E-duplicate-id") in _found(root)


def test_an_older_version_superseded_by_a_bundled_one_is_warned(tmp_path):
    root = _with_catalogue(tmp_path, OWN)
    _edit(root / "measures" / "m-1-01.yaml", catalogue_entries=["own-1/a"])
    found = _found(root)
    codes = [(file, code) for file, _, _, code in found]
    assert codes == [
        ("measures/m-1-01.yaml", "W-catalogue-superseded"),
        ("plan/plan.yaml", "W-catalogue-superseded"),
    ]
    output = runner.invoke(app, ["validate", str(root)]).output
    assert (
        "同梱の新しい版「自治体デジタル・トランスフォーメーション（DX）推進計画」第2.3版（dx-2.3）"
        in output
    )


def test_continues_must_name_an_entry_of_the_earlier_version(tmp_path):
    newer = OWN.replace("id: own-1", "id: own-2").replace("date: 2023-04-01", "date: 2024-06-01")
    newer = newer.replace("{key: a, title: 項目A}", "{key: a, title: 項目A, continues: [own-1/z]}")
    root = _with_catalogue(tmp_path, OWN)
    (root / "plan" / "newer.yaml").write_text(newer, encoding="utf-8")
    _edit(root / "plan" / "plan.yaml", catalogues=["own.yaml", "newer.yaml"])
    found = _found(root)
    assert ("plan/newer.yaml", 12, 42, "E-unknown-catalogue-entry") in found


def test_catalog_show_refuses_a_broken_file_with_its_location(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(OWN.replace("  title: 試験用のカタログ\n", ""), encoding="utf-8")
    result = runner.invoke(app, ["catalog", "show", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:3: エラー E-missing-field" in result.output


def test_catalog_list_and_show_the_bundled_catalogues():
    listed = runner.invoke(app, ["catalog", "list"])
    assert "dx-2.3  自治体デジタル・トランスフォーメーション（DX）推進計画 第2.3版（総務省、2024-02-05）項目 11 件" in listed.output  # fmt: skip
    assert "tebiki-2017" in listed.output
    shown = runner.invoke(app, ["catalog", "show", "dx-2.3", "--format", "json"])
    data = json.loads(shown.output)
    assert data["counts"]["entries"] == 11 and data["catalogue"]["date"] == "2024-02-05"
    text = runner.invoke(app, ["catalog", "show", "dx-2.3"]).output
    assert "dx-2.3/3.1(3)  (3) 公金収納におけるeLTAXの活用（31頁）" in text
    unknown = runner.invoke(app, ["catalog", "show", "dx-2.2"])
    assert unknown.exit_code == 2 and "dx-2.3" in unknown.output


def test_a_plan_that_neither_lists_nor_refers_to_the_dx_plan_is_told_it_exists(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "200")
    root = _plan(tmp_path)
    data = json.loads(runner.invoke(app, ["crossref", str(root), "--format", "json"]).output)
    assert [c["id"] for c in data["catalogues"]] == ["tebiki-2017"]
    text = runner.invoke(app, ["crossref", str(root)]).output
    assert (
        "ほかに使えるカタログ: dx-2.3（自治体デジタル・トランスフォーメーション（DX）推進計画 第2.3版）"
        in text
    )
    _edit(root / "plan" / "plan.yaml", catalogues=["dx-2.3"])
    data = json.loads(runner.invoke(app, ["crossref", str(root), "--format", "json"]).output)
    dx = data["catalogues"][1]
    assert dx["id"] == "dx-2.3" and dx["coverage"]["covered"] == 0 and len(dx["unaddressed"]) == 11
