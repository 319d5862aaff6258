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
from .render import catalogue_as_dict, catalogue_as_text

BUNDLED_CATALOGUE_PATH = Path(__file__).parent / "data" / "tebiki_2017.yaml"

__all__ = [
    "BUNDLED_CATALOGUE_PATH",
    "CaseStudy",
    "Catalogue",
    "CatalogueInfo",
    "FieldEntry",
    "FieldId",
    "Mark",
    "NationalMeasure",
    "PillarEntry",
    "PillarId",
    "TemplateExample",
    "catalogue_as_dict",
    "catalogue_as_text",
    "catalogue_from_data",
    "load_bundled_catalogue",
]


def catalogue_from_data(data: Any) -> Catalogue:
    """Validate already-parsed YAML/JSON data as a catalogue (raises pydantic ValidationError)."""
    return Catalogue.model_validate(data)


@lru_cache(maxsize=1)
def load_bundled_catalogue() -> Catalogue:
    """Load the catalogue shipped with the package (手引, 平成29年10月)."""
    root = compose(BUNDLED_CATALOGUE_PATH.read_text(encoding="utf-8"))
    assert root is not None  # the file is part of the package, plainly written
    return catalogue_from_data(plain_data(root)[0])
