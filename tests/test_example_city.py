"""The shipped example city validates cleanly and exercises every feature of the model."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app
from generator.model.common import Pillar
from generator.model.kpi import Accumulation, Direction, KpiKind, KpiType
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]


def test_example_city_validates_strictly_with_a_summary():
    result = CliRunner().invoke(app, ["validate", str(ROOT), "--strict"])
    assert result.exit_code == 0, result.output
    assert "青葉野市" in result.output and "公開できます" in result.output
    assert "計画期間: 2024年12月〜2029年度（令和6年12月〜令和11年度）" in result.output


def test_example_city_uses_every_feature():
    project = validate_plan(ROOT).project
    kpis = [kpi for _, _, kpi in project.iter_kpis()]
    assert 15 <= len(project.measures) <= 25
    assert {m.pillar for m in project.measures} == set(Pillar)
    assert {k.kind for k in kpis} == set(KpiKind)
    assert {k.direction for k in kpis} == set(Direction)
    assert {k.accumulation for k in kpis} == set(Accumulation)
    assert {k.type for k in kpis} == set(KpiType)
    assert any(k.baseline is None for k in kpis)
    assert any(k.target_pending for k in kpis) and any(k.target_text for k in kpis)
    assert any(len(k.targets) >= 3 for k in kpis)
    assert any(m.relisted_kpis for m in project.measures)
    assert any(m.data_use and m.data_use.personal_information for m in project.measures)
    assert any(m.internal_notes for m in project.measures)
    assert max(Counter(len(m.kpis) for m in project.measures)) >= 2
    assert project.meta.also_serves_as and project.meta.predecessor
    assert isinstance(project.meta.period.start, str)
    meta = project.meta
    assert meta.short_name and meta.vision and meta.revision_policy and meta.municipality_kind
    assert meta.drafting and meta.drafting.public_comment and meta.drafting.drafts
    assert meta.predecessor.relation and any(d.renames for d in meta.departments)
    assert any(m.department_roles for m in project.measures)
    assert project.grades and meta.evaluation.grades


def test_example_city_files_carry_the_schema_header():
    for path in [*ROOT.glob("plan/*.yaml"), *ROOT.glob("measures/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schemas/"), path


def test_quarter_notes_carry_their_schema_header():
    for path in ROOT.glob("kpi/notes/*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/quarter_notes.schema.json", (
            path
        )
