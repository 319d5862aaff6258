"""A plan's own site: the tool's theme from the package, the plan's mkdocs.yml and site/ on top.

A plan made by `dataplan init` outside this repository builds with the theme that
ships in the package; its own settings and files are layered over it; what the
tool decides cannot be set; and the example city uses exactly what `init` writes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from site_helpers import build_example, page_text

from generator import scaffold
from generator.publish.mkdocs_builder import SiteBuildError, plan_settings
from generator.publish.site_files import SiteFileConflict, plan_owned_files
from generator.scaffold import InitOptions

ROOT = Path(__file__).resolve().parents[1]
CITY_CSS = ".md-header { border-bottom: 4px solid #004c97; }\n"
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'
FOOTER = '<div class="md-copyright"><p class="city-footer">架空市 デジタル推進課</p></div>\n'


def _new_plan(folder: Path) -> Path:
    scaffold.create_plan(folder, InitOptions(["ex-1-02"], "架空市"), today=dt.date(2025, 3, 1))
    return folder


@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    """An `init` plan with its own logo, stylesheet and footer template, built once."""
    work = tmp_path_factory.mktemp("own-site")
    root = _new_plan(work / "city")
    (root / "site" / "images").mkdir()
    (root / "site" / "images" / "logo.svg").write_text(LOGO, encoding="utf-8")
    (root / "site" / "stylesheets").mkdir()
    (root / "site" / "stylesheets" / "city.css").write_text(CITY_CSS, encoding="utf-8")
    (root / "site" / "overrides" / "partials").mkdir(parents=True)
    (root / "site" / "overrides" / "partials" / "copyright.html").write_text(FOOTER, "utf-8")
    settings = root / "mkdocs.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "site_url: https://www.city.kaku.example/keikaku/\n"
        + "theme:\n  logo: images/logo.svg\nextra_css:\n  - stylesheets/city.css\n",
        encoding="utf-8",
    )
    return build_example(root, work / "out", internal=False, complete=False)


def test_a_new_plan_gets_the_theme_from_the_package(own_site):
    top = page_text(own_site, "index.html")
    assert '<a href="#main-content" class="dataplan-skip">本文へ移動</a>' in top
    assert "Content-Security-Policy" in top
    assert (own_site.site_dir / "stylesheets" / "dataplan.css").is_file()
    assert (own_site.site_dir / "javascripts" / "search-page.js").is_file()


def test_the_plans_own_settings_and_files_are_layered_on_top(own_site):
    top = page_text(own_site, "index.html")
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', top)
    ours = [sheet for sheet in sheets if "dataplan.css" in sheet or "city.css" in sheet]
    assert ours == ["stylesheets/dataplan.css", "stylesheets/city.css"]  # the plan's comes after
    assert (own_site.site_dir / "stylesheets" / "city.css").read_text("utf-8") == CITY_CSS
    assert '<img src="images/logo.svg"' in top and (own_site.site_dir / "images/logo.svg").is_file()
    assert '<link rel="canonical" href="https://www.city.kaku.example/keikaku/index.html">' in top
    assert 'class="city-footer"' in top  # the plan's template over the package's
    assert "dataplan-footer-links" not in top
    assert 'id="main-content"' in top  # the package's other templates still apply
    assert not (own_site.site_dir / "README.md").exists()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("docs_dir: pages\n", "docs_dir は dataplan が決める"),
        ("plugins: [search]\n", "plugins は dataplan が決める"),
        ("theme:\n  custom_dir: mine\n", "theme の custom_dir は dataplan が決める"),
        ("extra_css: city.css\n", "extra_css は一覧"),
        ("site_url: [\n", "mkdocs.yml:2:1: サイトの設定を YAML として読めません"),
    ],
)
def test_what_the_tool_decides_cannot_be_set(tmp_path, text, named):
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(SiteBuildError) as caught:
        plan_settings(tmp_path / "mkdocs.yml")
    assert named in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_file_with_the_name_of_a_generated_page_is_refused(tmp_path):
    root = _new_plan(tmp_path / "city")
    (root / "site" / "index.md").write_text("# 自作のトップページ\n", encoding="utf-8")
    with pytest.raises(SiteFileConflict, match="site/index.md"):
        build_example(root, tmp_path / "out", internal=False, complete=False)


def test_the_example_city_uses_exactly_what_init_writes(tmp_path):
    """One source of truth for the theme: the example's site/ and mkdocs.yml are init's."""
    new = _new_plan(tmp_path / "city")
    assert (
        list(plan_owned_files(ROOT, "site")) == list(plan_owned_files(new, "site")) == ["README.md"]
    )
    assert (ROOT / "site/README.md").read_bytes() == (new / "site/README.md").read_bytes()
    written = (new / "mkdocs.yml").read_text(encoding="utf-8")
    example = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert example == written.replace(
        "# site_url: https://www.example.com/keikaku/",
        "site_url: https://www.city.aobano.example/dx/keikaku/",
    )
    assert plan_settings(ROOT / "mkdocs.yml") == {
        "site_url": "https://www.city.aobano.example/dx/keikaku/"
    }


def test_init_keeps_the_repositorys_own_files(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/\n", encoding="utf-8")
    created = scaffold.create_plan(tmp_path, InitOptions())
    assert "mkdocs.yml" in created.kept and "mkdocs.yml" not in created.written
    assert (tmp_path / "mkdocs.yml").read_text(
        encoding="utf-8"
    ) == "site_url: https://example.org/\n"
    assert "mkdocs.yml はすでにあるため、そのままにしました" in scaffold.created_message(
        tmp_path, created
    )


def test_a_new_plans_accessibility_policy_claims_nothing_untested(own_site):
    policy = page_text(own_site, "accessibility.html")
    assert "適合レベル AA に準拠することを目標とします" in policy
    assert "試験はまだ行っていません" in policy
    assert "問題があるかどうかはまだ確かめていません" in policy
    assert "分かっている問題はありません" not in policy
