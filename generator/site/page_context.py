"""What every page renderer shares: the rendered result, front matter, links and helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from generator.site import formatting
from generator.site.links import Links
from generator.site.site_data import SiteData
from generator.site.structure import Page, SiteStructure


@dataclass
class RenderedPage:
    """A page's Markdown source, the data files it links to, and whether it has interactive charts."""

    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)  # path under the docs folder → bytes
    charts: bool = False  # loads javascripts/charts.js (which loads plotly.js when asked)


def front_matter(title: str, **flags: bool) -> Markup:
    """YAML front matter: the page's title and the flags theme/overrides/main.html reads.

    The title is HTML-escaped here because the theme prints `page.title` unescaped
    (in `<title>` too); JSON quoting makes it a valid YAML string whatever it holds.
    """
    lines = [f"title: {json.dumps(str(escape(title)), ensure_ascii=False)}"]
    lines += [f"{key}: true" for key, on in flags.items() if on]
    return Markup("---\n" + "".join(f"{line}\n" for line in lines) + "---\n")


def base_context(page: Page, data: SiteData, structure: SiteStructure) -> dict:
    """Names every template may use: the page, its links, the helpers and the plan's metadata."""
    return {
        "page": page,
        "title": page.title,
        "links": Links(page.path),
        "h": formatting,
        "meta": data.meta,
        "internal": data.internal,
        "structure": structure,
        "front_matter": front_matter(page.title),
    }
