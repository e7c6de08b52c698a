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
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, BaseModel, ConfigDict, Field, ValidationError

from . import yamlsource
from .errors import Problem, ProfileError

# Characters that XML 1.0 cannot hold: a value with one would make a broken .docx.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    match = XML_ILLEGAL.search(value)
    if match:
        raise ValueError(f"bevat het onzichtbare stuurteken U+{ord(match.group()):04X}, dat niet in een Word-document kan; verwijder het")
    return value.strip()


Text = Annotated[str, AfterValidator(_xml_safe)]


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
VastgesteldDoor = Literal["gemeenteraad", "college"]
GeslotenDoor = Literal["gemeenteraad", "college", "algemeen_directeur"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Academie(_Model):
    naam: Text
    instellingsnummer: Annotated[Text, Field(pattern=r"^\d{6}$")] | None = None
    adres: Text | None = None
    directeur: Text | None = None
    email: Text | None = None
    website: Text | None = None


class Functionaris(_Model):
    naam: Text | None = None
    email: Text | None = None


class Schoolbestuur(_Model):
    soort: Soort
    naam: Text
    adres: Text | None = None
    ondernemingsnummer: Text | None = None
    burgemeester: Text | None = None
    schepen_van_onderwijs: Text | None = None
    voorzitter_gemeenteraad: Text | None = None
    algemeen_directeur: Text | None = None
    arbeidsreglement_vastgesteld_door: VastgesteldDoor = "gemeenteraad"
    verwerkersovereenkomst_gesloten_door: GeslotenDoor = "college"
    functionaris_gegevensbescherming: Functionaris | None = None


class Reglement(_Model):
    laatst_vastgesteld_op: datetime.date | None = None
    # Optional: where the new chapter goes in the academy's own regulation.
    nieuw_hoofdstuk: Text | None = None
    invoegen_na_hoofdstuk: Text | None = None


class Reglementen(_Model):
    academiereglement: Reglement = Reglement()
    arbeidsreglement: Reglement = Reglement()


class Vak(_Model):
    vak: Text
    domein: Domein
    structuuronderdeel: Structuuronderdeel
    aandeel_procent: float
    geevalueerd: Bool | None = None


class Remediering(_Model):
    toegestaan: Bool = False
    voorwaarden: Text | None = None


class Vestigingsplaats(_Model):
    naam: Text
    adres: Text | None = None
    lokaal: Text | None = None
    infrastructuur: list[Text] = []
    toezicht: Text | None = None


class Afstandsonderwijs(_Model):
    platform: Text | None = None
    vakken: list[Vak] = []
    remediering: Remediering = Remediering()
    vestigingsplaatsen: list[Vestigingsplaats] = []


class Personeel(_Model):
    inzet: Inzet | None = None
    voorwaarden_thuiswerk: Text | None = None
    professionalisering_nodig: Bool = False
    professionalisering: Text | None = None


class Opnames(_Model):
    leerlingen: Opnameregel | None = None
    leerkrachten: Opnameregel | None = None
    bewaartermijn_dagen: Annotated[int, Field(ge=0, le=3650)] | None = None
    verspreiden: Opnameregel | None = None


class Subverwerker(_Model):
    naam: Text
    dienst: Text | None = None
    locatie: Text | None = None


class Verwerker(_Model):
    naam: Text | None = None
    adres: Text | None = None
    ondernemingsnummer: Text | None = None
    bestaande_overeenkomst: Bool | None = None
    opslaglocatie: Opslaglocatie = "EER"
    meldtermijn_datalek_uren: Annotated[int, Field(ge=1, le=720)] = 24
    subverwerkers: list[Subverwerker] = []


class Planning(_Model):
    onderhandelingscomite: datetime.date | None = None
    gemeenteraad: datetime.date | None = None
    start_inschrijvingen: datetime.date | None = None
    eerste_lesdag: datetime.date | None = None


class Profiel(_Model):
    schooljaar: Annotated[Text, Field(pattern=r"^\d{4}-\d{4}$")]
    academie: Academie
    schoolbestuur: Schoolbestuur
    reglementen: Reglementen = Reglementen()
    afstandsonderwijs: Afstandsonderwijs = Afstandsonderwijs()
    personeel: Personeel = Personeel()
    opnames: Opnames = Opnames()
    verwerker: Verwerker = Verwerker()
    planning: Planning = Planning()

    @property
    def startjaar(self) -> int:
        return int(self.schooljaar[:4])

    @property
    def college_beslist(self) -> bool:
        """The college adopts the arbeidsreglement or concludes the processing agreement."""
        bestuur = self.schoolbestuur
        return "college" in (bestuur.arbeidsreglement_vastgesteld_door, bestuur.verwerkersovereenkomst_gesloten_door)


@dataclass(frozen=True)
class LoadedProfile:
    """A profile together with where it came from, so rules can name lines."""

    profiel: Profiel
    file: str
    positions: dict

    def line(self, path: tuple) -> int | None:
        return yamlsource.line_of(self.positions, path)


def load_profile(path: str | Path) -> LoadedProfile:
    """Read and validate a profile file; raise ProfileError with Dutch problems."""
    path = Path(path)
    name = str(path)
    data, positions = yamlsource.load(yamlsource.read_text(path), name)
    try:
        profiel = Profiel.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(err, name, positions) for err in exc.errors()]
        raise ProfileError(sorted(problems, key=lambda p: p.line or 0))
    return LoadedProfile(profiel, name, positions)


def profile_from_data(data: dict[str, Any], name: str = "<profiel>") -> LoadedProfile:
    """Validate already-parsed data (used by `iao init` and by tests)."""
    try:
        return LoadedProfile(Profiel.model_validate(data), name, {})
    except ValidationError as exc:
        raise ProfileError([_problem(err, name, {}) for err in exc.errors()])


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
    "instellingsnummer": "verwacht zes cijfers, tussen aanhalingstekens, bijvoorbeeld \"129999\"",
}


def _problem(err: dict, name: str, positions: dict) -> Problem:
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
        elif origin in (list, typing.Union) or str(origin) == "<class 'types.UnionType'>":
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
