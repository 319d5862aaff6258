"""The failures of a site build that the CLI reports as a message, not a traceback."""

from __future__ import annotations

from generator.a11y.statement import StatementError
from generator.publish.mkdocs_builder import SiteBuildError
from generator.publish.search_index import SearchIndexError
from generator.publish.site_files import SiteFileConflict

SITE_ERRORS = (SiteBuildError, SiteFileConflict, SearchIndexError, StatementError, OSError)
