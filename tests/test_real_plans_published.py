"""What real plans say reaches the resident: the fixture plans built as a city publishes them.

Each plan of tests/fixtures/plans/ (own structure, yearly review with grades, prefecture,
partial transcription with 計画に記載なし) passes `validate --strict`, and its site and PDF
are built once for this module; the tests read the built pages and the PDF's text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from published_plan import Published, page_words, publish, require_pdf_tools, squeeze

PLANS = Path(__file__).parent / "fixtures" / "plans"
NAMES = ("own-structure", "yearly-grades", "prefecture", "partial")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, Published]:
    require_pdf_tools()
    work = tmp_path_factory.mktemp("published")
    return {name: publish(PLANS / name, work / name) for name in NAMES}


def has(text: str, *wanted: str) -> None:
    """Every wanted phrase is in the (squeezed) text."""
    missing = [phrase for phrase in wanted if squeeze(phrase) not in text]
    assert not missing, missing


# --- a plan with its own numbered structure ---------------------------------------------------------


def test_the_measure_body_is_published(published):
    plan = published["own-structure"]
    measure = squeeze(plan.page("measures/m-01.html"))
    body = (
        "めざす姿",
        "主な手続を、いつでもどこでもスマートフォンで申請できる。",
        "取組の内容",
        "申請件数の多い手続から順に、電子申請システムで受け付けます。",
        "手続の棚卸しを行い、オンライン化の優先順位を決める。",
        "架空山市行財政改革プラン（再掲）",
        "情報通信技術を活用した行政の推進等に関する法律",
        "総務局デジタル推進課（主管・ページの担当）、市民局区政推進課（連携）",
    )
    has(measure, *body)
    has(plan.pdf_text, *body)


def test_the_vision_and_the_drafting_are_published(published):
    plan = published["own-structure"]
    vision = (
        "データとデジタルの力で、誰もが暮らしやすさを実感できるまち",
        "データに基づく政策立案",
    )
    has(squeeze(plan.page("index.html")), "かくやまDXプラン", "政令指定都市", *vision)
    history = squeeze(plan.page("history.html"))
    comment = ("パブリックコメント", "寄せられた意見は48件（17人・団体）です")
    has(history, *comment, "令和6年8月（2024年8月）", "素案", "中間案")
    has(history, "国の重点計画の改定や技術の進展に応じて")  # the revision policy
    has(history, "総務局情報政策課→総務局デジタル推進課", "第2次架空山市情報化推進計画", "全面改定")
    has(plan.pdf_text, *vision, *comment, "令和6年8月（2024年8月）", "全面改定")
    has(plan.pdf_text, "国の重点計画の改定や技術の進展に応じて")


def test_the_plans_own_structure_has_no_pillar_leftovers(published):
    plan = published["own-structure"]
    assert "5つの柱" not in plan.site_text
    assert not (plan.site_dir / "pillars").exists()
    assert "5つの柱" not in plan.pdf_text and "柱ごとに示します" not in plan.pdf_text
    assert "重点分野" not in plan.site_text  # the plan names none: no column of 「その他」
    dashboard = plan.page("progress/index.html")
    assert "計画の体系" in dashboard and "柱" not in squeeze(dashboard).replace("5つの", "")


def test_the_pdf_numbers_measures_as_the_plan_does_with_every_group_heading(published):
    text = published["own-structure"].pdf_text
    order = [
        "基本目標1行かない・書かない・待たない市役所",
        "施策1-1手続のオンライン化",
        "1-1-1市民向け手続のオンライン化",
        "施策1-2区役所窓口の改革",
        "1-2-1区役所の「書かない窓口」",
        "基本目標2データで子育てを支えるまち",
        "施策2-1子育て支援のデータ連携",
        "①子育て支援情報のデータ連携",
        "②保育所の入所申請のオンライン化",
    ]
    chapter6 = text[text.index("個別施策の一覧") : text.rindex("第7章")]
    at = 0
    for heading in order:  # each after the one before: the plan's order, every level headed
        at = chapter6.find(heading, at)
        assert at >= 0, heading
    assert "（1）" not in chapter6


# --- a yearly review with grades and a quarter's actual ------------------------------------------------


def test_the_grade_stands_beside_the_computed_status(published):
    plan = published["yearly-grades"]
    dashboard = squeeze(plan.page("progress/index.html"))
    has(dashboard, "架空川市の評価", "判定（ツールの計算）")
    has(dashboard, "次期計画で継続（2024年度（令和6年度）の評価。添付書類のある手続が残る）")
    card = squeeze(plan.page("measures/m-3-01.html"))
    has(
        card, "架空川市の評価", "D（2024年度（令和6年度）の評価。カードの交付が伸びず利用率が低い）"
    )
    has(
        plan.pdf_text,
        "架空川市の評価",
        "次期計画で継続",
        "計画期間内に達成できず、次期計画で引き続き取り組む",
    )
    assert "判定（）" not in plan.site_text


def test_the_yearly_chart_and_reports_are_by_fiscal_year(published):
    plan = published["yearly-grades"]
    reports = sorted(p.name for p in (plan.site_dir / "reports").glob("*.html"))
    assert reports == ["2022.html", "2023.html", "2024.html", "2025Q2.html", "index.html"]
    report = squeeze(plan.page("reports/2024.html"))
    has(
        report,
        "進捗報告2024年度（令和6年度）",
        "比較する前年度",
        "オンライン化は進んだが、添付書類のある手続が残る。",
    )
    has(report, "架空川市の評価", "付与された評価:A1、D1、次期計画で継続1。")
    archive = squeeze(plan.page("reports/index.html"))
    has(archive, "年度ごとの進捗報告", "推進本部が令和6年度の取組を評価しました。")
    measure = plan.markup("measures/m-1-01.html")
    chart = re.search(
        r"<caption>オンラインで申請できる手続の数の基準値・実績・目標(.*?)</table>", measure, re.S
    )
    assert chart is not None, "no chart table"
    rows = squeeze(page_words(chart[1]))
    has(
        rows,
        "2022年度（令和4年度）実績55",
        "2024年度（令和6年度）実績85",
        "2025年度第2四半期（令和7年度）実績97",
    )
    has(squeeze(plan.page("index.html")), "年度ごとの進捗報告")
    has(plan.pdf_text, "図:オンラインで申請できる手続の数の実績と目標")


# --- a prefecture ---------------------------------------------------------------------------------------


def test_a_prefecture_is_named_once_and_its_dates_as_written(published):
    plan = published["prefecture"]
    top = squeeze(plan.page("index.html"))
    has(top, "団体架空県（")  # named once, not 「架空県 架空県」
    # the cover: the prefecture once, then the title and the short name
    has(plan.pdf_text, "ものではありません。架空県架空県官民データ活用推進計画かくうけん")
    has(plan.pdf_text, "計画の概要団体架空県（地方公共団体コード490008")
    history = squeeze(plan.page("history.html"))
    has(history, "令和4年度（2022年度）:総務部情報政策課→総務部デジタル推進課")
    has(history, "令和7年1月（2025年1月）から令和7年2月（2025年2月）まで意見を募集しました")
    has(plan.pdf_text, "令和7年1月（2025年1月）から令和7年2月（2025年2月）まで")
    has(plan.pdf_text, "令和4年度（2022年度）", "かくうけんデジタル推進プラン")


# --- a partial transcription ----------------------------------------------------------------------------


def test_what_the_plan_does_not_state_is_shown_as_such(published):
    plan = published["partial"]
    has(squeeze(plan.page("index.html")), "計画期間計画に記載なし", "2019年3月（平成31年3月）")
    has(
        squeeze(plan.page("chapters/security.html")),
        "この章は計画書に記載がありません（計画に記載なし）",
    )
    measure = squeeze(plan.page("measures/m-1-01.html"))
    has(measure, "担当計画に記載なし", "目標値計画に記載なし")
    has(squeeze(plan.page("measures/m-4-01.html")), "時期は計画に記載なし300人")
    has(squeeze(plan.page("history.html")), "令和2年6月（2020年6月）:総務企画課→総務課")
    has(
        plan.pdf_text,
        "計画期間計画に記載なし",
        "この章は計画書に記載がありません（計画に記載なし）",
    )
    has(plan.pdf_text, "時期は計画に記載なし:300")


@pytest.mark.parametrize("name", NAMES)
def test_every_published_plan_has_its_pdf_and_open_data(published, name):
    plan = published[name]
    assert (plan.site_dir / "downloads" / "plan.pdf").is_file()
    assert (plan.site_dir / "data" / "open" / "grades.csv").is_file()
