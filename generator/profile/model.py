"""The academy profile: a typed model of the YAML file the secretariat fills in.

Field names are exactly those of the reference profile (inputs/voorbeeld.yaml).
The model checks shape and vocabulary; the rules of the step plan (which
structuuronderdelen, shares below 100 %, order of dates, ...) live in rules.py so
that each can be reported with its own id and source.
"""

from __future__ import annotations

import datetime
import difflib
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.errors import Problem, ProfileError
from generator.profile import yamlsource

# Characters that XML 1.0 cannot hold: a value with one would make a broken .docx.
XML_ILLEGAL = yamlsource.XML_ILLEGAL
MAX_TEXT = 2_000  # characters in one value: a name is far shorter, a condition a paragraph
# The years a profile can speak of: beyond these a date is a typing error (0000, 9999).
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _xml_safe(value: str) -> str:
    reason = yamlsource.unwritable(value)
    if reason:
        raise ValueError(reason)
    if len(value) > MAX_TEXT:
        raise ValueError(f"is te lang ({len(value)} tekens); hooguit {MAX_TEXT} tekens")
    return value.strip()


def _plausible_year(value: Any) -> Any:
    if isinstance(value, datetime.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"{value.isoformat()} ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}; controleer het jaar")
    return value


def _plausible_school_year(value: str) -> str:
    if not FIRST_YEAR <= int(value[:4]) < LAST_YEAR:
        raise ValueError(f"'{value}': het schooljaar ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}; controleer het jaar")
    return value


Text = Annotated[str, AfterValidator(_xml_safe)]


def _items_given(items: list[str]) -> list[str]:
    if any(not item for item in items):
        raise ValueError("een punt van de opsomming is leeg; laat die regel weg of vul hem aan")
    return items


# A free answer that a document quotes as law: one text (a sentence or a few), or a list of
# items that the documents number 1°, 2°, ... after a sentence ending in a colon.
VrijeTekst = Text | Annotated[list[Text], AfterValidator(_items_given)]


def _usable_logo(value: str, info: ValidationInfo) -> str:
    # A path relative to the profile file (the folder load_profile passes), else
    # to the current folder (iao init, profiles built in memory).
    from generator.word.logo import logo_problem

    folder = (info.context or {}).get("map", Path("."))
    if folder is None:  # not opened here: `iao web` checks an uploaded logo itself
        return value
    problem = logo_problem(value, folder)
    if problem:
        raise ValueError(problem)
    return value


Logopad = Annotated[Text, AfterValidator(_usable_logo)]


def _dutch_bool(value):
    # Secretariats write "ja"/"nee"; YAML itself only knows true/false (and yes/no).
    if isinstance(value, str) and value.strip().lower() in ("ja", "nee"):
        return value.strip().lower() == "ja"
    return value


Bool = Annotated[bool, BeforeValidator(_dutch_bool)]

Domein = Literal["muziek", "woordkunst-drama", "dans", "beeldende en audiovisuele kunsten"]
Structuuronderdeel = Literal[
    "1ste graad",
    "2de graad jongeren",
    "2de graad volwassenen",
    "3de graad",
    "4de graad",
    "specialisatiegraad",
    "kortlopende studierichting",
]
Opnameregel = Literal["verboden", "enkel_met_toestemming"]
Soort = Literal["gemeente", "stad"]
Inzet = Literal["academie", "thuis", "academie_of_thuis"]
Opslaglocatie = Literal["EER", "buiten_EER"]
Mechanisme = Literal["adequaatheidsbesluit", "standaardcontractbepalingen"]
VastgesteldDoor = Literal["gemeenteraad", "college"]
GeslotenDoor = Literal["gemeenteraad", "college", "algemeen_directeur"]

# The deciding bodies, written out in full as the documents name them.
ORGANEN = {
    "gemeenteraad": "de gemeenteraad",
    "college": "het college van burgemeester en schepenen",
    "algemeen_directeur": "de algemeen directeur",
}

Instellingsnummer = Annotated[Text, Field(pattern=r"^\d{6}$")]
Email = Annotated[Text, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Schooljaartekst = Annotated[Text, Field(pattern=r"^\d{4}-\d{4}$"), AfterValidator(_plausible_school_year)]


# --- The school year -----------------------------------------------------------


def schooljaar_start(startjaar: int) -> datetime.date:
    """A Flemish school year runs from 1 September ..."""
    return datetime.date(startjaar, 9, 1)


def schooljaar_einde(startjaar: int) -> datetime.date:
    """... through 31 August of the next calendar year."""
    return datetime.date(startjaar + 1, 8, 31)


# --- The declaration of a field -------------------------------------------------

Answers = dict[str, Any]


@dataclass(frozen=True)
class Veld:
    """Everything about a profile field besides its type, declared once beside it.

    From this come the interview of `iao init` (question, explanation, default,
    condition, choices, repeated groups), the comments in the YAML it writes, the
    descriptions in `iao schema` and the profile table in the README.

    beschrijving: what the field means (YAML comment, schema description, README).
    vraag: the question in `iao init`; for a group its heading, for a list the name
        of one item ("Vak" -> "Vak 1"). None: a group without heading.
    uitleg: a sentence shown before the question or group.
    standaard: the proposed answer when the model has no default of its own; a
        function (answers, path) -> value computes it from the answers so far.
    als: function (answers) -> bool: the field is asked and written only when true.
    keuzes: Dutch labels of the allowed values.
    eerst: for a list, the yes/no question before its first item (default no);
        without it the list gets at least one item.
    nog_een: for a list, the yes/no question after each item.
    """

    beschrijving: str
    vraag: str | None = None
    uitleg: str | None = None
    standaard: Any = None
    als: Callable[[Answers], bool] | None = None
    keuzes: dict[str, str] | None = None
    eerst: str | None = None
    nog_een: str | None = None

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema["description"] = self.beschrijving
        return schema


def _next_schooljaar(answers: Answers, path: tuple) -> str:
    year = datetime.date.today().year + 1
    return f"{year}-{year + 1}"


def _bestuur_naam(answers: Answers, path: tuple) -> str | None:
    """'Gemeente Voorbeeldstad' from an address like 'Kunstlaan 12, 9999 Voorbeeldstad'."""
    match = re.search(r"\b\d{4}\s+(.+)$", answers["academie"].get("adres") or "")
    soort = answers["schoolbestuur"]["soort"]
    return f"{soort.capitalize()} {match[1].strip()}" if match else None


def _first_site(value: Callable[[Answers], Any]) -> Callable[[Answers, tuple], Any]:
    """A default for the first vestigingsplaats only (the main building)."""
    return lambda answers, path: value(answers) if path[-2] == 0 else None


def _first_school_day(answers: Answers, path: tuple) -> datetime.date | None:
    start = schooljaar_start(int(answers["schooljaar"][:4]))
    inschrijvingen = answers["planning"].get("start_inschrijvingen")
    return start if inschrijvingen is None or start > inschrijvingen else None


def _organen(*keys: str) -> dict[str, str]:
    return {key: ORGANEN[key] for key in keys}


_OPNAMEREGELS = {"verboden": "verboden", "enkel_met_toestemming": "enkel met toestemming van de directeur en alle deelnemers"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    @field_validator("*")
    @classmethod
    def _bounded_dates(cls, value: Any) -> Any:
        # Every date field, without a type of its own: date arithmetic past year 9999 fails.
        return _plausible_year(value)


class Academie(_Model):
    naam: Annotated[Text, Veld("naam van de academie", "Naam van de academie")]
    instellingsnummer: Annotated[Instellingsnummer | None, Veld("instellingsnummer: zes cijfers", "Instellingsnummer (zes cijfers)")] = None
    adres: Annotated[
        Text | None, Veld("adres van de academie: straat en nummer, postcode gemeente", "Adres van de academie (straat en nummer, postcode gemeente)")
    ] = None
    directeur: Annotated[Text | None, Veld("naam van de directeur", "Naam van de directeur")] = None
    email: Annotated[Email | None, Veld("e-mailadres van de academie", "E-mailadres van de academie")] = None
    website: Annotated[Text | None, Veld("website van de academie", "Website van de academie")] = None


class Functionaris(_Model):
    naam: Annotated[Text | None, Veld("naam van de DPO", "Naam van de functionaris voor gegevensbescherming (DPO)")] = None
    email: Annotated[Email | None, Veld("e-mailadres van de DPO", "E-mailadres van de DPO")] = None


class Schoolbestuur(_Model):
    soort: Annotated[Soort, Veld("hoe het schoolbestuur zichzelf noemt", "Is het schoolbestuur een gemeente of een stad?", standaard="gemeente")]
    naam: Annotated[Text, Veld("naam van het schoolbestuur", "Naam van het schoolbestuur", standaard=_bestuur_naam)]
    adres: Annotated[Text | None, Veld("adres van het gemeente- of stadhuis", "Adres van het gemeente- of stadhuis")] = None
    ondernemingsnummer: Annotated[Text | None, Veld("ondernemingsnummer van het schoolbestuur", "Ondernemingsnummer van het schoolbestuur")] = None
    burgemeester: Annotated[Text | None, Veld("naam van de burgemeester", "Naam van de burgemeester")] = None
    schepen_van_onderwijs: Annotated[Text | None, Veld("naam van de schepen van onderwijs", "Naam van de schepen van onderwijs")] = None
    voorzitter_gemeenteraad: Annotated[Text | None, Veld("naam van de voorzitter van de gemeenteraad", "Naam van de voorzitter van de gemeenteraad")] = None
    algemeen_directeur: Annotated[Text | None, Veld("naam van de algemeen directeur", "Naam van de algemeen directeur")] = None
    arbeidsreglement_vastgesteld_door: Annotated[
        VastgesteldDoor,
        Veld(
            "wie de wijziging van het arbeidsreglement vaststelt: de gemeenteraad, of het college als de raad dat gedelegeerd heeft",
            "Wie stelt de wijziging van het arbeidsreglement vast?",
            keuzes=_organen("gemeenteraad", "college"),
        ),
    ] = "gemeenteraad"
    verwerkersovereenkomst_gesloten_door: Annotated[
        GeslotenDoor,
        Veld(
            "wie de verwerkersovereenkomst sluit volgens de lokale bevoegdheidsregeling",
            "Wie sluit de verwerkersovereenkomst af volgens de lokale bevoegdheidsregeling?",
            keuzes=ORGANEN,
        ),
    ] = "college"
    functionaris_gegevensbescherming: Annotated[
        Functionaris | None,
        Veld(
            "de functionaris voor gegevensbescherming (DPO), verplicht voor een overheid (AVG art. 37)",
            uitleg="Een overheid moet een functionaris voor gegevensbescherming (DPO) hebben (AVG art. 37).",
        ),
    ] = None
    logo: Annotated[
        Logopad | None,
        Veld(
            "logo voor de eerste bladzijde van brieven en besluiten: een PNG- of JPEG-bestand (hooguit 2 MB en 4000 x 4000 pixels), "
            "het pad ten opzichte van dit profiel",
            "Pad naar het logo van het schoolbestuur (PNG of JPEG), ten opzichte van het profiel",
        ),
    ] = None


class Reglement(_Model):
    laatst_vastgesteld_op: Annotated[datetime.date | None, Veld("datum van de laatste vaststelling", "Wanneer werd het laatst vastgesteld? (JJJJ-MM-DD)")] = (
        None
    )
    # Where the new chapter goes in the academy's own regulation (iao amend).
    nieuw_hoofdstuk: Annotated[
        Text | None,
        Veld(
            "nummer van het nieuwe IAO-hoofdstuk in het eigen reglement, bv. 7bis (leeg: iao amend kiest)",
            "Nummer van het nieuwe IAO-hoofdstuk in het eigen reglement (bv. 7bis)",
        ),
    ] = None
    invoegen_na_hoofdstuk: Annotated[
        Text | None,
        Veld(
            "nummer van het hoofdstuk waarna het IAO-hoofdstuk komt, bv. 7 (leeg: vóór de slotbepalingen)",
            "Na welk hoofdstuk komt het IAO-hoofdstuk? (nummer, bv. 7)",
        ),
    ] = None


class Reglementen(_Model):
    academiereglement: Annotated[Reglement, Veld("het academiereglement, laatst vastgesteld door de gemeenteraad", "Academiereglement")] = Reglement()
    arbeidsreglement: Annotated[Reglement, Veld("het arbeidsreglement van het personeel", "Arbeidsreglement")] = Reglement()


# The regulations the IAO chapter is added to, one field each in Reglementen.
REGLEMENTEN = tuple(Reglementen.model_fields)


class Vak(_Model):
    vak: Annotated[Text, Veld("naam van het vak", "Naam van het vak")]
    domein: Annotated[Domein, Veld("domein", "Domein", standaard="muziek")]
    structuuronderdeel: Annotated[Structuuronderdeel, Veld("structuuronderdeel", "Structuuronderdeel")]
    aandeel_procent: Annotated[
        float, Veld("deel van de lestijden op jaarbasis als IAO, in procent (nooit 100)", "Welk deel van de lestijden op jaarbasis wordt IAO (in procent)?")
    ]
    geevalueerd: Annotated[
        Bool | None,
        Veld("of de leerinhouden die via IAO aangeboden worden geëvalueerd worden", "Worden de leerinhouden die via IAO aangeboden worden geëvalueerd?"),
    ] = None


class Remediering(_Model):
    toegestaan: Annotated[Bool, Veld("of IAO mag voor remediëring", "Mag IAO gebruikt worden voor remediëring?")] = False
    voorwaarden: Annotated[
        VrijeTekst | None,
        Veld("voorwaarden voor remediëring via IAO", "Onder welke voorwaarden?", als=lambda a: a["afstandsonderwijs"]["remediering"]["toegestaan"]),
    ] = None


class Vestigingsplaats(_Model):
    naam: Annotated[Text, Veld("naam van de vestigingsplaats", "Naam", standaard=_first_site(lambda a: "Hoofdvestiging"))]
    adres: Annotated[Text | None, Veld("adres van de vestigingsplaats", "Adres", standaard=_first_site(lambda a: a["academie"].get("adres")))] = None
    lokaal: Annotated[Text | None, Veld("lokaal waar de leerlingen het IAO volgen", "In welk lokaal volgen de leerlingen het IAO?")] = None
    infrastructuur: Annotated[list[Text], Veld("hardware en verbinding die er ter beschikking staan", "Infrastructuur, onderdeel")] = []
    toezicht: Annotated[Text | None, Veld("wie er toezicht houdt", "Wie houdt er toezicht?")] = None


class Afstandsonderwijs(_Model):
    platform: Annotated[
        Text | None, Veld("digitaal platform waarop synchroon les wordt gegeven", "Op welk digitaal platform wordt synchroon lesgegeven? (bv. Microsoft Teams)")
    ] = None
    vakken: Annotated[
        list[Vak],
        Veld(
            "de vakken met IAO: per vak het structuuronderdeel, het deel van de lestijden op jaarbasis als IAO en of die leerinhouden geëvalueerd worden",
            "Vak",
            uitleg="Geef de vakken met IAO, één per keer.",
            nog_een="Nog een vak toevoegen?",
        ),
    ] = []
    remediering: Annotated[
        Remediering,
        Veld(
            "IAO voor remediërende leeractiviteiten voor een individuele leerling die om een gewettigde reden afwezig is",
            uitleg="IAO kan ook dienen voor remediëring van een leerling die om een gewettigde reden afwezig is.",
        ),
    ] = Remediering()
    vestigingsplaatsen: Annotated[
        list[Vestigingsplaats],
        Veld(
            "waar leerlingen het IAO in een vestigingsplaats van de academie kunnen volgen",
            "Vestigingsplaats",
            uitleg="Leerlingen moeten het IAO ook in een vestigingsplaats van de academie kunnen volgen.",
            nog_een="Nog een vestigingsplaats toevoegen?",
        ),
    ] = []


class Personeel(_Model):
    inzet: Annotated[
        Inzet | None,
        Veld(
            "van waar de leerkrachten het IAO geven",
            "Van waar geven de leerkrachten het IAO?",
            standaard="academie",
            keuzes={"academie": "vanop de academie", "thuis": "van thuis uit", "academie_of_thuis": "vanop de academie of van thuis uit"},
        ),
    ] = None
    voorwaarden_thuiswerk: Annotated[
        VrijeTekst | None,
        Veld(
            "voorwaarden om van thuis uit les te geven",
            "Onder welke voorwaarden mogen leerkrachten van thuis uit lesgeven?",
            als=lambda a: a["personeel"]["inzet"] != "academie",
        ),
    ] = None
    professionalisering_nodig: Annotated[
        Bool, Veld("of nascholing van de leerkrachten nodig is", "Is professionalisering (nascholing) van de leerkrachten nodig?")
    ] = False
    professionalisering: Annotated[
        VrijeTekst | None,
        Veld(
            "de geplande professionalisering: wat en wanneer",
            "Beschrijf de geplande professionalisering (wat en wanneer)",
            als=lambda a: a["personeel"]["professionalisering_nodig"],
        ),
    ] = None


def _may_record(answers: Answers) -> bool:
    return "enkel_met_toestemming" in (answers["opnames"]["leerlingen"], answers["opnames"]["leerkrachten"])


class Opnames(_Model):
    leerlingen: Annotated[
        Opnameregel | None, Veld("of leerlingen de lessen mogen opnemen", "Mogen leerlingen de lessen opnemen?", standaard="verboden", keuzes=_OPNAMEREGELS)
    ] = None
    leerkrachten: Annotated[
        Opnameregel | None, Veld("of leerkrachten de lessen mogen opnemen", "Mogen leerkrachten de lessen opnemen?", standaard="verboden", keuzes=_OPNAMEREGELS)
    ] = None
    bewaartermijn_dagen: Annotated[
        Annotated[int, Field(ge=0, le=3650)] | None,
        Veld(
            "aantal dagen dat opnames met toestemming bewaard worden",
            "Hoeveel dagen mogen opnames met toestemming bewaard worden?",
            standaard=30,
            als=_may_record,
        ),
    ] = None
    verspreiden: Annotated[
        Opnameregel | None,
        Veld(
            "of opnames of beelden van de lessen verspreid mogen worden",
            "Mogen opnames of beelden van de lessen verspreid worden?",
            standaard="verboden",
            keuzes=_OPNAMEREGELS,
        ),
    ] = None


class Subverwerker(_Model):
    naam: Annotated[Text, Veld("naam van de subverwerker", "Naam")]
    dienst: Annotated[Text | None, Veld("dienst die de subverwerker levert", "Welke dienst levert die?")] = None
    locatie: Annotated[Text | None, Veld("land waar de subverwerker de gegevens verwerkt", "Waar (land)?")] = None


class Doorgifte(_Model):
    ontvanger: Annotated[
        Text | None,
        Veld(
            "wie de gegevens ontvangt: de verwerker of een van de subverwerkers",
            "Wie ontvangt de gegevens (de verwerker of een subverwerker)?",
            standaard=lambda a, path: a["verwerker"].get("naam"),
        ),
    ] = None
    land: Annotated[Text | None, Veld("land buiten de EER waar de gegevens heen gaan", "Naar welk land?")] = None
    mechanisme: Annotated[
        Mechanisme | None,
        Veld(
            "grond voor de doorgifte",
            "Op welke grond gebeurt de doorgifte?",
            keuzes={
                "adequaatheidsbesluit": "een adequaatheidsbesluit van de Europese Commissie voor dat land",
                "standaardcontractbepalingen": "de standaardcontractbepalingen van de Europese Commissie",
            },
        ),
    ] = None


class Verwerker(_Model):
    naam: Annotated[Text | None, Veld("naam van de verwerker", "Naam van de verwerker")] = None
    adres: Annotated[Text | None, Veld("adres van de verwerker", "Adres van de verwerker")] = None
    ondernemingsnummer: Annotated[
        Text | None,
        Veld("ondernemingsnummer van de verwerker", "Ondernemingsnummer van de verwerker (KBO, voor een Belgische onderneming)"),
    ] = None
    registratieland: Annotated[
        Text | None,
        Veld(
            "land waar de verwerker als onderneming ingeschreven is; leeg: België (Kruispuntbank van Ondernemingen)",
            "In welk land is de verwerker als onderneming ingeschreven? (leeg: België)",
        ),
    ] = None
    ondernemingsregister: Annotated[
        Text | None,
        Veld(
            "het ondernemingsregister van dat land waarin een buitenlandse verwerker ingeschreven is, bv. Companies House",
            "In welk ondernemingsregister is de verwerker ingeschreven?",
            als=lambda a: not is_belgian(a["verwerker"].get("registratieland")),
        ),
    ] = None
    registratienummer: Annotated[
        Text | None,
        Veld(
            "nummer van een buitenlandse verwerker in dat register",
            "Onder welk nummer is de verwerker daar ingeschreven?",
            als=lambda a: not is_belgian(a["verwerker"].get("registratieland")),
        ),
    ] = None
    bestaande_overeenkomst: Annotated[
        Bool | None,
        Veld(
            "of er al een verwerkersovereenkomst is die aangepast wordt (anders wordt een nieuwe gesloten)",
            "Is er al een verwerkersovereenkomst met deze verwerker die aangepast wordt? (nee: er wordt een nieuwe gesloten)",
        ),
    ] = None
    opslaglocatie: Annotated[
        Opslaglocatie,
        Veld(
            "waar de gegevens opgeslagen worden",
            "Waar worden de gegevens opgeslagen?",
            keuzes={"EER": "in de Europese Economische Ruimte", "buiten_EER": "(ook) buiten de Europese Economische Ruimte"},
        ),
    ] = "EER"
    meldtermijn_datalek_uren: Annotated[
        int, Field(ge=1, le=720), Veld("uren waarbinnen de verwerker een datalek meldt", "Binnen hoeveel uur meldt de verwerker een datalek?")
    ] = 24
    subverwerkers: Annotated[
        list[Subverwerker],
        Veld(
            "subverwerkers die de verwerker inschakelt",
            "Subverwerker",
            eerst="Werkt de verwerker met subverwerkers (bv. voor hosting)?",
            nog_een="Nog een subverwerker toevoegen?",
        ),
    ] = []
    doorgiften: Annotated[
        list[Doorgifte],
        Veld(
            "doorgiften van gegevens buiten de EER: per ontvanger het land en de grond (AVG hoofdstuk V)",
            "Doorgifte",
            uitleg="Voor opslag buiten de EER is per ontvanger een grond voor de doorgifte nodig (AVG hoofdstuk V).",
            nog_een="Nog een doorgifte toevoegen?",
            als=lambda a: a["verwerker"]["opslaglocatie"] == "buiten_EER",
        ),
    ] = []

    @property
    def belgisch(self) -> bool:
        """Registered in Belgium, so identified by its number in the KBO."""
        return is_belgian(self.registratieland)


def is_belgian(land: str | None) -> bool:
    """No country, or Belgium in one of the ways a secretariat writes it."""
    return not land or land.strip().casefold() in {"belgië", "belgie", "belgium", "belgique", "be", "bel"}


class Vakantie(_Model):
    naam: Annotated[Text, Veld("naam van de vakantie", "Naam (bv. herfstvakantie)")]
    van: Annotated[datetime.date, Veld("eerste vakantiedag", "Eerste vakantiedag (JJJJ-MM-DD)")]
    tot: Annotated[datetime.date, Veld("laatste vakantiedag", "Laatste vakantiedag (JJJJ-MM-DD)")]


class Planning(_Model):
    onderhandelingscomite: Annotated[
        datetime.date | None, Veld("vakbondsonderhandeling over het arbeidsreglement", "Datum van de vakbondsonderhandeling (onderhandelingscomité)")
    ] = None
    gemeenteraad: Annotated[
        datetime.date | None, Veld("vaststelling van de wijzigingen door de gemeenteraad", "Datum van de gemeenteraad die de wijzigingen vaststelt")
    ] = None
    start_inschrijvingen: Annotated[
        datetime.date | None,
        Veld(
            "start van de inschrijvingen; leerlingen en ouders worden dan geïnformeerd",
            "Startdatum van de inschrijvingen (leerlingen en ouders worden dan geïnformeerd)",
        ),
    ] = None
    eerste_lesdag: Annotated[datetime.date | None, Veld("eerste lesdag van het schooljaar", "Eerste lesdag", standaard=_first_school_day)] = None
    vakanties: Annotated[
        list[Vakantie],
        Veld(
            "eigen schoolvakanties; vervangen de berekende schoolkalender",
            "Vakantie",
            eerst="Wil je zelf de schoolvakanties opgeven?",
            nog_een="Nog een vakantie toevoegen?",
        ),
    ] = []


class Profiel(_Model):
    schooljaar: Annotated[Schooljaartekst, Veld("schooljaar waarin het IAO van start gaat", "In welk schooljaar start het IAO?", standaard=_next_schooljaar)]
    academie: Annotated[Academie, Veld("de academie", "Academie")]
    schoolbestuur: Annotated[Schoolbestuur, Veld("het schoolbestuur: de gemeente of stad", "Schoolbestuur")]
    reglementen: Annotated[Reglementen, Veld("de reglementen waarin het IAO-hoofdstuk komt", "Reglementen")] = Reglementen()
    afstandsonderwijs: Annotated[Afstandsonderwijs, Veld("het interactief afstandsonderwijs", "Interactief afstandsonderwijs")] = Afstandsonderwijs()
    personeel: Annotated[Personeel, Veld("de inzet en professionalisering van het personeel", "Personeel")] = Personeel()
    opnames: Annotated[Opnames, Veld("regels voor opnames van de lessen", "Opnames van de lessen")] = Opnames()
    verwerker: Annotated[Verwerker, Veld("de verwerker: de aanbieder van het platform", "Verwerker (aanbieder van het platform)")] = Verwerker()
    planning: Annotated[
        Planning,
        Veld(
            "de data van de beslissingen en de start",
            "Planning",
            uitleg="Datums als JJJJ-MM-DD. De volgorde: vakbondsonderhandeling, gemeenteraad, inschrijvingen, eerste lesdag.",
        ),
    ] = Planning()

    @property
    def startjaar(self) -> int:
        return int(self.schooljaar[:4])

    @property
    def schooljaar_start(self) -> datetime.date:
        return schooljaar_start(self.startjaar)

    @property
    def schooljaar_einde(self) -> datetime.date:
        return schooljaar_einde(self.startjaar)

    @property
    def college_beslist(self) -> bool:
        """The college adopts the arbeidsreglement or concludes the processing agreement."""
        bestuur = self.schoolbestuur
        return "college" in (bestuur.arbeidsreglement_vastgesteld_door, bestuur.verwerkersovereenkomst_gesloten_door)

    @property
    def opnames_toegelaten(self) -> bool:
        """Pupils or teachers may record lessons, with consent (then the consent form applies)."""
        return "enkel_met_toestemming" in (self.opnames.leerlingen, self.opnames.leerkrachten)


# --- Reading the declaration ------------------------------------------------------

GROEP, LIJST, OPSOMMING, VRIJ, WAARDE = "groep", "lijst", "opsomming", "vrij", "waarde"


@dataclass(frozen=True)
class Veldinfo:
    """One declared field: its name, kind, inner type, pydantic info and declaration."""

    naam: str
    soort: str  # GROEP (a model), LIJST (list of models), OPSOMMING (list of values), VRIJ (a text or a list of texts) or WAARDE
    type: Any  # the model, or the value type with Optional and Annotated stripped
    info: FieldInfo
    veld: Veld

    @property
    def standaard(self) -> Any:
        """The model's own default, else the declared one (a value or a function)."""
        default = self.info.get_default(call_default_factory=True)
        return self.veld.standaard if default is None or default is PydanticUndefined else default


def velden(model: type[BaseModel]) -> list[Veldinfo]:
    """The declared fields of a model, in file order."""
    out = []
    for name, info in model.model_fields.items():
        veld = next(m for m in info.metadata if isinstance(m, Veld))
        is_list = _is_list(info.annotation)
        inner = _unwrap(info.annotation)
        is_model = isinstance(inner, type) and issubclass(inner, BaseModel)
        soort = (LIJST if is_model else OPSOMMING) if is_list else (GROEP if is_model else VRIJ if _is_free_text(info.annotation) else WAARDE)
        out.append(Veldinfo(name, soort, inner, info, veld))
    return out


def _is_free_text(annotation) -> bool:
    """A union of a text and a list of texts (VrijeTekst)."""
    members = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) else ()
    return any(_is_list(m) for m in members) and any(_unwrap(m) is str and not _is_list(m) for m in members)


def _is_list(annotation) -> bool:
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return typing.get_origin(annotation) is list


def toelichting(veld: Veldinfo) -> str:
    """The field's description with its allowed values, as the YAML comment and README say it."""
    text = veld.veld.beschrijving
    if typing.get_origin(veld.type) is Literal:
        return f"{text}: {_of(typing.get_args(veld.type))}"
    if veld.type is bool:
        return f"{text}: true (ja) of false (nee)"
    if veld.soort == VRIJ:
        return f"{text} (een tekst, of een opsomming: regels die beginnen met '- ')"
    return text


def _of(values) -> str:
    values = list(values)
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " of " + values[-1]


@dataclass(frozen=True)
class LoadedProfile:
    """A profile together with where it came from, so rules can name lines."""

    profiel: Profiel
    file: str
    positions: dict

    def line(self, path: tuple) -> int | None:
        return yamlsource.line_of(self.positions, path)


def load_profile(path: str | Path, open_logo: bool = True) -> LoadedProfile:
    """Read and validate a profile file; raise ProfileError with Dutch problems.
    open_logo=False: the logo's path is kept, not opened (a profile uploaded to `iao web`)."""
    path = Path(path)
    name = str(path)
    data, positions = yamlsource.load(yamlsource.read_text(path), name)
    try:
        profiel = Profiel.model_validate(data, context={"map": path.parent if open_logo else None})
    except ValidationError as exc:
        problems = [_problem(err, name, positions) for err in exc.errors()]
        raise ProfileError(sorted(problems, key=lambda p: p.line or 0)) from None
    return LoadedProfile(profiel, name, positions)


def profile_from_data(data: dict[str, Any], name: str = "<profiel>", open_logo: bool = True) -> LoadedProfile:
    """Validate already-parsed data (used by `iao init`, `iao web` and by tests)."""
    try:
        return LoadedProfile(Profiel.model_validate(data, context=None if open_logo else {"map": None}), name, {})
    except ValidationError as exc:
        raise ProfileError([_problem(err, name, {}) for err in exc.errors()]) from None


# --- Dutch messages for pydantic's error types ------------------------------

_EXPECTED = {
    "string_type": "verwacht tekst",
    "int_type": "verwacht een geheel getal",
    "int_parsing": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal, zonder komma",
    "float_type": "verwacht een getal",
    "float_parsing": "verwacht een getal",
    "bool_type": "verwacht true (ja) of false (nee)",
    "bool_parsing": "verwacht true (ja) of false (nee)",
    "date_type": "verwacht een datum JJJJ-MM-DD",
    "date_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_from_datetime_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_from_datetime_inexact": "verwacht een datum JJJJ-MM-DD, zonder uur",
    "list_type": "verwacht een opsomming (regels die beginnen met '- ')",
    "model_type": "verwacht een groep velden ('sleutel: waarde', ingesprongen)",
    "dict_type": "verwacht een groep velden ('sleutel: waarde', ingesprongen)",
}

_PATTERNS = {
    "schooljaar": "verwacht een schooljaar als JJJJ-JJJJ, bijvoorbeeld 2027-2028",
    "instellingsnummer": 'verwacht zes cijfers, tussen aanhalingstekens, bijvoorbeeld "129999"',
    "email": "verwacht een e-mailadres, bijvoorbeeld academie@voorbeeldstad.be",
}


def _problem(err: Any, name: str, positions: dict) -> Problem:
    kind = err["type"]
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
    if kind == "extra_forbidden":  # the last part is the user's own key, even if it reads 'date' or 'a[b]'
        loc = tuple(part for part in err["loc"][:-1] if not _is_union_tag(part)) + err["loc"][-1:]
    return Problem(name, yamlsource.line_of(positions, loc), yamlsource.format_path(loc), _message(err, loc))


def _message(err: dict, loc: tuple) -> str:
    """pydantic's error `err` for the field at `loc`, in Dutch."""
    kind = err["type"]
    found = _show(err.get("input"))
    if kind == "missing":
        return "dit verplichte veld ontbreekt."
    if kind == "extra_forbidden":
        return f"onbekend veld '{loc[-1]}'." + _suggestion(loc)
    if kind == "literal_error":
        allowed = ", ".join(typing.get_args(_annotation_at(loc)) or [err["ctx"]["expected"]])
        return f"{found} is geen toegelaten waarde; kies uit: {allowed}."
    if kind == "string_pattern_mismatch":
        return f"{found}: {_PATTERNS.get(str(loc[-1]), 'de vorm klopt niet')}."
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(err["ctx"].values()))
        word = {"greater_than_equal": "minstens", "less_than_equal": "hoogstens", "greater_than": "meer dan", "less_than": "minder dan"}[kind]
        return f"{found} valt buiten het bereik; verwacht {word} {bound}."
    if kind == "value_error":
        return f"{str(err['ctx']['error'])}."
    return f"{found}: {_EXPECTED.get(kind, 'ongeldige waarde')}."


def _is_union_tag(part) -> bool:
    # pydantic adds the member type of a union ('str', 'constrained-str', 'function-after[...]') to loc
    return isinstance(part, str) and (part in {"str", "int", "float", "bool", "date", "constrained-str"} or "[" in part)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "een groep velden"
    if isinstance(value, list):
        return "een opsomming"
    if value is None:
        return "een lege waarde"
    return f"'{value}'"


def _suggestion(loc: tuple) -> str:
    allowed = list(_model_at(loc[:-1]).model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f" Bedoelde je {close[0]}?"
    return " Toegelaten velden hier: " + ", ".join(allowed) + "."


def _unwrap(annotation):
    """Strip Optional, list[...] and Annotated to reach the inner type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _model_at(loc: tuple) -> type[BaseModel]:
    model: Any = Profiel
    for part in loc:
        if isinstance(part, str):
            model = _unwrap(model.model_fields[part].annotation)
    return model


def _annotation_at(loc: tuple):
    parent = _model_at(loc[:-1])
    field = parent.model_fields.get(str(loc[-1]))
    return _unwrap(field.annotation) if field else None


def profile_schema() -> dict:
    """JSON Schema of the profile, for editors that complete YAML."""
    schema = Profiel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Academieprofiel voor interactief afstandsonderwijs (iao)"
    return schema


def profile_table() -> str:
    """The README's table of profile fields, one row per field path."""
    rows = ["| veld | betekenis |", "|---|---|"]

    def walk(model: type[BaseModel], prefix: str) -> None:
        for veld in velden(model):
            path = prefix + veld.naam
            rows.append(f"| `{path}` | {toelichting(veld)} |")
            if veld.soort == GROEP:
                walk(veld.type, path + ".")
            elif veld.soort == LIJST:
                walk(veld.type, path + "[].")

    walk(Profiel, "")
    return "\n".join(rows) + "\n"
