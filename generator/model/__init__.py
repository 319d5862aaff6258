"""The plan's data model (pydantic v2): what each YAML file may contain."""

from generator.model.chapters import CHAPTER_FILES
from generator.model.common import FIVE_PILLARS, FiscalTime, Pillar, PriorityField, Text, Visibility
from generator.model.kpi import Kpi, KpiKind
from generator.model.measure import Measure
from generator.model.plan import PlanMeta

__all__ = [
    "CHAPTER_FILES",
    "FIVE_PILLARS",
    "FiscalTime",
    "Kpi",
    "KpiKind",
    "Measure",
    "Pillar",
    "PlanMeta",
    "PriorityField",
    "Text",
    "Visibility",
]
