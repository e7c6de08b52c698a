"""The academy profile: a typed model of the YAML file the secretariat fills in.

Field names are exactly those of the reference profile (inputs/voorbeeld.yaml).
The model checks shape and vocabulary; the rules of the step plan (which
structuuronderdelen, shares below 100 %, order of dates, ...) live in rules.py so
that each can be reported with its own id and source.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.profile.values import Bool, Email, Hoofdstuknummer, Instellingsnummer, Logopad, Schooljaartekst, Text, VrijeTekst, plausible_year

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
        return plausible_year(value)


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
        Hoofdstuknummer | None,
        Veld(
            "nummer van het nieuwe IAO-hoofdstuk in het eigen reglement, bv. 7bis (leeg: iao amend kiest)",
            "Nummer van het nieuwe IAO-hoofdstuk in het eigen reglement (bv. 7bis)",
        ),
    ] = None
    invoegen_na_hoofdstuk: Annotated[
        Hoofdstuknummer | None,
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
    registratieland: Annotated[
        Text | None,
        Veld(
            "land waar de verwerker als onderneming ingeschreven is; leeg: België (Kruispuntbank van Ondernemingen)",
            "In welk land is de verwerker als onderneming ingeschreven? (leeg: België)",
        ),
    ] = None
    # asked after the country: a foreign processor has no KBO number (the web form shows
    # it its own register and number instead)
    ondernemingsnummer: Annotated[
        Text | None,
        Veld(
            "ondernemingsnummer van een Belgische verwerker (Kruispuntbank van Ondernemingen)",
            "Ondernemingsnummer van de verwerker (KBO)",
            als=lambda a: is_belgian(a["verwerker"].get("registratieland")),
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
