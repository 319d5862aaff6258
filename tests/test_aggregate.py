"""`dataplan aggregate`: many plans in one database and in files, counted right, nothing internal.

One small aggregate (tests/aggregate_fixture.py: six synthetic plans of real bodies'
codes, one broken, one carrying a sentinel in every kind of internal text) is made
once for the module; tests that change plans work on their own copies.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from generator.aggregate.database import DATABASE_FILE, LOCK_FILE, AggregateBusy
from generator.aggregate.exports import DATA_DIR, spreadsheet_sql
from generator.aggregate.run import run_aggregate
from generator.aggregate.site.build import build_aggregate_site
from generator.aggregate.tables import PLAN_TABLES, TABLES
from generator.cli import app
from generator.progress import kpi_histories
from generator.project import Audience
from generator.spreadsheet_safety import spreadsheet_text
from generator.validate import validate_plan
from generator.visibility import plan_view
from tests.aggregate_fixture import (
    PUBLIC_MARK,
    SENTINEL,
    SPECS,
    TODAY,
    USES_PREFECTURE,
    SmallAggregate,
    make_small_aggregate,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> SmallAggregate:
    made = make_small_aggregate(tmp_path_factory.mktemp("aggregate"))
    summary = run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    assert len(summary.read) == len(SPECS)
    return made


def query(small: SmallAggregate, sql: str) -> list[tuple]:
    with duckdb.connect(str(small.out / DATABASE_FILE), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def count(small: SmallAggregate, table: str, where: str = "") -> int:
    return query(small, f"SELECT count(*) FROM {table} {where}")[0][0]


def valid_views(small: SmallAggregate) -> dict[str, object]:
    views = {}
    for name, folder in small.plans.items():
        result = validate_plan(folder, today=TODAY)
        if result.project is not None and not result.report.errors:
            views[name] = plan_view(result.project, Audience.PUBLIC)
    return views


# --- counts ---------------------------------------------------------------------------------


def test_counts_in_the_aggregate_equal_the_sum_over_plans(small: SmallAggregate) -> None:
    views = valid_views(small)
    assert sorted(views) == sorted(name for name, spec in SPECS.items() if not spec.broken)
    measures = sum(len(v.measures) for v in views.values())
    kpis = sum(len(m.kpis) for v in views.values() for m in v.measures)
    targets = sum(len(k.targets) for v in views.values() for m in v.measures for k in m.kpis)
    actuals = sum(len(v.actuals) for v in views.values())
    references = sum(
        len(set(m.national_measures)) + len(set(m.catalogue_entries))
        for v in views.values()
        for m in v.measures
    )
    assert count(small, "plans") == len(views)
    assert count(small, "measures") == measures
    assert count(small, "kpis") == kpis
    assert count(small, "targets") == targets
    assert count(small, "actuals") == actuals
    assert count(small, "measure_refs") == references
    assert query(small, "SELECT sum(measure_count), sum(kpi_count), sum(actual_count) FROM plans")[
        0
    ] == (measures, kpis, actuals)


def test_statuses_judge_every_kpi_at_every_review_time_of_its_plan(small: SmallAggregate) -> None:
    expected = 0
    for view in valid_views(small).values():
        indexes = [p.index for h in kpi_histories(view.actuals).values() for p in h]
        if indexes:
            times = max(indexes) - min(indexes) + 1
            expected += times * sum(len(m.kpis) for m in view.measures)
    assert count(small, "statuses") == expected
    # 熱海市 has no actuals yet: a plan without actuals has no statuses, not 未計測 rows.
    assert count(small, "statuses", "WHERE lg_code = '222054'") == 0


def test_statuses_are_the_plans_own_judgement(small: SmallAggregate) -> None:
    from generator.kpi.status import evaluate_project
    from generator.quarters import Quarter

    view = valid_views(small)["chiyoda"]
    quarter = Quarter(2022, 3)
    judged = evaluate_project(view, view.actuals, quarter)
    stored = dict(
        query(
            small,
            "SELECT kpi_id, status FROM statuses WHERE lg_code = '131016' AND quarter = '2022Q3'",
        )
    )
    assert stored == {kpi_id: str(e.current.status) for kpi_id, e in judged.items()}


def test_plan_status_on_the_day(small: SmallAggregate) -> None:
    statuses = dict(query(small, "SELECT municipality, status FROM plans"))
    # 千代田区 2021〜2025年度: over by 2026-11-24; 熱海市 has no adoption date.
    assert statuses == {
        "静岡県": "in_force",
        "浜松市": "in_force",
        "沼津市": "in_force",
        "熱海市": "draft",
        "千代田区": "expired",
    }


def test_plans_are_keyed_by_code_period_and_edition(small: SmallAggregate) -> None:
    rows = query(small, "SELECT lg_code, plan_id, revision, prefecture FROM plans ORDER BY 1")
    assert rows == [
        ("131016", "2021-2025", "2021-03-27", "JP-13"),
        ("220001", "2025-2029", "2025-03-27", "JP-22"),
        ("221309", "2025-2029", "2025-03-27", "JP-22"),
        ("222038", "2025-2029", "2025-03-27", "JP-22"),
        ("222054", "2026-2030", "draft", "JP-22"),
    ]
    assert query(small, "SELECT site_url FROM plans WHERE lg_code = '221309'") == [
        ("https://example.jp/hamamatsu/",)
    ]


def test_references_to_the_prefectures_catalogue_are_kept(small: SmallAggregate) -> None:
    catalogue = query(
        small,
        "SELECT catalogue_id, issuer_lg_code, entry_count FROM catalogues WHERE issuer_lg_code = '220001'",
    )
    assert catalogue == [("220001-2025-03-27", "220001", 3)]
    users = query(
        small,
        "SELECT DISTINCT p.municipality FROM measure_refs r JOIN plans p USING (lg_code, plan_id, revision) "
        "WHERE r.catalogue_id = '220001-2025-03-27' ORDER BY 1",
    )
    names = {SPECS[name].name for name in USES_PREFECTURE}
    assert {row[0] for row in users} <= names and users
    # The bundled catalogues are there even where no plan refers to an entry.
    assert {"tebiki-2017", "dx-2.3"} <= {
        row[0] for row in query(small, "SELECT catalogue_id FROM catalogues")
    }


# --- broken plans -----------------------------------------------------------------------------


def test_a_broken_plan_is_listed_with_its_problems_and_left_out(small: SmallAggregate) -> None:
    assert query(small, "SELECT source, included, errors FROM sources WHERE NOT included") == [
        ("plans/shizuoka-city", False, 1)
    ]
    problems = query(
        small,
        'SELECT prefecture, lg_code, file, line, "column", code, severity, title FROM problems '
        "WHERE source = 'plans/shizuoka-city' AND severity = 'error'",
    )
    assert problems == [
        ("JP-22", "221007", "measures/m-001.yaml", 3, 9, "E-unknown-pillar", "error", "知らない柱")
    ]
    assert count(small, "plans", "WHERE lg_code = '221007'") == 0


def test_a_broken_plan_never_stops_the_others(tmp_path: Path) -> None:
    made = make_small_aggregate(tmp_path)
    listed = made.manifest.read_text(encoding="utf-8")
    made.manifest.write_text(
        '- lg_code: "221309"\n  path: nowhere\n- lg_code: "221309"\n  path: plans/numazu\n'
        '- lg_code: 221309\n  path: plans/numazu\n- lg_code: "221309"\n' + listed,
        encoding="utf-8",
    )
    summary = run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    problems = sorted(
        (p.file, p.line, p.column, p.code) for item in summary.read for p in item.errors
    )
    assert ("manifest.yaml", 1, 3, "E-aggregate-source") in problems
    assert ("plan/plan.yaml", 3, 10, "E-aggregate-lg-code") in problems
    manifest = sorted((p.file, p.line, p.column, p.code) for p in summary.manifest_problems)
    assert manifest == [
        ("manifest.yaml", 5, 12, "E-lg-code"),
        ("manifest.yaml", 7, 3, "E-invalid-value"),
    ]
    assert summary.included == len(SPECS) - 1


def test_the_same_plan_twice_is_refused_the_second_time(tmp_path: Path) -> None:
    made = make_small_aggregate(tmp_path)
    shutil.copytree(made.plans["numazu"], tmp_path / "plans" / "numazu-copy")
    with made.manifest.open("a", encoding="utf-8") as manifest:
        manifest.write('- lg_code: "222038"\n  path: plans/numazu-copy\n')
    summary = run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    copy = next(item for item in summary.read if item.source.source == "plans/numazu-copy")
    assert [p.code for p in copy.errors] == ["E-aggregate-duplicate"]
    assert not copy.included


# --- nothing internal -------------------------------------------------------------------------


def test_the_sentinel_is_in_the_plan_and_only_in_its_internal_view(small: SmallAggregate) -> None:
    """Guards the next test: the sentinel is really loaded, and the public view drops it."""
    project = validate_plan(small.plans["hamamatsu"], today=TODAY).project
    assert project is not None
    public, internal = (plan_view(project, audience) for audience in Audience)
    assert SENTINEL in repr((internal.meta, internal.measures))
    assert SENTINEL not in repr((public.meta, public.measures))


def _strings_of_every_table(connection: duckdb.DuckDBPyConnection, source: str) -> str:
    parts = []
    for table in TABLES:
        for column in table.columns:
            if column.sql == "VARCHAR":
                values = connection.execute(
                    f'SELECT "{column.name}" FROM {source.format(table.name)}'
                ).fetchall()
                parts += [value for (value,) in values if value]
    return "\n".join(parts)


def test_an_internal_sentinel_appears_in_no_aggregate_output(small: SmallAggregate) -> None:
    with duckdb.connect(str(small.out / DATABASE_FILE), read_only=True) as connection:
        database = _strings_of_every_table(connection, '"{}"')
    assert PUBLIC_MARK in database  # the search reads real text
    assert SENTINEL not in database
    data = small.out / DATA_DIR
    with duckdb.connect() as connection:
        parquet = []
        for path in sorted(data.rglob("*.parquet")):
            parquet.append(str(connection.execute(f"SELECT * FROM '{path}'").fetchall()))
    assert PUBLIC_MARK in "".join(parquet)
    assert SENTINEL not in "".join(parquet)
    texts = [
        path.read_text(encoding="utf-8-sig")
        for path in data.rglob("*")
        if path.suffix in (".csv", ".json")
    ]
    assert PUBLIC_MARK in "".join(texts)
    assert SENTINEL not in "".join(texts)
    # No file of the aggregate, the database included, holds the sentinel's bytes.
    for path in small.out.rglob("*"):
        if path.is_file():
            assert SENTINEL.encode() not in path.read_bytes(), path


# --- files ------------------------------------------------------------------------------------


def test_parquet_is_partitioned_by_prefecture_and_reads_back_whole(small: SmallAggregate) -> None:
    data = small.out / DATA_DIR / "parquet"
    assert sorted(p.name for p in (data / "plans").iterdir()) == [
        "prefecture=JP-13",
        "prefecture=JP-22",
    ]
    with duckdb.connect() as connection:
        for table in PLAN_TABLES:
            rows = connection.execute(
                f"SELECT count(*), count(DISTINCT prefecture) FROM read_parquet('{data}/{table.name}/*/*.parquet', hive_partitioning = true)"
            ).fetchone()
            assert rows is not None and rows[0] == count(small, table.name), table.name
        prefecture = connection.execute(
            f"SELECT DISTINCT prefecture FROM read_parquet('{data}/plans/*/*.parquet', hive_partitioning = true) ORDER BY 1"
        ).fetchall()
    assert prefecture == [("JP-13",), ("JP-22",)]  # strings in every engine, never 13 or 22


def test_csv_files_per_prefecture_with_a_data_package(small: SmallAggregate) -> None:
    data = small.out / DATA_DIR
    raw = (data / "csv" / "JP-22" / "plans.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header = raw[3:].split(b"\r\n")[0].decode()
    assert header.split(",")[:3] == ["lg_code", "plan_id", "revision"]
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    paths = {resource["path"] for resource in descriptor["resources"]}
    assert "csv/JP-22/plans.csv" in paths and "csv/bodies.csv" in paths
    for resource in descriptor["resources"]:
        path = data / resource["path"]
        assert path.stat().st_size == resource["bytes"]
        schema = json.loads((data / resource["schema"]).read_text(encoding="utf-8"))
        columns = path.read_bytes().decode("utf-8-sig").split("\r\n")[0].split(",")
        assert columns == [field["name"] for field in schema["fields"]], resource["path"]


@given(st.text(alphabet="=+-@＝＋－＠ \u3000\t\ra1あ'", max_size=6))
def test_csv_text_cells_follow_the_one_spreadsheet_rule(text: str) -> None:
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE t (v VARCHAR)")
        connection.execute("INSERT INTO t VALUES (?)", [text])
        (made,) = connection.execute(f"SELECT {spreadsheet_sql('v')} FROM t").fetchone() or ("",)
    assert made == spreadsheet_text(text)


# --- re-runs ----------------------------------------------------------------------------------


def test_unchanged_plans_are_not_read_again(tmp_path: Path) -> None:
    made = make_small_aggregate(tmp_path)
    run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    again = run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    assert again.unchanged == len(SPECS) and again.read == []
    assert again.changed_partitions == []
    # A file touched but not changed: its times differ, its content hash does not.
    os.utime(made.plans["numazu"] / "plan" / "plan.yaml")
    touched = run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    assert touched.unchanged == len(SPECS) and touched.read == []
    measure = made.plans["chiyoda"] / "measures" / "m-001.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("合成の施策1", "合成の施策1（改）"),
        encoding="utf-8",
    )
    third = run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    assert [item.source.source for item in third.read] == ["plans/chiyoda"]
    assert third.changed_partitions == ["JP-13"]
    with duckdb.connect(str(made.out / DATABASE_FILE), read_only=True) as connection:
        assert connection.execute(
            "SELECT name FROM measures WHERE lg_code = '131016' AND measure_id = 'm-001'"
        ).fetchall() == [("合成の施策1（改）",)]
    csv = (made.out / DATA_DIR / "csv" / "JP-13" / "measures.csv").read_text(encoding="utf-8-sig")
    assert "合成の施策1（改）" in csv


def test_a_plan_removed_from_the_manifest_leaves_the_aggregate(tmp_path: Path) -> None:
    made = make_small_aggregate(tmp_path)
    run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    lines = made.manifest.read_text(encoding="utf-8").splitlines()
    kept = [
        line for index, line in enumerate(lines) if "chiyoda" not in line and "131016" not in line
    ]
    made.manifest.write_text("\n".join(kept) + "\n", encoding="utf-8")
    summary = run_aggregate(made.manifest, made.out, today=TODAY, jobs=1)
    assert summary.removed == ["plans/chiyoda"]
    with duckdb.connect(str(made.out / DATABASE_FILE), read_only=True) as connection:
        for table in PLAN_TABLES:
            assert connection.execute(
                f"SELECT count(*) FROM {table.name} WHERE lg_code = '131016'"
            ).fetchone() == (0,)
    assert not (made.out / DATA_DIR / "csv" / "JP-13").exists()


def test_worker_processes_give_the_same_rows(
    tmp_path: Path, small: SmallAggregate, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.aggregate.run as run

    monkeypatch.setattr(run, "WORKERS_FROM", 2)
    made = make_small_aggregate(tmp_path)
    run_aggregate(made.manifest, made.out, today=TODAY, jobs=2)
    with duckdb.connect(str(made.out / DATABASE_FILE), read_only=True) as connection:
        for table in PLAN_TABLES:
            columns = ", ".join(f'"{c.name}"' for c in table.columns if c.name != "source")
            mine = connection.execute(f"SELECT {columns} FROM {table.name} ORDER BY ALL").fetchall()
            assert mine == query(small, f"SELECT {columns} FROM {table.name} ORDER BY ALL"), (
                table.name
            )


def test_a_plan_from_a_git_revision(tmp_path: Path) -> None:
    made = make_small_aggregate(tmp_path / "work")
    repository = tmp_path / "numazu.git"
    shutil.copytree(made.plans["numazu"], repository)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.jp", "-C", str(repository)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "plan"], check=True)
    subprocess.run([*git, "tag", "v1"], check=True)
    manifest = tmp_path / "git.yaml"
    manifest.write_text(
        f'- lg_code: "222038"\n  repository: file://{repository}\n  revision: v1\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    first = run_aggregate(manifest, out, today=TODAY, jobs=1)
    assert [(item.source.source, item.included) for item in first.read] == [
        (f"file://{repository}@v1", True)
    ]
    commit = subprocess.run(
        [*git, "rev-parse", "v1"], check=True, capture_output=True, text=True
    ).stdout.strip()
    with duckdb.connect(str(out / DATABASE_FILE), read_only=True) as connection:
        assert connection.execute('SELECT kind, "commit" FROM sources').fetchall() == [
            ("git", commit)
        ]
    # A new commit that leaves the plan as it was: nothing is read again.
    (repository / "README.md").write_text("説明\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "readme"], check=True)
    manifest.write_text(
        manifest.read_text().replace("revision: v1", "revision: HEAD"), encoding="utf-8"
    )
    second = run_aggregate(manifest, out, today=TODAY, jobs=1)
    assert second.read and second.read[0].included  # the source (its name) changed: read once
    third = run_aggregate(manifest, out, today=TODAY, jobs=1)
    assert third.unchanged == 1 and third.read == []


# --- locking and the CLI ------------------------------------------------------------------------


def test_a_second_run_waits_for_no_one_and_changes_nothing(
    tmp_path: Path, small: SmallAggregate
) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    handle = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        with pytest.raises(AggregateBusy):
            run_aggregate(small.manifest, out, today=TODAY, jobs=1)
        result = runner.invoke(app, ["aggregate", str(small.manifest), "-o", str(out), "-j", "1"])
    finally:
        os.close(handle)
    assert result.exit_code == 1
    assert "ほかの dataplan aggregate" in result.output
    assert not (out / DATABASE_FILE).exists()


def test_cli_runs_and_exits_1_when_a_plan_is_left_out(tmp_path: Path) -> None:
    made = make_small_aggregate(tmp_path)
    result = runner.invoke(app, ["aggregate", str(made.manifest), "-o", str(made.out), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "plans/shizuoka-city: measures/m-001.yaml:3:9: エラー E-unknown-pillar" in result.output
    assert "集計に入っている計画 5 件、エラーで入っていない計画 1 件。" in result.output


def test_query_reads_and_prints_json_and_csv(small: SmallAggregate) -> None:
    sql = "SELECT lg_code, status, adopted_on FROM plans WHERE lg_code = '221309'"
    shown = runner.invoke(
        app, ["aggregate", "query", sql, "-o", str(small.out), "--format", "json"]
    )
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == [
        {"lg_code": "221309", "status": "in_force", "adopted_on": "2025-03-27"}
    ]
    csv = runner.invoke(
        app, ["aggregate", "query", "SELECT '=1+1' AS x", "-o", str(small.out), "--format", "csv"]
    )
    assert csv.stdout_bytes == b"x\r\n'=1+1\r\n"
    table = runner.invoke(
        app, ["aggregate", "query", "SELECT count(*) AS n FROM plans", "-o", str(small.out)]
    )
    assert "5" in table.output and "1 行" in table.output


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM plans",
        "UPDATE plans SET status = 'draft'",
        "INSERT INTO sources (source) VALUES ('x')",
        "DROP TABLE plans",
        "CREATE TABLE x AS SELECT 1",
        "COPY plans TO 'leak.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "ATTACH 'other.duckdb'",
        "SET enable_external_access = true",
    ],
)
def test_query_refuses_writes(
    small: SmallAggregate, sql: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = (small.out / DATABASE_FILE).read_bytes()
    result = runner.invoke(app, ["aggregate", "query", sql, "-o", str(small.out)])
    assert result.exit_code == 1
    assert "読み取り専用" in result.output
    assert (small.out / DATABASE_FILE).read_bytes() == before
    assert list(tmp_path.iterdir()) == []
    assert count(small, "plans") == 5


def test_query_without_a_database_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["aggregate", "query", "SELECT 1", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "集計のデータベースがありません" in result.output


# --- a prefecture's plan and its municipalities ----------------------------------------------------


def _prefecture_with_municipalities(
    small: SmallAggregate, target: Path, aggregate: str | None
) -> Path:
    shutil.copytree(small.plans["shizuoka-pref"], target)
    lines = [
        "municipalities:",
        '  - lg_code: "221309"',
        "    site: https://example.jp/hamamatsu-from-prefecture/",
        '  - lg_code: "222038"',
        '  - lg_code: "222054"',
        '  - lg_code: "221007"',
        '  - lg_code: "222089"',
    ]
    if aggregate is not None:
        lines.append(f"municipal_aggregate: {aggregate}")
    with (target / "plan" / "plan.yaml").open("a", encoding="utf-8") as plan:
        plan.write("\n".join(lines) + "\n")
    return target


def test_a_prefectures_plan_loads_the_aggregate_of_its_municipalities(
    small: SmallAggregate, tmp_path: Path
) -> None:
    folder = _prefecture_with_municipalities(
        small, tmp_path / "pref", os.path.relpath(small.out, tmp_path / "pref")
    )
    result = validate_plan(folder, today=TODAY)
    assert result.report.errors == [] and result.project is not None
    municipal = result.project.municipal
    assert municipal is not None and municipal.available
    found = {
        item.name: (item.status, item.site, item.prefecture_refs > 0)
        for item in municipal.municipalities
    }
    assert found == {
        "浜松市": ("in_force", "https://example.jp/hamamatsu-from-prefecture/", True),
        "沼津市": ("in_force", None, True),
        "熱海市": ("draft", None, False),
        "静岡市": ("left_out", None, False),
        "伊東市": ("none", None, False),
    }
    hamamatsu = municipal.municipalities[0]
    assert hamamatsu.latest_review == "2026Q2" and sum(hamamatsu.verdicts.values()) == 18
    used = query(
        small,
        "SELECT entry_key, count(DISTINCT lg_code) FROM measure_refs WHERE catalogue_id = '220001-2025-03-27' GROUP BY 1",
    )
    assert municipal.measure_users == dict(used)


def test_a_prefectures_plan_without_its_aggregate_lists_its_municipalities(
    small: SmallAggregate, tmp_path: Path
) -> None:
    folder = _prefecture_with_municipalities(small, tmp_path / "pref", "nowhere")
    result = validate_plan(folder, today=TODAY)
    assert [(p.code, p.line) for p in result.report.problems] == [
        ("W-municipal-aggregate-missing", 30)
    ]
    municipal = result.project.municipal if result.project else None
    assert municipal is not None and not municipal.available
    assert [item.status for item in municipal.municipalities] == ["none"] * 5


def test_the_guide_describes_every_table_and_column() -> None:
    guide = (
        Path(__file__).resolve().parents[1] / "generator" / "guide" / "aggregate.md"
    ).read_text(encoding="utf-8")
    for table in TABLES:
        section = guide.split(f"\n### {table.name} — ", 1)
        assert len(section) == 2, (
            f"generator/guide/aggregate.md に表 {table.name} の節がありません。"
        )
        body = section[1].split("\n### ", 1)[0]
        paragraph = body.split("\n\n", 1)[1].split("\n\n")[0].replace("\n", " ")
        listed = [name.strip().strip("`") for name in paragraph.split(", ")]
        assert listed == table.column_names, table.name


def test_a_plan_that_states_no_period_is_counted_as_it_is(tmp_path: Path) -> None:
    """計画に記載なし: no period is made up; the plan is adopted, its period unknown."""
    plans = tmp_path / "plans"
    shutil.copytree(Path(__file__).parent / "fixtures" / "plans" / "partial", plans / "partial")
    summary = run_aggregate(plans, tmp_path / "aggregate", today=TODAY, jobs=1)
    assert len(summary.read) == 1
    with duckdb.connect(str(tmp_path / "aggregate" / DATABASE_FILE), read_only=True) as db:
        row = db.execute(
            "SELECT plan_id, period_start, period_start_fiscal_year, period_end, adopted_on, "
            "status FROM plans"
        ).fetchall()
    assert row == [("unstated", None, None, None, "2019-03", "period_not_stated")]
    site = build_aggregate_site(tmp_path / "aggregate", today=TODAY, with_search=False)
    body = next((site.site_dir / "bodies").rglob("*.html")).read_text(encoding="utf-8")
    assert "<dt>計画期間</dt><dd>計画に記載なし</dd>" in body
    assert '<time datetime="2019-03">2019年3月（平成31年3月）</time>' in body
    assert "策定済み（計画期間の記載なし）" in body
