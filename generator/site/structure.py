"""The site's pages and navigation, from the view of the plan.

Navigation follows the plan in two ways at once: by its own structure (its groups,
e.g. 基本目標 → 施策 → measure `1-1-1`, as generator.outline gives it to every
renderer) inside chapter 6, and by the five pillars. A plan without groups lists its
measures under their pillars in chapter 6, so it still reads naturally. Each section
of chapter 6 has a page of its own listing its measures (`measures/section-1-2/index.md`,
the section's index), so a page's navigation can show its own section's measures and
only a link to every other section. Paths are Markdown source paths (`measures/m-1-01.md`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.catalogue.model import PillarEntry
from generator.labels import CHAPTER_TITLES, review_words
from generator.model.chapters import CHAPTER_FILES
from generator.model.measure import Measure
from generator.outline import OutlineNode, plan_outline
from generator.site.site_data import SiteData


@dataclass(frozen=True)
class Page:
    """One page: where its source goes, its title (plain text) and what kind it is."""

    path: str
    title: str
    kind: str
    key: str = ""  # what the page is about: a chapter name, a measure id, a quarter …


@dataclass
class NavSection:
    """A titled group of navigation entries (pages or sections)."""

    title: str
    children: list[Page | NavSection] = field(default_factory=list)


@dataclass
class SiteStructure:
    pages: list[Page]
    nav: list[Page | NavSection]
    sections: dict[str, OutlineNode] = field(default_factory=dict)  # chapter 6's, by key

    def page(self, kind: str, key: str = "") -> Page | None:
        return next((p for p in self.pages if p.kind == kind and p.key == key), None)

    def of_kind(self, kind: str) -> list[Page]:
        return [p for p in self.pages if p.kind == kind]


MUNICIPALITIES_TITLE = "県内市町村の計画"


def measure_path(measure_id: str) -> str:
    return f"measures/{measure_id}.md"


def measure_title(measure: Measure) -> str:
    """「1-1-1 行政手続の棚卸し…」: the plan's own number first, when it has one."""
    return f"{measure.number} {measure.name}" if measure.number else measure.name


def section_path(position: str) -> str:
    """A section of chapter 6 by its place in the outline (`1-2`: the first's second):
    the plan's group numbers may hold any character, a file name may not."""
    return f"measures/section-{position}/index.md"


def chapter_path(name: str) -> str:
    return f"chapters/{name}.md"


def report_path(quarter) -> str:
    return f"reports/{quarter}.md"


def site_structure(data: SiteData, *, with_open_data: bool = True) -> SiteStructure:
    """Every page of the site and the navigation over them."""
    pages: list[Page] = []

    def add(path: str, title: str, kind: str, key: str = "") -> Page:
        page = Page(path, title, kind, key)
        pages.append(page)
        return page

    top = add("index.md", "トップ", "top")
    body = NavSection("計画の本文")
    # A chapter the plan does not have (計画に記載なし) gets its page too, saying so.
    written = {name for name, _ in data.chapters} | set(data.view.chapters.not_stated)
    chapter_names = [name for name in CHAPTER_FILES if name in written]
    for name in chapter_names:
        if name == "security":
            continue
        body.children.append(add(chapter_path(name), CHAPTER_TITLES[name], "chapter", name))
    chapter6 = NavSection(CHAPTER_TITLES["measures"])
    chapter6.children.append(add("measures/index.md", CHAPTER_TITLES["measures"], "measures"))
    measure_pages = {
        m.id: add(measure_path(m.id), measure_title(m), "measure", m.id) for m in data.view.measures
    }
    sections: dict[str, OutlineNode] = {}
    chapter6.children += _measure_tree(data, measure_pages, add, sections)
    body.children.append(chapter6)
    if "security" in chapter_names:
        body.children.append(
            add(chapter_path("security"), CHAPTER_TITLES["security"], "chapter", "security")
        )

    pillars = NavSection("5つの柱から探す")
    shown_pillars = pillars_shown(data)
    if shown_pillars:
        pillars.children.append(add("pillars/index.md", "5つの柱から探す", "pillars"))
    for pillar in shown_pillars:
        title = f"{pillar.number}. {pillar.short_label}"
        pillars.children.append(add(f"pillars/{pillar.id}.md", title, "pillar", pillar.id))

    progress = NavSection("進捗状況")
    progress.children.append(add("progress/index.md", "進捗状況（KPI の一覧）", "dashboard"))
    if data.periods:
        title = review_words(data.yearly).reports
        reports = NavSection(title)
        reports.children.append(add("reports/index.md", title, "reports"))
        for period in reversed(data.periods):
            reports.children.append(add(report_path(period), period.label, "report", str(period)))
        progress.children.append(reports)

    national = NavSection("国の施策との対応")
    national.children.append(add("national/index.md", "国の施策との対応", "national"))
    if shown_pillars:  # a plan organised by its own areas, naming no pillar, has no such table
        national.children.append(add("national/matrix.md", "柱と重点分野の対応表", "matrix"))
    national.children += [
        add("national/case-studies.md", "参考にした事例", "case_studies"),
        add("national/examples.md", "もとにした記載例", "examples"),
    ]
    rest: list[Page | NavSection] = []
    if data.view.municipal is not None:
        rest.append(add("municipalities.md", MUNICIPALITIES_TITLE, "municipalities"))
    rest.append(add("history.md", "改定履歴", "history"))
    if data.revision_table is not None:
        rest.append(add("revision.md", "新旧対照表（最新の改定）", "revision"))
    if with_open_data:
        rest.append(add("open-data.md", "オープンデータ", "open_data"))
    rest.append(add("contact.md", "問い合わせ先", "contact"))
    if data.meta.accessibility is not None:
        rest += [
            add("accessibility.md", "ウェブアクセシビリティ方針", "a11y_policy"),
            add("accessibility-results.md", "ウェブアクセシビリティ試験結果", "a11y_results"),
        ]
    rest.append(add("search.md", "サイト内検索", "search"))
    by_pillars = [pillars] if pillars.children else []
    nav: list[Page | NavSection] = [top, body, *by_pillars, progress, national, *rest]
    return SiteStructure(pages, nav, sections)


def pillars_shown(data: SiteData) -> list[PillarEntry]:
    """The pillars the site has pages for.

    A plan classified by the pillars has all five (その他 only when a measure uses it);
    a plan organised by its own structure only those its measures name: the pillars are
    then a second view, and absent when no measure names one.
    """
    used = {m.pillar.value for m in data.view.measures if m.pillar is not None}
    if data.meta.own_structure:
        return [pillar for pillar in data.catalogue.pillars if pillar.id in used]
    return [p for p in data.catalogue.pillars if p.id != "other" or "other" in used]


def _measure_tree(
    data: SiteData,
    pages: dict[str, Page],
    add: Callable[[str, str, str, str], Page],
    sections: dict[str, OutlineNode],
) -> list[Page | NavSection]:
    """Chapter 6's entries: the plan's own outline (generator.outline), pillars when it has none.

    Every section starts with its own page (kind "section", keyed by the outline's key);
    `sections` gets each section's outline node by that key.
    """

    def section(node: OutlineNode, position: str) -> NavSection:
        sections[node.key] = node
        children: list[Page | NavSection] = [
            add(section_path(position), node.title, "section", node.key)
        ]
        children += [pages[m.id] for m in node.measures]
        children += [
            section(child, f"{position}-{number}")
            for number, child in enumerate(node.children, start=1)
        ]
        return NavSection(node.title, children)

    return [section(node, str(n)) for n, node in enumerate(plan_outline(data.view), start=1)]
