"""The document kinds of the dossier: which template, which file name, when.

One entry per kind, in the order of the step plan. The template of a kind is
`<templates>/<kind>/<kind>.docx`; its text source is `templates/<kind>/bron.txt`.

Everything else names a kind through the registry `KINDS`: `KINDS["jaarplanning"]`
fails at once (UnknownKind) for a name that is not here, so a typo in a step or a
command is an error where it is written, never a document silently left out.
This module imports nothing heavy: the CLI reads it to declare its options.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import IaoError

if TYPE_CHECKING:
    from generator.profile.model import Profiel


class UnknownKind(IaoError, KeyError):
    """A document kind that the registry does not know."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    phase: str
    filename: Callable[[Profiel], str]
    applies: Callable[[Profiel], bool] = lambda p: True
    amended: bool = False  # `iao amend` inserts its chapter into the academy's own regulation

    def template(self, folder: Path) -> Path:
        return folder / self.kind / f"{self.kind}.docx"


class Registry:
    """The document kinds in plan order; iterate over it, or look one up by name."""

    def __init__(self, kinds: Iterable[DocumentKind]):
        self._by_name: dict[str, DocumentKind] = {}
        for kind in kinds:
            if kind.kind in self._by_name:
                raise ValueError(f"document kind {kind.kind!r} declared twice")
            self._by_name[kind.kind] = kind

    def __getitem__(self, name: str) -> DocumentKind:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownKind(f"onbekende documentsoort '{name}' (gekend: {', '.join(self._by_name)}).") from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[DocumentKind]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def amended(self) -> list[DocumentKind]:
        """The kinds whose chapter `iao amend` inserts into an existing regulation."""
        return [k for k in self if k.amended]


def _named(stem: str) -> Callable[[Profiel], str]:
    return lambda p: f"{stem}-{p.schooljaar}.docx"


def _verwerkersovereenkomst(p: Profiel) -> str:
    soort = "addendum" if p.verwerker.bestaande_overeenkomst else "nieuw"
    return f"verwerkersovereenkomst-{soort}-{p.schooljaar}.docx"


KINDS = Registry(
    [
        DocumentKind("principebeslissing", "Nota principebeslissing college", "voorbereiding", _named("principebeslissing")),
        DocumentKind("personeelsoverleg", "Agenda en verslag personeelsoverleg", "voorbereiding", _named("personeelsoverleg")),
        DocumentKind("platformscreening", "AVG-screening van het platform", "voorbereiding", _named("platformscreening")),
        DocumentKind("beginanalyse-personeel", "Beginanalyse personeel", "voorbereiding", _named("beginanalyse-personeel")),
        DocumentKind("academiereglement", "Wijziging van het academiereglement", "besluitvorming", _named("academiereglement-wijziging"), amended=True),
        DocumentKind("arbeidsreglement", "Wijziging van het arbeidsreglement", "besluitvorming", _named("arbeidsreglement-wijziging"), amended=True),
        DocumentKind("verwerkersovereenkomst", "Verwerkersovereenkomst of addendum", "besluitvorming", _verwerkersovereenkomst),
        DocumentKind("gemeenteraadsbesluit", "Ontwerpbesluit gemeenteraad", "besluitvorming", _named("gemeenteraadsbesluit-ontwerp")),
        DocumentKind(
            "collegebesluit",
            "Ontwerpbesluit college van burgemeester en schepenen",
            "besluitvorming",
            _named("collegebesluit-ontwerp"),
            lambda p: p.college_beslist,
        ),
        DocumentKind(
            "besluit-algemeen-directeur",
            "Ontwerpbesluit algemeen directeur",
            "besluitvorming",
            _named("besluit-algemeen-directeur-ontwerp"),
            lambda p: p.schoolbestuur.verwerkersovereenkomst_gesloten_door == "algemeen_directeur",
        ),
        DocumentKind("onderhandeling", "Agendanota vakbondsonderhandeling", "besluitvorming", _named("onderhandeling")),
        DocumentKind("protocol", "Protocol van de vakbondsonderhandeling", "besluitvorming", _named("protocol-onderhandeling")),
        DocumentKind(
            "professionaliseringsplan",
            "Aangepast professionaliseringsplan",
            "besluitvorming",
            _named("professionaliseringsplan"),
            lambda p: p.personeel.professionalisering_nodig,
        ),
        DocumentKind("informatiebrief", "Informatiebrief voor leerlingen en ouders", "implementatie", _named("informatiebrief-leerlingen-ouders")),
        DocumentKind(
            "toestemming-opnames",
            "Toestemmingsformulier voor opnames van lessen",
            "implementatie",
            _named("toestemming-opnames"),
            lambda p: p.opnames_toegelaten,
        ),
        DocumentKind("jaarplanning", "Jaarplanning per IAO-vak", "implementatie", _named("jaarplanning")),
        DocumentKind("bevraging", "Bevraging beginsituatie leerlingen", "implementatie", _named("bevraging-beginsituatie-leerlingen")),
        DocumentKind(
            "vestigingsplaatsen", "Afspraken voor het volgen van IAO in een vestigingsplaats", "implementatie", _named("vestigingsplaatsen-afspraken")
        ),
        DocumentKind("afsprakennota", "Afsprakennota voor leerlingen en leerkrachten", "implementatie", _named("afsprakennota-iao")),
        DocumentKind("stappenplan", "Stappenplan met data", "overzicht", _named("stappenplan")),
    ]
)


def kinds_for(profiel: Profiel) -> list[DocumentKind]:
    return [k for k in KINDS if k.applies(profiel)]
