"""Where the catalogues and the fictional notice reach residents: the site and the print document."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_plan
from site_helpers import page_text

from generator.publish.print_document import render_print_html
from generator.validate import validate_plan

ROOT = Path(__file__).resolve().parents[1]


def test_the_national_page_shows_both_catalogues_with_provenance(built_sites):
    page = page_text(built_sites["public"], "national/index.html")
    assert "国の施策（市町村官民データ活用推進計画策定の手引）" in page
    assert 'href="https://cio.go.jp/chihou-tebiki"' in page
    assert "自治体デジタル・トランスフォーメーション（DX）推進計画 第2.3版" in page
    assert "<dd>総務省</dd>" in page
    assert '<time datetime="2024-02-05">2024年2月5日（令和6年2月5日）</time>' in page
    assert "https://www.soumu.go.jp/main&#95;content/000919516.pdf" in page  # _ kept from Markdown
    assert "11 項目のうち、この計画の施策が対応するものは 6 項目（55%）です。" in page
    assert "対応する施策のない項目は 5 項目です。" in page
    row = page.split('<tr id="entry-dx-2-3-3-1-7">', 1)[1].split("</tr>", 1)[0]
    assert "テレワークの推進" in row and "対応する施策なし" in row
    assert "の項目と計画の体系（対応する施策の数）" in page
    assert '<th scope="col">基本目標1 誰もが便利で迷わない行政サービス</th>' in page


def test_a_measure_page_links_its_catalogue_entries(built_sites):
    page = page_text(built_sites["public"], "measures/m-6-04.html")
    assert 'href="../national/index.html#entry-dx-2-3-3-1-5"' in page
    assert 'href="../national/index.html#entry-dx-2-3-2-2"' in page
    assert "自治体デジタル・トランスフォーメーション（DX）推進計画 第2.3版:" in page


def test_every_page_says_the_example_city_is_fictional(built_sites):
    for edition in ("public", "internal"):
        pages = sorted(built_sites[edition].site_dir.rglob("*.html"))
        assert pages
        for path in pages:
            if "pagefind" in path.parts or "downloads" in path.parts:
                continue  # the print document says so on its cover (below)
            text = path.read_text(encoding="utf-8")
            assert '<p class="dataplan-fictional-banner"><strong>架空の計画</strong>' in text, path
    top = page_text(built_sites["public"], "index.html")
    assert "（架空の団体。この計画は記載例で、実在の団体のものではありません）" in top


def test_the_print_document_has_the_catalogues_and_the_fictional_notice():
    html = render_print_html(validate_plan(ROOT).project)
    assert '<p class="cover-fictional">架空の団体の計画です。' in html
    assert '<a href="#catalogues">国の計画などとの対応</a>' in html
    appendix = html.split('id="catalogues"', 1)[1].split('id="revisions"', 1)[0]
    assert "国の施策 33 件のうち、この計画の施策が対応するものは 20 件（61%）です。" in appendix
    assert "自治体デジタル・トランスフォーメーション（DX）推進計画 第2.3版" in appendix
    assert "11 項目のうち、この計画の施策が対応するものは 6 項目（55%）です。" in appendix
    assert "<caption>&#51;.1 自治体DXの重点取組事項</caption>" in appendix  # 3. is no list
    assert "<td>1-1-1、1-1-2、1-1-4</td>" in appendix
    assert (
        "<li>自治体デジタル・トランスフォーメーション（DX）推進計画 第2.3版 3.1(1)"
        " 自治体フロントヤード改革の推進（dx-2.3/3.1(1)）</li>" in html
    )


def test_a_real_plan_has_no_fictional_notice(tmp_path):

    from fixture_cases import BASE
    from ruamel.yaml import YAML

    root = tmp_path / "plan"
    copy_plan(BASE, root)
    meta_path = root / "plan" / "plan.yaml"
    yaml = YAML()
    meta = yaml.load(meta_path.read_text(encoding="utf-8"))
    meta.update(municipality="浜松市", lg_code="221309", prefecture="静岡県")
    del meta["fictional"]
    with meta_path.open("w", encoding="utf-8") as f:
        yaml.dump(meta, f)
    result = validate_plan(root)
    assert not result.report.errors
    html = render_print_html(result.project)
    assert 'class="cover-fictional"' not in html and "架空の団体の計画です" not in html
