"""The failures of a site build that the CLI reports as a message, not a traceback."""

from __future__ import annotations

from generator.a11y.statement import StatementError
from generator.file_access import PlanFilesRefused
from generator.programs import ProgramFailed
from generator.publish.mkdocs_builder import SiteBuildError
from generator.publish.output_folder import OutputFolderRefused
from generator.publish.search_index import SearchIndexError
from generator.publish.site_files import SiteFileConflict

SITE_ERRORS = (
    SiteBuildError,
    SiteFileConflict,
    SearchIndexError,
    StatementError,
    OutputFolderRefused,
    PlanFilesRefused,
    ProgramFailed,
    OSError,
)
