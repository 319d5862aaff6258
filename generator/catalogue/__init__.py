"""The national catalogue: 手引 pillars, fields, national measures, case studies and examples."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.plain_yaml import compose, plain_data

from .model import (
    CaseStudy,
    Catalogue,
    CatalogueInfo,
    FieldEntry,
    FieldId,
    Mark,
    NationalMeasure,
    PillarEntry,
    PillarId,
    TemplateExample,
)
from .reference import CatalogueEntry, CatalogueSection, ReferenceCatalogue, split_ref
from .render import catalogue_as_dict, catalogue_as_text, reference_as_dict, reference_as_text

DATA = Path(__file__).parent / "data"
BUNDLED_CATALOGUE_PATH = DATA / "tebiki_2017.yaml"
# Reference catalogues shipped with the package, oldest first within a series.
BUNDLED_REFERENCE_PATHS = (DATA / "dx_2_3.yaml",)

__all__ = [
    "BUNDLED_CATALOGUE_PATH",
    "BUNDLED_REFERENCE_PATHS",
    "CaseStudy",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueInfo",
    "CatalogueSection",
    "FieldEntry",
    "FieldId",
    "Mark",
    "NationalMeasure",
    "PillarEntry",
    "PillarId",
    "ReferenceCatalogue",
    "TemplateExample",
    "catalogue_as_dict",
    "catalogue_as_text",
    "catalogue_from_data",
    "load_bundled_catalogue",
    "load_bundled_references",
    "reference_as_dict",
    "reference_as_text",
    "split_ref",
]


def catalogue_from_data(data: Any) -> Catalogue:
    """Validate already-parsed YAML/JSON data as a catalogue (raises pydantic ValidationError)."""
    return Catalogue.model_validate(data)


@lru_cache(maxsize=1)
def load_bundled_catalogue() -> Catalogue:
    """Load the catalogue shipped with the package (手引, 平成29年10月)."""
    return catalogue_from_data(_bundled_data(BUNDLED_CATALOGUE_PATH))


@lru_cache(maxsize=1)
def load_bundled_references() -> tuple[ReferenceCatalogue, ...]:
    """The reference catalogues shipped with the package (the national DX plan 第2.3版)."""
    return tuple(
        ReferenceCatalogue.model_validate(_bundled_data(path)) for path in BUNDLED_REFERENCE_PATHS
    )


def _bundled_data(path: Path) -> Any:
    """A YAML file of the package: plainly written, so read by the plan loader's quick path."""
    root = compose(path.read_text(encoding="utf-8"))
    assert root is not None
    return plain_data(root)[0]
