"""The step plan: every step of the three phases, with who, when and which document.

The steps follow the structure of the step plan for interactive distance education
(voorbereiding 1-5, besluitvorming 1-4, implementatie 1-6), in our own words. Each
step is dated from the profile's planning:

- fixed dates come straight from the profile (vakbondsonderhandeling, gemeenteraad,
  start van de inschrijvingen, eerste lesdag) or from the school year (31 augustus);
- preparation steps get a suggested deadline ("uiterlijk") a number of weeks before
  the union negotiation, which needs their outcome.

Besluitvorming step 2 (arbeidsreglement) has five dated moments: sending the draft texts to
the unions (2a), the negotiation (2b), the adoption (2c), informing every staff member before
the entry into force on 1 September (2d) and, after it, sending a copy to the labour
inspectorate (2e). The staff must know the amended rules before they apply; the copy to the
inspectorate is a separate duty with its own term. A step that does not apply to the profile
stays in the plan, marked "niet van toepassing".

`iao plan` only needs this module, stappenplan.py and the profile: no python-docx, lxml, Babel or Jinja,
so dates are written out here with a month table instead of filters.datum.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.dossier.documents import KINDS, DocumentKind
from generator.profile.model import Profiel

GEPLAND, VANDAAG, VERSTREKEN, GEEN_DATUM, NIET_NODIG = ("gepland", "vandaag", "verstreken", "geen datum", "niet van toepassing")

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")

# The labour inspectorate receives a copy of the amended arbeidsreglement within eight days
# after its entry into force (register: wet_arbeidsreglementen, afschrift_inspectie).
DAGEN_AFSCHRIFT_INSPECTIE = 8
# The draft texts go to the unions with the convocation; three weeks leave room for the
# minimum term of the convocation (register: kb_28_september_1984, oproeping).
WEKEN_TEKSTEN_VAKBONDEN = 3

ORGAAN = {
    "gemeenteraad": "gemeenteraad",
    "college": "college van burgemeester en schepenen",
    "algemeen_directeur": "algemeen directeur",
}


@dataclass(frozen=True)
class Stap:
    fase: str
    nummer: int
    deel: str  # "" or "a"/"b" when a step of the seed has two dated moments
    titel: str  # short: calendar summary, terminal
    wat: str  # what is to be done, in full
    wie: Callable[[Profiel], str]
    when: Callable[[Profiel], datetime.date | None]
    wanneer: Callable[[Profiel], str]  # how the date is derived, in words
    # True: a suggested deadline ("uiterlijk"), not a date of the profile or the school year
    voorgesteld: bool | Callable[[Profiel], bool]
    # document kinds for this step (see _docs), or a function of the profile
    documenten: tuple[DocumentKind, ...] | Callable[[Profiel], tuple[DocumentKind, ...]] = ()
    na: tuple[str, ...] = ()  # keys of steps that must come first
    nodig: Callable[[Profiel], bool] = field(default=lambda p: True)

    @property
    def nr(self) -> str:
        return f"{self.nummer}{self.deel}"

    @property
    def key(self) -> str:
        return f"{self.fase}-{self.nr}"

    def is_voorgesteld(self, profiel: Profiel) -> bool:
        return self.voorgesteld(profiel) if callable(self.voorgesteld) else self.voorgesteld

    def kinds(self, profiel: Profiel) -> tuple[DocumentKind, ...]:
        return self.documenten(profiel) if callable(self.documenten) else self.documenten

    def datum(self, profiel: Profiel) -> datetime.date | None:
        return self.when(profiel) if self.nodig(profiel) else None

    def status(self, profiel: Profiel, today: datetime.date) -> str:
        if not self.nodig(profiel):
            return NIET_NODIG
        date = self.when(profiel)
        if date is None:
            return GEEN_DATUM
        if date == today:
            return VANDAAG
        return VERSTREKEN if date < today else GEPLAND


def datum(date: datetime.date) -> str:
    """2027-03-22 -> '22 maart 2027' (the text filters.datum gives, without Babel)."""
    return f"{date.day} {MAANDEN[date.month - 1]} {date.year}"


# --- who -----------------------------------------------------------------------


def _met_naam(functie: str, naam: str | None) -> str:
    return f"{functie} ({naam})" if naam else functie


def _directeur(p: Profiel) -> str:
    return _met_naam("directeur", p.academie.directeur)


def _vast(text: str) -> Callable[[Profiel], str]:
    return lambda p: text


def _wie_verkenning(p: Profiel) -> str:
    return (
        f"{_directeur(p)} en {_met_naam('schepen van onderwijs', p.schoolbestuur.schepen_van_onderwijs)}; "
        "eventueel de algemeen directeur en het college (principebeslissing)"
    )


def _wie_arbeidsreglement(p: Profiel) -> str:
    return ORGAAN[p.schoolbestuur.arbeidsreglement_vastgesteld_door]


def _wie_bekendmaking(p: Profiel) -> str:
    return f"{ORGAAN['college']}, met de {_directeur(p)}"


def _dpo(p: Profiel) -> str:
    dpo = p.schoolbestuur.functionaris_gegevensbescherming
    return _met_naam("DPO", dpo.naam if dpo else None)


def _wie_overeenkomst(p: Profiel) -> str:
    return f"{ORGAAN[p.schoolbestuur.verwerkersovereenkomst_gesloten_door]}, na overleg met de {_dpo(p)}"


def _wie_platform(p: Profiel) -> str:
    return f"{_directeur(p)} met de {_dpo(p)}"


# --- when ----------------------------------------------------------------------


def _weken_voor_onderhandeling(weken: int):
    def when(p: Profiel) -> datetime.date | None:
        base = p.planning.onderhandelingscomite
        return base - datetime.timedelta(weeks=weken) if base else None

    return when


def _planning(veld: str):
    return lambda p: getattr(p.planning, veld)


def _eind_augustus(p: Profiel) -> datetime.date:
    return datetime.date(p.startjaar, 8, 31)


def personeel_informeren(p: Profiel) -> datetime.date:
    """Last day to give every staff member the amended arbeidsreglement: before the summer
    holiday (30 June), while the teachers are at work; an adoption in the summer leaves
    31 August, the day before the entry into force."""
    voor_zomer = datetime.date(p.startjaar, 6, 30)
    vaststelling = p.planning.gemeenteraad
    return voor_zomer if vaststelling is None or vaststelling < voor_zomer else _eind_augustus(p)


def _wanneer_informeren(p: Profiel) -> str:
    if personeel_informeren(p).month == 6:
        return f"vóór de zomervakantie, en in elk geval vóór de inwerkingtreding op {datum(p.schooljaar_start)}"
    return f"vóór de inwerkingtreding op {datum(p.schooljaar_start)}"


def afschrift_inspectie(p: Profiel) -> datetime.date:
    """Last day to send the amended arbeidsreglement to the labour inspectorate."""
    return p.schooljaar_start + datetime.timedelta(days=DAGEN_AFSCHRIFT_INSPECTIE)


def _overeenkomst(p: Profiel) -> datetime.date | None:
    raad = p.planning.gemeenteraad
    if raad is None or p.schoolbestuur.verwerkersovereenkomst_gesloten_door == "gemeenteraad":
        return raad
    return raad - datetime.timedelta(weeks=1)


def _wanneer_overeenkomst(p: Profiel) -> str:
    if p.schoolbestuur.verwerkersovereenkomst_gesloten_door == "gemeenteraad":
        return "zitting van de gemeenteraad"
    return "een week vóór de gemeenteraad"


# --- which documents ---------------------------------------------------------------


def _docs(*names: str) -> tuple[DocumentKind, ...]:
    """The kinds by name, looked up when the step is defined: an unknown name
    (UnknownKind) stops the import instead of leaving a document out."""
    return tuple(KINDS[name] for name in names)


_COLLEGEBESLUIT, _GEMEENTERAADSBESLUIT = _docs("collegebesluit", "gemeenteraadsbesluit")
_ARBEIDSREGLEMENT, _VERWERKERSOVEREENKOMST = _docs("arbeidsreglement", "verwerkersovereenkomst")
_ONDERHANDELING, _PROFESSIONALISERINGSPLAN = _docs("onderhandeling", "professionaliseringsplan")
(_BESLUIT_ALGEMEEN_DIRECTEUR,) = _docs("besluit-algemeen-directeur")


def _besluit(orgaan: str) -> DocumentKind:
    return {"college": _COLLEGEBESLUIT, "algemeen_directeur": _BESLUIT_ALGEMEEN_DIRECTEUR}.get(orgaan, _GEMEENTERAADSBESLUIT)


def _docs_arbeidsreglement(p: Profiel) -> tuple[DocumentKind, ...]:
    return (_ARBEIDSREGLEMENT, _besluit(p.schoolbestuur.arbeidsreglement_vastgesteld_door))


def _docs_professionalisering(p: Profiel) -> tuple[DocumentKind, ...]:
    return (_PROFESSIONALISERINGSPLAN, _ONDERHANDELING, _besluit(p.schoolbestuur.arbeidsreglement_vastgesteld_door))


def _docs_overeenkomst(p: Profiel) -> tuple[DocumentKind, ...]:
    return (_VERWERKERSOVEREENKOMST, _besluit(p.schoolbestuur.verwerkersovereenkomst_gesloten_door))


def _college_stelt_vast(p: Profiel) -> bool:
    return p.schoolbestuur.arbeidsreglement_vastgesteld_door == "college"


def _vaststelling_arbeidsreglement(p: Profiel) -> datetime.date | None:
    """The council's session; the college adopts in a session of its own, proposed a week
    before the council (as it prepares the council's decision in the same weeks)."""
    raad = p.planning.gemeenteraad
    if raad is None or not _college_stelt_vast(p):
        return raad
    return raad - datetime.timedelta(weeks=1)


def _wanneer_arbeidsreglement(p: Profiel) -> str:
    if _college_stelt_vast(p):
        return "zitting van het college, een week vóór de gemeenteraad"
    return "zitting van de gemeenteraad"


STAPPEN: list[Stap] = [
    # 1. Voorbereiding: suggested deadlines before the union negotiation.
    Stap(
        "voorbereiding",
        1,
        "",
        "Verkennend gesprek met het schoolbestuur",
        "Verkennend gesprek met het schoolbestuur: is er draagvlak om IAO te onderzoeken, en wordt het personeel ingezet vanuit de academie of van thuis uit?",
        _wie_verkenning,
        _weken_voor_onderhandeling(16),
        _vast("16 weken vóór de vakbondsonderhandeling"),
        True,
        _docs("principebeslissing"),
    ),
    Stap(
        "voorbereiding",
        2,
        "",
        "Overleg met het lerarenteam",
        "Overleg met het lerarenteam: welke opleidingen en vakken, welk aandeel IAO, remediëring bij gewettigde afwezigheid, evaluatie van de IAO-leerinhouden",
        lambda p: f"{_directeur(p)} met het lerarenteam",
        _weken_voor_onderhandeling(12),
        _vast("12 weken vóór de vakbondsonderhandeling"),
        True,
        _docs("personeelsoverleg"),
        na=("voorbereiding-1",),
    ),
    Stap(
        "voorbereiding",
        3,
        "",
        "Platform en AVG nagaan met de DPO",
        "Platform kiezen en nagaan welke stappen de AVG nog vraagt",
        _wie_platform,
        _weken_voor_onderhandeling(10),
        _vast("10 weken vóór de vakbondsonderhandeling"),
        True,
        _docs("platformscreening"),
        na=("voorbereiding-1",),
    ),
    Stap(
        "voorbereiding",
        4,
        "",
        "Vestigingsplaatsen voor IAO bepalen",
        "Bepalen in welke vestigingsplaatsen leerlingen het IAO kunnen volgen: lokaal, uitrusting, internetverbinding en toezicht",
        _directeur,
        _weken_voor_onderhandeling(8),
        _vast("8 weken vóór de vakbondsonderhandeling"),
        True,
        (),
        na=("voorbereiding-2",),
    ),
    Stap(
        "voorbereiding",
        5,
        "",
        "Beginanalyse personeel en professionalisering",
        "Beginanalyse bij het personeel: zijn de nodige kennis en vaardigheden er, is professionalisering nodig?",
        lambda p: f"{_directeur(p)} met de betrokken leerkrachten",
        _weken_voor_onderhandeling(8),
        _vast("8 weken vóór de vakbondsonderhandeling"),
        True,
        _docs("beginanalyse-personeel"),
        na=("voorbereiding-2",),
    ),
    # 2. Besluitvorming: the dates of the profile.
    Stap(
        "besluitvorming",
        1,
        "",
        "Wijziging academiereglement vaststellen",
        "Wijziging van het academiereglement vaststellen: IAO-vakken en aandeel, evaluatie, volgen in een vestigingsplaats, regels over opnemen en verspreiden",
        _vast("gemeenteraad, op voorstel van het college van burgemeester en schepenen"),
        _planning("gemeenteraad"),
        _vast("zitting van de gemeenteraad"),
        False,
        _docs("academiereglement", "gemeenteraadsbesluit"),
        na=("voorbereiding-2", "voorbereiding-3", "voorbereiding-4"),
    ),
    Stap(
        "besluitvorming",
        2,
        "a",
        "Ontwerpteksten aan de vakbonden bezorgen",
        "De agendanota en de ontwerpteksten (wijziging van het arbeidsreglement"
        " en, waar nodig, het aangepaste professionaliseringsplan) met de oproeping aan de representatieve vakorganisaties bezorgen",
        _vast("voorzitter en secretaris van het onderhandelingscomité, met de directeur"),
        _weken_voor_onderhandeling(WEKEN_TEKSTEN_VAKBONDEN),
        _vast(f"{WEKEN_TEKSTEN_VAKBONDEN} weken vóór de vakbondsonderhandeling"),
        True,
        _docs("onderhandeling", "arbeidsreglement"),
        na=("voorbereiding-1", "voorbereiding-2", "voorbereiding-3", "voorbereiding-4", "voorbereiding-5"),
    ),
    Stap(
        "besluitvorming",
        2,
        "b",
        "Vakbondsonderhandeling arbeidsreglement",
        "Vakbondsonderhandeling over de wijziging van het arbeidsreglement: inzet van het personeel en regels over opnemen en verspreiden",
        _vast("onderhandelingscomité (vakbonden en schoolbestuur)"),
        _planning("onderhandelingscomite"),
        _vast("vergadering van het onderhandelingscomité"),
        False,
        _docs("onderhandeling", "protocol", "arbeidsreglement"),
        na=("besluitvorming-2a",),
    ),
    Stap(
        "besluitvorming",
        2,
        "c",
        "Wijziging arbeidsreglement vaststellen",
        "Wijziging van het arbeidsreglement vaststellen",
        _wie_arbeidsreglement,
        _vaststelling_arbeidsreglement,
        _wanneer_arbeidsreglement,
        _college_stelt_vast,
        _docs_arbeidsreglement,
        na=("besluitvorming-2b",),
    ),
    Stap(
        "besluitvorming",
        2,
        "d",
        "Personeel informeren over het gewijzigde arbeidsreglement",
        "Elk personeelslid een exemplaar van de wijziging van het arbeidsreglement bezorgen en op elke plaats van "
        "tewerkstelling bekendmaken waar het arbeidsreglement ter inzage ligt",
        _wie_bekendmaking,
        personeel_informeren,
        _wanneer_informeren,
        True,
        _docs_arbeidsreglement,
        na=("besluitvorming-2c",),
    ),
    Stap(
        "besluitvorming",
        2,
        "e",
        "Afschrift van het arbeidsreglement aan de inspectie",
        "Binnen acht dagen na de inwerkingtreding een afschrift van de wijziging van het arbeidsreglement bezorgen "
        "aan de inspectie Toezicht op de Sociale Wetten",
        _wie_bekendmaking,
        afschrift_inspectie,
        lambda p: f"binnen acht dagen na de inwerkingtreding op {datum(p.schooljaar_start)}",
        False,
        _docs_arbeidsreglement,
        na=("besluitvorming-2d",),
    ),
    Stap(
        "besluitvorming",
        3,
        "",
        "Verwerkersovereenkomst goedkeuren en sluiten",
        "De verwerkersovereenkomst of het addendum goedkeuren; het schoolbestuur sluit ze en laat ze ondertekenen volgens de lokale bevoegdheidsregeling",
        _wie_overeenkomst,
        _overeenkomst,
        _wanneer_overeenkomst,
        lambda p: p.schoolbestuur.verwerkersovereenkomst_gesloten_door != "gemeenteraad",
        _docs_overeenkomst,
        na=("voorbereiding-3",),
    ),
    Stap(
        "besluitvorming",
        4,
        "",
        "Aangepast professionaliseringsplan vaststellen",
        "Aangepast professionaliseringsplan vaststellen na de onderhandeling, samen met het arbeidsreglement",
        lambda p: f"onderhandelingscomité, daarna {_wie_arbeidsreglement(p)}",
        _vaststelling_arbeidsreglement,
        _wanneer_arbeidsreglement,
        _college_stelt_vast,
        _docs_professionalisering,
        na=("voorbereiding-5", "besluitvorming-2b"),
        nodig=lambda p: p.personeel.professionalisering_nodig,
    ),
    # 3. Implementatie.
    Stap(
        "implementatie",
        1,
        "",
        "Leerlingen en ouders informeren bij de inschrijving",
        "Leerlingen en ouders bij de inschrijving informeren over het IAO",
        lambda p: f"{_directeur(p)} en het secretariaat",
        _planning("start_inschrijvingen"),
        _vast("start van de inschrijvingen"),
        False,
        _docs("informatiebrief", "toestemming-opnames"),
        na=("besluitvorming-1", "besluitvorming-3"),
    ),
    Stap(
        "implementatie",
        2,
        "",
        "Jaarplanning per IAO-vak klaar",
        "Jaarplanning per IAO-vak opmaken: welke lessen contactonderwijs en welke IAO, in evenwicht en op basis van het APP",
        lambda p: f"betrokken leerkrachten met de {_directeur(p)}",
        _eind_augustus,
        _vast("vóór 1 september"),
        False,
        _docs("jaarplanning"),
        na=("besluitvorming-1",),
    ),
    Stap(
        "implementatie",
        3,
        "",
        "Jaarplanning aan de leerlingen bezorgen",
        "Jaarplanning aan de leerlingen van de IAO-vakken bezorgen",
        _vast("betrokken leerkrachten"),
        _planning("eerste_lesdag"),
        _vast("eerste lesdag"),
        False,
        _docs("jaarplanning"),
        na=("implementatie-2",),
    ),
    Stap(
        "implementatie",
        4,
        "",
        "Beginsituatie van de leerlingen bevragen",
        "Beginsituatie van de leerlingen bevragen: materiaal, kennis en vaardigheden; zo nodig een korte opleiding voorzien",
        lambda p: f"{_directeur(p)} en de leerkrachten",
        _planning("eerste_lesdag"),
        _vast("eerste lesweek van het schooljaar"),
        False,
        _docs("bevraging"),
        na=("implementatie-1",),
    ),
    Stap(
        "implementatie",
        5,
        "",
        "IAO in een vestigingsplaats organiseren",
        "Het volgen van IAO in een vestigingsplaats regelen: lokaal, uitrusting, toezicht en afspraken met leerlingen en toezichter",
        _directeur,
        _planning("eerste_lesdag"),
        _vast("vóór de eerste IAO-les"),
        False,
        _docs("vestigingsplaatsen"),
        na=("voorbereiding-4", "besluitvorming-1"),
    ),
    Stap(
        "implementatie",
        6,
        "",
        "Leerlingen en leerkrachten sensibiliseren",
        "Leerlingen en leerkrachten bewust maken van veiligheid, AVG, achtergrond vervagen, auteursrecht, portretrecht en de regels over opnemen",
        lambda p: f"{_directeur(p)} en de betrokken leerkrachten",
        _planning("eerste_lesdag"),
        _vast("vóór de eerste IAO-les"),
        False,
        _docs("afsprakennota"),
        na=("besluitvorming-1",),
    ),
]

BY_KEY = {s.key: s for s in STAPPEN}


def fase_nr(stap: Stap) -> str:
    return f"{stap.fase} {stap.nr}"
