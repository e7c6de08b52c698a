"""The document kinds of the dossier: which template, which file name, when.

One entry per kind, in the order of the step plan. The template of a kind is
`<templates>/<kind>/<kind>.docx`; its text source is `templates/<kind>/bron.txt`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .profile import Profiel


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    phase: str
    filename: Callable[[Profiel], str]
    applies: Callable[[Profiel], bool] = lambda p: True

    def template(self, folder: Path) -> Path:
        return folder / self.kind / f"{self.kind}.docx"


def _named(stem: str) -> Callable[[Profiel], str]:
    return lambda p: f"{stem}-{p.schooljaar}.docx"


def _verwerkersovereenkomst(p: Profiel) -> str:
    soort = "addendum" if p.verwerker.bestaande_overeenkomst else "nieuw"
    return f"verwerkersovereenkomst-{soort}-{p.schooljaar}.docx"


KINDS: list[DocumentKind] = [
    DocumentKind("principebeslissing", "Nota principebeslissing college", "voorbereiding",
                 _named("principebeslissing")),
    DocumentKind("personeelsoverleg", "Agenda en verslag personeelsoverleg", "voorbereiding",
                 _named("personeelsoverleg")),
    DocumentKind("platformscreening", "AVG-screening van het platform", "voorbereiding",
                 _named("platformscreening")),
    DocumentKind("beginanalyse-personeel", "Beginanalyse personeel", "voorbereiding",
                 _named("beginanalyse-personeel")),
    DocumentKind("academiereglement", "Wijziging van het academiereglement", "besluitvorming",
                 _named("academiereglement-wijziging")),
    DocumentKind("arbeidsreglement", "Wijziging van het arbeidsreglement", "besluitvorming",
                 _named("arbeidsreglement-wijziging")),
    DocumentKind("verwerkersovereenkomst", "Verwerkersovereenkomst of addendum (art. 28 AVG)", "besluitvorming",
                 _verwerkersovereenkomst),
    DocumentKind("gemeenteraadsbesluit", "Ontwerpbesluit gemeenteraad", "besluitvorming",
                 _named("gemeenteraadsbesluit-ontwerp")),
    DocumentKind("collegebesluit", "Ontwerpbesluit college van burgemeester en schepenen", "besluitvorming",
                 _named("collegebesluit-ontwerp"),
                 lambda p: p.college_beslist),
    DocumentKind("onderhandeling", "Agendanota en ontwerpprotocol vakbondsonderhandeling", "besluitvorming",
                 _named("onderhandeling")),
    DocumentKind("informatiebrief", "Informatiebrief voor leerlingen en ouders", "implementatie",
                 _named("informatiebrief-leerlingen-ouders")),
    DocumentKind("jaarplanning", "Jaarplanning per IAO-vak", "implementatie", _named("jaarplanning")),
    DocumentKind("bevraging", "Bevraging beginsituatie leerlingen", "implementatie",
                 _named("bevraging-beginsituatie-leerlingen")),
    DocumentKind("vestigingsplaatsen", "Afspraken IAO volgen in een vestigingsplaats", "implementatie",
                 _named("vestigingsplaatsen-afspraken")),
    DocumentKind("afsprakennota", "Afsprakennota voor leerlingen en leerkrachten", "implementatie",
                 _named("afsprakennota-iao")),
    DocumentKind("stappenplan", "Stappenplan met data", "overzicht", _named("stappenplan")),
]


def kinds_for(profiel: Profiel) -> list[DocumentKind]:
    return [k for k in KINDS if k.applies(profiel)]
