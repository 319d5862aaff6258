"""The 新旧対照表 (F24): a revision made in a test repository, compared from git.

The repository is built here: the example city committed as 第1.1版 (tag v1.1),
then one revision (tag v1.2) that edits a chapter sentence, changes a KPI target,
adds a measure, removes one, moves one to another pillar and group (renumbered),
and renames a department. Both versions carry hostile text. The Markdown of the
comparison is a reviewed golden file: after a deliberate change run
`UPDATE_GOLDEN=1 pytest tests/test_compare.py` and review the diff.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, copy_plan
from typer.testing import CliRunner

from generator.cli import app
from generator.compare import SideInfo, compare_projects, load_side, merged_order
from generator.compare.pages import (
    load_editions,
    revision_comparison,
    revision_page_markdown,
)
from generator.compare.render import (
    _printable,
    comparison_csv,
    comparison_json,
    comparison_markdown,
    comparison_text,
)
from generator.compare.text_diff import OMITTED, changed_spans, pieces
from generator.project import Audience
from generator.validate import validate_plan
from tools.previous_edition import TARGET, previous_edition_files

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"

HOSTILE_OLD = '=HYPERLINK("http://x")<script>alert(1)</script>| [a](javascript:x) **赤**'
HOSTILE_NEW = '=HYPERLINK("http://y")<script>alert(2)</script>| [a](javascript:x) **赤**'
PURPOSE_OLD = "職員が人にしかできない相談や支援に時間を使えるようにする必要があります。"
PURPOSE_NEW = "職員が人にしかできない相談や寄り添った支援に時間を使えるようにする必要があります。"

ADDED_MEASURE = """\
id: m-6-09
number: 3-2-9
group: "3-2"
name: 生成AIの業務利用
pillar: other
field: e_government
departments: [dx]
content: 文書の要約や下書きに生成AIを使い、<b>職員</b>の事務を減らします。
kpis:
  - id: k-6-09-1
    name: 生成AIを業務に使う所属の数
    kind: quantity
    unit: 所属
    baseline: {value: 0, fiscal_year: 2025}
    targets:
      - {when: 2027, value: 40}
"""


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A git repository holding the example city at v1.1, and its revision v1.2 (committed)."""
    repo = copy_plan(EXAMPLE, tmp_path_factory.mktemp("plan-repo"), folders=("plan", "measures"))
    edit(repo / "measures/m-1-02.yaml", "\nsummary: ", f"\nsummary: {json.dumps(HOSTILE_OLD)}\nx: ")
    _drop_key(repo / "measures/m-1-02.yaml", "x")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "第1.1版")
    git(repo, "tag", "v1.1")

    edit(repo / "plan/purpose.yaml", PURPOSE_OLD, PURPOSE_NEW)
    edit(repo / "measures/m-1-01.yaml", "{when: 2026, value: 130}", "{when: 2026, value: 140}")
    (repo / "measures/m-6-09.yaml").write_text(ADDED_MEASURE, encoding="utf-8")
    (repo / "measures/m-4-03.yaml").unlink()
    measure = repo / "measures/m-3-02.yaml"
    edit(measure, "number: 1-2-2", "number: 1-3-2")
    edit(measure, 'group: "1-2"', 'group: "1-3"')
    edit(measure, "pillar: mynumber_card", "pillar: digital_divide")
    edit(repo / "plan/plan.yaml", "name: 産業振興部商工観光課", "name: 産業振興部商工観光交流課")
    edit(repo / "measures/m-1-02.yaml", json.dumps(HOSTILE_OLD), json.dumps(HOSTILE_NEW))
    # the revision record names the revision each edition was published from
    edit(
        repo / "plan/plan.yaml",
        "    version: 第1.1版\n",
        "    version: 第1.1版\n    git_revision: v1.1\n",
    )
    edit(
        repo / "plan/plan.yaml",
        "    version: 第1.2版\n",
        "    version: 第1.2版\n    git_revision: v1.2\n",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "第1.2版")
    git(repo, "tag", "v1.2")
    return repo


def _drop_key(path: Path, key: str) -> None:
    """Remove the line `key: …` (the old summary pushed aside by the hostile one)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(f"{key}: ")), "utf-8")


@pytest.fixture(scope="module")
def comparison(repo):
    old, new = load_side("v1.1", repo), load_side("v1.2", repo)
    assert old.usable and new.usable, [p.as_text() for p in old.report.errors + new.report.errors]
    assert old.info.commit and new.info.commit
    return compare_projects(old.project, new.project, old_info=old.info, new_info=new.info)


def compact(comparison):
    return [(change.kind.value, change.location_id) for change in comparison.changes]


def test_every_change_appears_once_in_template_order(comparison):
    assert compact(comparison) == [
        ("renamed", "meta/departments:sangyo/name"),
        ("changed", "chapter:purpose/narrative"),
        ("changed", "measure:m-1-01/kpis:k-1-01-1/targets:2026/value"),
        ("changed", "measure:m-1-02/summary"),
        ("removed", "measure:m-4-03"),
        ("renumbered", "measure:m-3-02/number"),
        ("moved", "measure:m-3-02/group"),
        ("moved", "measure:m-3-02/pillar"),
        ("added", "measure:m-6-09"),
    ]


def marked(text, spans):
    return [text[start:end] for start, end in spans if end > start]


def test_exactly_the_changed_characters_are_marked(comparison):
    changes = {change.location_id: change for change in comparison.changes}
    purpose = changes["chapter:purpose/narrative"]
    assert marked(purpose.old, purpose.old_spans) == []
    assert marked(purpose.new, purpose.new_spans) == ["寄り添った"]
    target = changes["measure:m-1-01/kpis:k-1-01-1/targets:2026/value"]
    assert (target.old, target.new) == ("130", "140")
    assert marked(target.old, target.old_spans) == ["3"]
    assert marked(target.new, target.new_spans) == ["4"]
    renamed = changes["meta/departments:sangyo/name"]
    assert marked(renamed.new, renamed.new_spans) == ["交流"]
    pillar = changes["measure:m-3-02/pillar"]
    assert (pillar.old, pillar.new) == ("マイナンバーカードの普及・活用", "デジタルデバイド対策")
    added = changes["measure:m-6-09"]
    assert added.old is None and added.new_spans == ((0, len(added.new)),)
    assert "\nKPI「生成AIを業務に使う所属の数」\n\u3000指標名：" in added.new
    assert added.new.endswith("\n\u3000目標値（2027年度（令和9年度））：40")
    removed = changes["measure:m-4-03"]
    assert removed.new is None and removed.old_spans == ((0, len(removed.old)),)
    assert removed.location.endswith(
        "施策 1-3-2 誰もが使いやすいウェブサイトとウェブアクセシビリティの確保"
    )


def test_nothing_unchanged_is_reported_and_the_same_plan_has_no_changes(repo, comparison):
    for change in comparison.changes:
        assert change.old != change.new
    same = load_side("v1.2", repo)
    again = compare_projects(same.project, same.project)
    assert again.changes == []
    assert "違いはありません" in comparison_markdown(again)


def test_the_comparison_matches_the_reviewed_golden_file(comparison):
    named = dataclasses.replace(comparison, old=SideInfo("v1.1"), new=SideInfo("v1.2"))
    golden("compare-v1.1-v1.2.md", comparison_markdown(named))


def test_hostile_text_is_escaped_in_every_output(comparison):
    page = comparison_markdown(comparison)
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&lt;ins&gt;" not in page  # marks wrap escaped text only
    assert "](javascript" not in page and "&#91;a&#93;" in page
    for tag in re.findall(r"<(/?[a-z]+)", page):
        assert tag in {"ins", "/ins", "del", "/del", "span", "/span", "br"}
    assert "**赤**" in comparison_text(comparison, context=None)  # text output keeps it verbatim
    assert "&#42;&#42;赤&#42;&#42;" in page
    rows = list(csv.reader(io.StringIO(comparison_csv(comparison).lstrip("\ufeff"))))
    summary = next(row for row in rows if row[-1] == "measure:m-1-02/summary")
    assert summary[2].startswith("'=HYPERLINK") and summary[3].startswith("'=HYPERLINK")
    data = json.loads(comparison_json(comparison))
    assert data["changes"][3]["new"] == HOSTILE_NEW  # JSON keeps the text as it is


def test_the_page_renders_as_one_table_per_chapter_with_named_changes(comparison):
    import markdown

    html = markdown.markdown(comparison_markdown(comparison), extensions=["tables"])
    assert html.count("<table>") == 3  # 基本情報, 第2章, 第6章
    assert html.count("<th>改定後</th>") == 3
    assert (
        '<td>産業振興部商工観光<ins><span class="visually-hidden">追加:</span>交流</ins>課</td>'
        in html
    )
    assert "<script" not in html


def test_csv_is_for_excel_and_json_carries_the_spans(comparison):
    text = comparison_csv(comparison)
    assert text.startswith("\ufeff箇所,区分,改定後,改定前")
    data = json.loads(comparison_json(comparison))
    target = data["changes"][2]
    assert data["changes"][1]["old_spans"] == [
        [
            data["changes"][1]["old"].index("支援に時間"),
        ]
        * 2
    ]
    assert target["old_spans"] == [[1, 2]] and target["kind"] == "changed"


def test_internal_fields_appear_only_in_the_internal_comparison(repo):
    old, new = load_side("v1.1", repo), load_side(str(repo), repo)
    staff = new.project.meta.contact.staff
    changed_meta = new.project.meta.model_copy(
        update={"contact": new.project.meta.contact.model_copy(update={"staff": [*staff, "新任"]})}
    )
    revised = dataclasses.replace(new.project, meta=changed_meta)
    public = compare_projects(old.project, revised)
    internal = compare_projects(old.project, revised, audience=Audience.INTERNAL)
    assert "meta/contact/staff" not in {c.location_id for c in public.changes}
    assert "meta/contact/staff" in {c.location_id for c in internal.changes}


def test_long_unchanged_passages_are_shortened(comparison):
    text = "あ" * 100 + "い" + "う" * 100
    spans = ((100, 101),)
    shown = "".join(piece.text for piece in pieces(text, spans, context=5))
    assert shown == f"{OMITTED}あああああいううううう{OMITTED}"
    assert "".join(piece.text for piece in pieces(text, spans, context=None)) == text
    assert changed_spans("令和7年度までに17業務", "令和9年度までに20業務") == (
        ((2, 3), (8, 10)),
        ((2, 3), (8, 10)),
    )


def test_the_terminal_shows_control_characters_as_escapes():
    # validate refuses control characters in a plan (E-control-character); the
    # terminal form does not rely on it
    assert _printable("赤\x1b[31m\u202e") == "赤\\x1b[31m\\u202e"


def test_a_removed_item_follows_its_nearest_kept_predecessor():
    assert merged_order(["a", "b", "c", "d"], ["a", "c", "x", "d"]) == ["a", "b", "c", "x", "d"]
    assert merged_order(["z", "a"], ["a"]) == ["z", "a"]


def test_the_cli_compares_revisions_and_writes_each_format(repo, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["compare", "v1.1", "v1.2", "--path", str(repo)])
    assert result.exit_code == 0, result.output
    assert "{+寄り添った+}" in result.output and "9 件の改定箇所" in result.output
    target = tmp_path / "table.csv"
    result = runner.invoke(
        app, ["compare", "v1.1", "--path", str(repo), "--format", "csv", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "改定箇所 9 件" in result.output and target.read_bytes().startswith(b"\xef\xbb\xbf")
    unknown = runner.invoke(app, ["compare", "v9", "--path", str(repo)])
    assert unknown.exit_code == 2 and "リビジョン" in unknown.output


def test_a_side_that_does_not_validate_is_reported_not_compared(repo, tmp_path):
    broken = copy_plan(repo, tmp_path / "broken")
    edit(broken / "measures/m-1-01.yaml", "pillar: online", "pillar: nowhere")
    result = CliRunner().invoke(app, ["compare", str(broken), "--path", str(repo)])
    assert result.exit_code == 1
    assert (
        "measures/m-1-01.yaml" in result.output
        and "エラーのある計画とは比べられません" in result.output
    )


def test_the_previous_edition_is_the_one_tools_previous_edition_writes():
    written = previous_edition_files()
    shipped = {
        path.relative_to(TARGET).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(TARGET.rglob("*.yaml"))
    }
    assert shipped == written, "python -m tools.previous_edition で作り直してください。"


def test_the_example_city_ships_a_table_for_its_latest_revision():
    editions = _editions(ROOT)
    shown = revision_comparison(editions)
    assert [(kind, place) for kind, place in compact(shown) if "m-5-01" not in place] == [
        ("renamed", "meta/departments:dx/name"),
        ("added", "meta/departments:dx/renames:1"),
    ]
    page = revision_page_markdown(editions)
    assert "令和8年4月1日の組織改正による。" in page  # the 備考 recorded in plan.yaml
    assert "- 改定前: 第1.1版（2025年6月30日）" in page
    assert '企画部<ins><span class="visually-hidden">追加:</span>デジタル推進</ins>課' in page


def test_the_revision_page_compares_the_revisions_the_record_names(repo, comparison):
    editions = _editions(repo)
    page = revision_comparison(editions)
    assert compact(page) == compact(comparison)
    assert (
        page.old.source == "第1.1版（2025年6月30日）" and page.old.commit == comparison.old.commit
    )
    markdown = revision_page_markdown(editions)
    assert "寄り添った" in markdown


def _editions(root: Path):
    """The two editions the latest revision of the plan at `root` compares, loaded."""
    project = validate_plan(root).project
    assert project is not None
    editions = load_editions(project)
    assert editions is not None
    return editions


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} がありません。UPDATE_GOLDEN=1 で作ってください。"
    assert text == path.read_text(encoding="utf-8")


# --- the previous edition comes from the plan's own history ------------------------------------

FOLDER_LINE = "    folder: examples/previous-edition  # git で管理する前の版のファイル（利用の手引「改定と新旧対照表」）\n"


def _example_copy(root: Path, *, folder_line: str) -> Path:
    copy_plan(EXAMPLE, root, folders=("plan", "measures", "kpi", "examples"))
    edit(root / "plan/plan.yaml", FOLDER_LINE, folder_line)
    return root


def _site_data(root: Path):
    from conftest import TEST_TODAY

    from generator.site.site_data import collect_site_data

    result = validate_plan(root, today=TEST_TODAY)
    assert result.project is not None, [p.as_text() for p in result.report.errors]
    return collect_site_data(result.project, internal=False)


def test_an_edition_named_by_neither_revision_nor_folder_gives_no_page(tmp_path):
    """A folder that happens to be there is not an edition: only plan.yaml names one."""
    from generator.site.pages_plan import render_history
    from generator.site.structure import site_structure

    data = _site_data(_example_copy(tmp_path / "city", folder_line=""))
    assert data.revision_table is None
    assert [item.as_text() for item in data.left_out] == [
        "「新旧対照表」を作っていません。plan/plan.yaml の revisions で、改定前の版（第1.1版）に "
        "git_revision（git のコミットやタグ）か folder（その版の計画のフォルダ）を書くと作ります。"
    ]
    structure = site_structure(data)
    assert structure.page("revision") is None
    history = structure.page("history")
    assert history is not None
    text = render_history(history, data, structure).markdown
    assert "第1.1版" in text and "新旧対照表" not in text and "revision.md" not in text


def test_the_folder_the_revision_record_names_is_the_previous_edition(tmp_path):
    root = _example_copy(tmp_path / "city", folder_line=FOLDER_LINE.replace("examples/", "old/"))
    (root / "examples").rename(root / "old")
    data = _site_data(root)
    assert data.left_out == []
    assert (
        data.revision_table is not None
        and "- 改定前: 第1.1版（2025年6月30日）" in data.revision_table
    )


def test_a_named_folder_without_a_plan_is_said_and_gives_no_page(tmp_path):
    root = _example_copy(tmp_path / "city", folder_line="    folder: editions/1.1\n")
    data = _site_data(root)
    assert data.revision_table is None
    (item,) = data.left_out
    assert "editions/1.1 に計画（plan/）がありません" in item.as_text()


def test_a_folder_outside_the_plan_folder_is_a_located_error(tmp_path):
    root = _example_copy(tmp_path / "city", folder_line="    folder: ../elsewhere\n")
    problems = validate_plan(root).report.errors
    assert [(p.file, "folder は計画のフォルダの中" in p.message) for p in problems] == [
        ("plan/plan.yaml", True)
    ]
