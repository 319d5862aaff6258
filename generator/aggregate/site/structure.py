"""The aggregate site's pages and its navigation, which does not grow with the number of plans.

The navigation lists the overview pages and the 47 prefectures; a body's summary
page (one per body with a plan, 1,788 for the whole country) is not in it: each
carries its own place (トップ › 都道府県 › 団体) and its prefecture's page lists it.
So every page's navigation is the same few dozen links, however many plans there are.
"""

from __future__ import annotations

from generator.aggregate.site.data import AggregateData
from generator.aggregate.tables import FICTIONAL_PARTITION
from generator.site.structure import NavSection, Page, SiteStructure

NOT_IN_NAV = "/bodies/\n/prefectures/coverage/\n"  # MkDocs not_in_nav (gitignore patterns)


def prefecture_key(code: str) -> str:
    return f"JP-{code}" if code != FICTIONAL_PARTITION else FICTIONAL_PARTITION


def prefecture_path(code: str) -> str:
    return f"prefectures/{prefecture_key(code)}.md"


def prefecture_coverage_path(code: str) -> str:
    return f"prefectures/coverage/{prefecture_key(code)}.md"


def body_path(lg_code: str) -> str:
    return f"bodies/{lg_code}.md"


def catalogue_path(catalogue_id: str) -> str:
    return f"coverage/{catalogue_id}.md"


def body_title(name: str, kind: str, prefecture: str) -> str:
    """「浜松市（静岡県）の計画」, 「静岡県の計画」: unique across the country."""
    return f"{name}の計画" if kind == "prefecture" else f"{name}（{prefecture}）の計画"


def aggregate_structure(data: AggregateData) -> SiteStructure:
    """Every page of the aggregate site, and the navigation over the overview pages."""
    pages: list[Page] = []

    def add(path: str, title: str, kind: str, key: str = "") -> Page:
        page = Page(path, title, kind, key)
        pages.append(page)
        return page

    top = add("index.md", "トップ", "top")
    prefectures = NavSection("都道府県別")
    prefectures.children.append(add("prefectures/index.md", "都道府県別の計画", "prefectures"))
    for body in data.prefectures():
        code = body.prefecture_code
        prefectures.children.append(add(prefecture_path(code), body.name, "prefecture", code))
    if data.fictional_plans():
        prefectures.children.append(
            add(
                prefecture_path(FICTIONAL_PARTITION),
                "架空の団体",
                "prefecture",
                FICTIONAL_PARTITION,
            )
        )
    for body in data.prefectures():
        code = body.prefecture_code
        add(
            prefecture_coverage_path(code),
            f"{body.name}の市区町村と国の施策などとの対応",
            "prefecture_coverage",
            code,
        )
    coverage = NavSection("国の施策などとの対応")
    coverage.children.append(add("coverage/index.md", "国の施策などとの対応", "coverage"))
    for catalogue in data.catalogues:
        coverage.children.append(
            add(
                catalogue_path(catalogue.catalogue_id),
                catalogue.title,
                "catalogue",
                catalogue.catalogue_id,
            )
        )
    rest: list[Page | NavSection] = [
        add("kpi.md", "KPI の判定", "kpi"),
        add("ending.md", "計画期間が1年以内に終わる計画", "ending"),
        add("left-out.md", "集計に入っていない計画", "left_out"),
        add("open-data.md", "オープンデータ", "open_data"),
        add("search.md", "サイト内検索", "search"),
    ]
    for code in sorted(
        {plan.lg_code for plan in data.plans} | {i.lg_code for i in data.left_out if i.lg_code}
    ):
        found = data.bodies.get(code)
        if found is not None:
            add(
                body_path(code),
                body_title(found.name, found.kind, found.prefecture_name),
                "body",
                code,
            )
    return SiteStructure(pages, [top, prefectures, coverage, *rest])
