"""Terminal tables (rich) for the CLI: the only place that lays results out for a terminal.

Tables fit an 80–100 column terminal: ids are never cut, names fold onto more
lines, times are compact (R8 Q2), and the width follows COLUMNS when piped.
"""

from __future__ import annotations

import os

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from generator.control_characters import visible
from generator.kpi.status import KpiLine, StatusListing
from generator.labels import compact_when, percent
from generator.outline import OutlineNode, plan_outline
from generator.project import PlanProject
from generator.resolve import NO_FIELD, CatalogueCoverage, CrossReference

PIPED_WIDTH = 240  # piped or redirected without COLUMNS: one KPI per line


def terminal() -> Console:
    """A console whose width is the terminal's, or COLUMNS, or wide when piped."""
    console = Console()
    columns = os.environ.get("COLUMNS", "")
    if columns.isdecimal():
        console.width = int(columns)
    elif not console.is_terminal:
        console.width = PIPED_WIDTH
    return console


def status_table(listing: StatusListing) -> Table:
    """The listing as a rich table, in the plan's order (its numbers first)."""
    table = Table(
        title=user_text(f"KPI の状況 {listing.label}"),
        box=box.SIMPLE_HEAD,
    )
    table.add_column("KPI（施策）", no_wrap=True)
    table.add_column("指標名", overflow="fold", ratio=1, min_width=12)
    table.add_column("実績", overflow="fold")
    table.add_column("目標", overflow="fold")
    table.add_column("進捗\n/経過", no_wrap=True, justify="right")
    graded = listing.graded  # a grade given for this period: shown first, the mark as reference
    if graded:
        table.add_column("評価", overflow="fold")
    table.add_column("判定（参考）" if graded else "判定", overflow="fold")
    table.add_column("変化", no_wrap=True)
    for line in listing.lines:
        cells = [
            f"{line.kpi_id}\n（{line.measure_number or line.measure_id}）",
            line.name,
            _latest(line),
            _target(line),
            f"{percent(line.current.progress)}\n/{percent(line.current.expected)}",
        ]
        cells += [line.assigned_grade, line.current.mark] if graded else [line.current.mark]
        cells.append(_change(line))
        table.add_row(*(user_text(str(cell)) for cell in cells))
    return table


def _latest(line: KpiLine) -> str:
    when = line.current.latest_quarter
    return f"{line.latest}\n{compact_when(when)}" if when else line.latest


def _target(line: KpiLine) -> str:
    when = line.current.target_when
    return f"{line.target}\n{compact_when(when)}" if when else line.target


def _change(line: KpiLine) -> str:
    """+6手続 / 順調→遅れ: the value's change and the mark's, when either changed."""
    evaluation = line.evaluation
    parts = []
    if evaluation.value_delta:
        parts.append(line.change.split("、")[0])
    if evaluation.previous.mark != evaluation.current.mark:
        parts.append(f"{evaluation.previous.mark}→{evaluation.current.mark}")
    return "\n".join(parts) or "—"


def crossref_renderables(project: PlanProject, reference: CrossReference) -> list[RenderableType]:
    """`dataplan crossref` for the terminal: the plan's measures by its own structure with what
    they cite, each national measure with its answers, the case studies and template examples
    used, and the pillar × field matrix with totals."""
    numbers = {m.id: m.number for m in project.measures}

    def measure_label(measure_id: str) -> str:
        number = numbers.get(measure_id)
        return f"{number}（{measure_id}）" if number else measure_id

    national = {link.id: link.name for link in reference.national_measures}
    cases = {link.id: link.name for link in reference.case_studies}
    examples = {link.id: link.name for link in reference.examples}
    entries = {e.ref: e.title for c in reference.catalogues[1:] for e in c.entries}
    out: list[RenderableType] = [
        user_text(
            f"国の施策 {len(reference.national_measures)} 件のうち {reference.national_covered} 件に対応"
            f"（{reference.national_coverage:.0%}）"
        ),
        *[user_text(coverage_line(coverage)) for coverage in reference.catalogues[1:]],
        "",
        "■ 計画の施策と、対応する国の施策・事例集・記載例・計画の項目",
    ]
    for node in plan_outline(project):
        out += _crossref_node(node, 0, national, cases, examples, entries)
    for title, links in (
        ("■ 国の施策と対応する施策", reference.national_measures),
        ("■ 使っている事例集", [link for link in reference.case_studies if link.measure_ids]),
        ("■ 使っている手引の記載例", [link for link in reference.examples if link.measure_ids]),
    ):
        out += ["", title]
        for link in links:
            answered = "、".join(map(measure_label, link.measure_ids)) or "（なし）"
            out.append(user_text(f"  {link.id} {link.name}: {answered}"))
    out += ["", _matrix(project, reference)]
    for coverage in reference.catalogues[1:]:
        out += ["", *_catalogue_section(coverage, reference, measure_label)]
    shown = {coverage.info.id for coverage in reference.catalogues}
    others = [c for c in project.references.catalogues if c.id not in shown]
    if others:
        listed = "、".join(f"{c.id}（{c.catalogue.title} {c.catalogue.version}）" for c in others)
        out += [
            "",
            user_text(
                f"ほかに使えるカタログ: {listed}。plan/plan.yaml の catalogues に書くと、"
                "ここに対応の状況が出ます（項目は dataplan catalog show <id>）。"
            ),
        ]
    return out


def coverage_line(coverage: CatalogueCoverage) -> str:
    """「自治体…推進計画 第2.3版（総務省、2024-02-05）: 11 項目のうち 6 項目に対応（55%）」."""
    info = coverage.info
    made = "、".join(part for part in (info.issuer, info.date) if part)
    return (
        f"{info.title} {info.version}（{made}）: {len(coverage.entries)} 項目のうち"
        f" {coverage.covered} 項目に対応（{coverage.coverage:.0%}）"
    )


def _catalogue_section(
    coverage: CatalogueCoverage, reference: CrossReference, measure_label
) -> list[RenderableType]:
    """One catalogue: provenance, each entry with its measures, the entries not addressed, and
    the entries against the plan's own structure."""
    info = coverage.info
    out: list[RenderableType] = [
        user_text(f"■ {coverage_line(coverage)}"),
        user_text(f"  出典: {info.source}" + (f" {info.url}" if info.url else "")),
    ]
    if coverage.superseded_by:
        newer = coverage.superseded_by
        out.append(user_text(f"  同梱の新しい版: {newer.title} {newer.version}（{newer.id}）"))
    for section in coverage.sections:
        heading = f"{section.key} {section.title}" if section.key else section.title
        out.append(user_text(f"  {heading}"))
        for entry in section.entries:
            answered = "、".join(map(measure_label, entry.measure_ids)) or "（なし）"
            out.append(user_text(f"    {entry.ref} {entry.title}: {answered}"))
    unaddressed = "、".join(entry.ref for entry in coverage.unaddressed) or "なし"
    out.append(user_text(f"  対応する施策のない項目: {unaddressed}"))
    out.append(_structure_matrix(coverage, reference))
    return out


def _structure_matrix(coverage: CatalogueCoverage, reference: CrossReference) -> Table:
    """Entries (rows) × the plan's own top sections (columns): how many measures answer each."""
    table = Table(
        title=user_text(f"{coverage.info.id} の項目 × 計画の体系（施策数）"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("項目", overflow="fold", ratio=1, min_width=12)
    columns = reference.structure
    for column in columns:
        table.add_column(user_text(column.label), justify="right", overflow="fold", max_width=10)
    table.add_column("計", justify="right", max_width=4)
    for entry in coverage.entries:
        cells = coverage.by_structure[entry.ref]
        counts = [len(cells.get(column.key, [])) for column in columns]
        table.add_row(
            user_text(f"{entry.key} {entry.title}"), *map(str, counts), str(len(entry.measure_ids))
        )
    return table


def _crossref_node(
    node: OutlineNode,
    depth: int,
    national: dict[str, str],
    cases: dict[str, str],
    examples: dict[str, str],
    entries: dict[str, str],
) -> list[RenderableType]:
    indent = "  " * (depth + 1)
    lines: list[RenderableType] = [user_text(f"{indent}{node.title}")]
    for measure in node.measures:
        number = f"{measure.number} " if measure.number else ""
        lines.append(user_text(f"{indent}  {number}{measure.name}（{measure.id}）"))
        cited = [
            ("国の施策", [f"{i} {national.get(i, '')}" for i in measure.national_measures]),
            ("事例集", [f"{i} {cases.get(i, '')}" for i in measure.case_studies]),
            (
                "記載例",
                [f"{i} {examples.get(i, '')}" for i in [measure.catalogue_example] if i],
            ),
            ("計画の項目", [f"{i} {entries.get(i, '')}" for i in measure.catalogue_entries]),
        ]
        for label, items in cited:
            for item in items:
                lines.append(user_text(f"{indent}    {label}: {item}"))
    for child in node.children:
        lines += _crossref_node(child, depth + 1, national, cases, examples, entries)
    return lines


def _matrix(project: PlanProject, reference: CrossReference) -> Table:
    catalogue = project.catalogue
    table = Table(title="柱 × 重点分野（施策数）", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("柱", overflow="fold", ratio=1, min_width=10)
    columns = [(str(field.id), field.label) for field in catalogue.fields]
    if any(cells.get(NO_FIELD) for cells in reference.matrix.values()):
        columns.append((NO_FIELD, "記載なし"))  # measures whose plan names no 重点分野
    for _, label in columns:
        table.add_column(user_text(label), justify="right", overflow="fold", max_width=4)
    table.add_column("計", justify="right", max_width=4)
    totals = [0] * len(columns)
    for pillar in catalogue.pillars:
        counts = [len(reference.matrix[pillar.id].get(key, [])) for key, _ in columns]
        totals = [total + count for total, count in zip(totals, counts, strict=True)]
        table.add_row(user_text(pillar.short_label), *map(str, counts), str(sum(counts)))
    table.add_row("計", *map(str, totals), str(sum(totals)), end_section=True)
    if reference.without_pillar:  # a plan organised by its own structure gives no pillar
        table.caption = (
            f"柱のない施策 {len(reference.without_pillar)} 件は数えていません"
            "（計画独自の体系で分類しています）。"
        )
        table.caption_justify = "left"
    return table


def user_text(text: str) -> Text:
    """Text for rich that is shown as written: never markup (`[/]`, `[link=…]`) or an emoji
    code (`:warning:`), and without escape sequences or other control characters."""
    return Text(visible(text))


def rows_table(columns: list[str], rows: list[tuple]) -> Table:
    """Rows of a query as a terminal table: numbers right-aligned, missing values as —."""
    table = Table(box=box.SIMPLE_HEAD)
    numeric = [
        all(isinstance(row[index], int | float) or row[index] is None for row in rows)
        and any(row[index] is not None for row in rows)
        for index in range(len(columns))
    ]
    for name, right in zip(columns, numeric, strict=True):
        table.add_column(user_text(name), justify="right" if right else "left", overflow="fold")
    for row in rows:
        table.add_row(*(user_text("—" if value is None else str(value)) for value in row))
    return table
