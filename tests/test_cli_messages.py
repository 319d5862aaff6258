"""Messages a first-time user meets: they say what to type, in Japanese."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def test_validate_given_plan_yaml_suggests_its_folder_not_init(base_copy):
    root = base_copy
    result = runner.invoke(app, ["validate", str(root / "plan" / "plan.yaml")])
    assert result.exit_code == 2
    assert f"`dataplan validate {root}`" in result.output
    assert "init" not in result.output


def test_an_empty_name_is_empty_not_out_of_range(base_copy):
    root = base_copy
    measure = root / "measures" / "m-1-01.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("name: 行政手続のオンライン化", 'name: ""'),
        encoding="utf-8",
    )
    problems = json.loads(runner.invoke(app, ["validate", str(root), "--format", "json"]).output)
    [problem] = problems["problems"]
    assert problem["code"] == "E-empty"
    assert problem["message"] == "name が空です。"


def test_no_stray_space_before_japanese_particles(base_copy):
    root = base_copy
    measure = root / "measures" / "m-1-01.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("name: 行政手続のオンライン化\n", ""),
        encoding="utf-8",
    )
    output = runner.invoke(app, ["validate", str(root)]).output
    assert "ファイルの最上位に必須の項目「name」がありません。" in output


def test_a_plan_fresh_from_init_is_not_publishable_under_strict(tmp_path):
    root = tmp_path / "new"
    assert runner.invoke(app, ["init", str(root), "--examples", "ex-1-02"]).exit_code == 0
    result = runner.invoke(app, ["validate", str(root), "--strict", "--format", "json"])
    report = json.loads(result.output)
    assert result.exit_code == 1 and not report["publishable_strict"]
    leftovers = {
        (p["file"], p["line"]) for p in report["problems"] if p["code"] == "W-template-text"
    }
    assert ("plan/plan.yaml", 8) in leftovers  # municipality: 〇〇市
    found = " ".join(p["message"] for p in report["problems"] if p["code"] == "W-template-text")
    for placeholder in ("〇〇市", "000-000-0000", "example.com"):
        assert placeholder in found
    code = [p for p in report["problems"] if p["code"] == "W-lg-code-placeholder"]
    assert [(p["file"], p["line"]) for p in code] == [("plan/plan.yaml", 16)]
    assert "dataplan lg-code" in code[0]["hint"]


def test_japanese_folded_with_gt_is_warned_at_its_place(base_copy):
    root = base_copy
    (root / "plan" / "purpose.yaml").write_text(
        "narrative: >\n  市民の利便性を高め、\n  行政を効率化します。\n", encoding="utf-8"
    )
    report = json.loads(runner.invoke(app, ["validate", str(root), "--format", "json"]).output)
    folded = [
        (p["file"], p["line"]) for p in report["problems"] if p["code"] == "W-folded-japanese"
    ]
    assert folded == [("plan/purpose.yaml", 1)]
