"""The reference catalogues a plan can refer to: the bundled ones and the plan's own files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.catalogue.reference import CatalogueEntry, ReferenceCatalogue, split_ref


@dataclass(frozen=True)
class ReferenceCatalogues:
    """Every reference catalogue known to one plan, bundled first, and those the plan lists."""

    catalogues: tuple[ReferenceCatalogue, ...] = ()
    bundled_ids: frozenset[str] = frozenset()
    listed: tuple[str, ...] = ()  # ids plan.yaml lists under `catalogues`, in its order
    files: dict[str, str] = field(default_factory=dict)  # id → file (plan's own catalogues)

    @classmethod
    def bundled(cls) -> ReferenceCatalogues:
        """Only the catalogues shipped with the package (a plan that lists none of its own)."""
        from generator.catalogue import load_bundled_references

        catalogues = load_bundled_references()
        return cls(catalogues, frozenset(c.id for c in catalogues))

    @property
    def ids(self) -> list[str]:
        return [catalogue.id for catalogue in self.catalogues]

    def get(self, catalogue_id: str) -> ReferenceCatalogue | None:
        return next((c for c in self.catalogues if c.id == catalogue_id), None)

    def resolve(self, ref: str) -> tuple[ReferenceCatalogue, CatalogueEntry] | None:
        """The catalogue and entry `dx-2.3/3.1(1)` names, or None."""
        parts = split_ref(ref)
        catalogue = self.get(parts[0]) if parts else None
        entry = catalogue.entry(parts[1]) if catalogue and parts else None
        return (catalogue, entry) if catalogue and entry else None

    def in_use(self, refs: Iterable[str]) -> list[ReferenceCatalogue]:
        """The catalogues the plan lists or refers to (`refs`: every measure's references)."""
        referred = {parts[0] for parts in map(split_ref, refs) if parts}
        return [c for c in self.catalogues if c.id in self.listed or c.id in referred]

    def newer_bundled(self, catalogue: ReferenceCatalogue) -> ReferenceCatalogue | None:
        """The latest bundled catalogue of the same series issued after `catalogue`, if any."""
        info = catalogue.catalogue
        if info.series is None or info.date is None:
            return None
        later = [
            other
            for other in self.catalogues
            if other.id in self.bundled_ids
            and other.catalogue.series == info.series
            and other.catalogue.date is not None
            and other.catalogue.date > info.date
        ]
        return max(later, key=lambda other: str(other.catalogue.date), default=None)

    def continuing(self, newer: ReferenceCatalogue, ref: str) -> list[str]:
        """The entries of `newer` that declare they continue the older entry `ref`."""
        return [newer.ref(entry) for entry in newer.entries if ref in entry.continues]
