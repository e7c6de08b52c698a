"""The rules a profile must satisfy before documents can be drafted.

Each rule has an id, a short Dutch title and the step of the step plan or the
legal basis it comes from. A rule's check yields (field path, detail) pairs for
every place the profile breaks it; `check` turns those into located findings.
Errors (R*) stop generation; warnings (W*) are reported and generation goes on.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

from generator.profile.fields import GROEP, VRIJ, velden
from generator.profile.loading import LoadedProfile
from generator.profile.model import Profiel, Vak
from generator.profile.yamlsource import format_path

FOUT = "fout"
WAARSCHUWING = "waarschuwing"

Violation = tuple[tuple, str]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    source: str
    check: Callable[[Profiel], Iterator[Violation]]


@dataclass(frozen=True)
class Finding:
    rule: Rule
    field: str
    line: int | None
    detail: str

    @property
    def is_error(self) -> bool:
        return self.rule.severity == FOUT


RULES: list[Rule] = []


def rule(id: str, severity: str, title: str, source: str):
    def register(check):
        RULES.append(Rule(id, severity, title, source, check))
        return check

    return register


def check(loaded: LoadedProfile) -> list[Finding]:
    """All findings for a profile, errors first, each in file order."""
    findings = [Finding(r, format_path(path), loaded.line(path), detail) for r in RULES for path, detail in r.check(loaded.profiel)]
    return sorted(findings, key=lambda f: (not f.is_error, f.line or 0))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.is_error]


# --- Errors -----------------------------------------------------------------

ALLOWED_STRUCTUUR = {"3de graad", "4de graad", "kortlopende studierichting"}
VAKKEN = ("afstandsonderwijs", "vakken")


def structuur_allowed(structuur: str, domein: str | None) -> bool:
    """Rule R1 for one subject: may a class group of this structuuronderdeel (and domain) follow IAO?"""
    return structuur in ALLOWED_STRUCTUUR or (structuur == "2de graad volwassenen" and domein == "muziek")


def _vakken(p: Profiel) -> Iterator[tuple[tuple, Vak]]:
    """Every subject with its field path (afstandsonderwijs.vakken[i])."""
    for i, vak in enumerate(p.afstandsonderwijs.vakken):
        yield VAKKEN + (i,), vak


@rule(
    "R1",
    FOUT,
    "IAO kan enkel voor klasgroepen van de 3de graad, de 4de graad, een kortlopende studierichting of de 2de graad volwassenen muziek.",
    "Stappenplan, voorbereiding stap 2a; DKO-decreet van 9 maart 2018 (kader hybride onderwijs, 2024)",
)
def _structuuronderdeel(p: Profiel):
    if not p.afstandsonderwijs.vakken:
        yield VAKKEN, "er is geen enkel vak opgegeven; noem minstens één vak met interactief afstandsonderwijs."
    for path, vak in _vakken(p):
        if not structuur_allowed(vak.structuuronderdeel, vak.domein):
            yield path + ("structuuronderdeel",), (f"'{vak.vak}' ({vak.structuuronderdeel}, domein {vak.domein}) komt niet in aanmerking voor IAO.")


@rule(
    "R2",
    FOUT,
    "Een vak kan nooit volledig als IAO: het aandeel ligt boven 0 en onder 100 procent van de lestijden op jaarbasis.",
    "Stappenplan, voorbereiding stap 2b",
)
def _aandeel(p: Profiel):
    for path, vak in _vakken(p):
        if not 0 < vak.aandeel_procent < 100:
            yield path + ("aandeel_procent",), (f"'{vak.vak}' heeft {vak.aandeel_procent:g} %; verwacht meer dan 0 en minder dan 100.")


@rule(
    "R3",
    FOUT,
    "Voor elk IAO-vak zegt het academiereglement of de leerinhouden via IAO geëvalueerd worden.",
    "Stappenplan, voorbereiding stap 2d en besluitvorming stap 1",
)
def _evaluatie(p: Profiel):
    for path, vak in _vakken(p):
        if vak.geevalueerd is None:
            yield path + ("geevalueerd",), f"vul voor '{vak.vak}' in of de IAO-leerinhouden geëvalueerd worden (true of false)."


@rule(
    "R4",
    FOUT,
    "Er is minstens één vestigingsplaats waar leerlingen het IAO kunnen volgen, met lokaal, infrastructuur en toezicht.",
    "Stappenplan, voorbereiding stap 4 en implementatie stap 5",
)
def _vestigingsplaatsen(p: Profiel):
    plaatsen = p.afstandsonderwijs.vestigingsplaatsen
    if not plaatsen:
        yield ("afstandsonderwijs", "vestigingsplaatsen"), "er is geen vestigingsplaats opgegeven."
    for i, plaats in enumerate(plaatsen):
        path = ("afstandsonderwijs", "vestigingsplaatsen", i)
        if not plaats.lokaal:
            yield path + ("lokaal",), f"geef voor '{plaats.naam}' het lokaal op."
        if not plaats.infrastructuur:
            yield path + ("infrastructuur",), f"geef voor '{plaats.naam}' de infrastructuur op (hardware, internetverbinding, ...)."
        if not plaats.toezicht:
            yield path + ("toezicht",), f"geef voor '{plaats.naam}' op wie toezicht houdt."


@rule(
    "R5",
    FOUT,
    "De inzet van het personeel (vanop de academie, van thuis uit of beide) ligt vast; voor thuiswerk staan de voorwaarden erbij.",
    "Stappenplan, voorbereiding stap 1 en besluitvorming stap 2",
)
def _inzet(p: Profiel):
    if p.personeel.inzet is None:
        yield ("personeel", "inzet"), "kies academie, thuis of academie_of_thuis."
    elif p.personeel.inzet != "academie" and not p.personeel.voorwaarden_thuiswerk:
        yield ("personeel", "voorwaarden_thuiswerk"), "het personeel mag van thuis uit lesgeven; beschrijf onder welke voorwaarden."


@rule(
    "R6",
    FOUT,
    "Maatregelen tegen het opnemen en verspreiden van de lessen staan in het academiereglement (leerlingen) en het arbeidsreglement (personeel).",
    "Stappenplan, besluitvorming stappen 1 en 2",
)
def _opnames(p: Profiel):
    for field in ("leerlingen", "leerkrachten", "verspreiden"):
        if getattr(p.opnames, field) is None:
            yield ("opnames", field), "kies verboden of enkel_met_toestemming."
    allows_recording = "enkel_met_toestemming" in (p.opnames.leerlingen, p.opnames.leerkrachten)
    if allows_recording and p.opnames.bewaartermijn_dagen is None:
        yield ("opnames", "bewaartermijn_dagen"), "opnames zijn met toestemming toegelaten; geef de bewaartermijn in dagen op."


@rule(
    "R7",
    FOUT,
    "Als IAO mag voor remediëring van een leerling die om een gewettigde reden afwezig is, staan de voorwaarden erbij.",
    "Stappenplan, voorbereiding stap 2c",
)
def _remediering(p: Profiel):
    remediering = p.afstandsonderwijs.remediering
    if remediering.toegestaan and not remediering.voorwaarden:
        yield ("afstandsonderwijs", "remediering", "voorwaarden"), "remediëring via IAO is toegestaan; beschrijf de voorwaarden."


@rule(
    "R8",
    FOUT,
    "Het platform en de verwerker zijn gekend, en het is duidelijk of een bestaande verwerkersovereenkomst wordt aangepast of een nieuwe gesloten.",
    "Stappenplan, voorbereiding stap 3 en besluitvorming stap 3; AVG art. 28",
)
def _verwerker(p: Profiel):
    if not p.afstandsonderwijs.platform:
        yield ("afstandsonderwijs", "platform"), "geef het digitale platform op waarop synchroon les gegeven wordt."
    if not p.verwerker.naam:
        yield ("verwerker", "naam"), "geef de naam van de verwerker (de aanbieder van het platform) op."
    if p.verwerker.bestaande_overeenkomst is None:
        yield ("verwerker", "bestaande_overeenkomst"), "zeg of de bestaande overeenkomst wordt aangepast (true) of een nieuwe gesloten (false)."


@rule(
    "R9",
    FOUT,
    "Volgorde: vakbondsonderhandeling vóór de gemeenteraad, gemeenteraad vóór de inschrijvingen, eerste lesdag binnen het schooljaar; een vakantie eindigt niet vóór ze begint.",
    "Stappenplan, besluitvorming en implementatie stappen 1 tot 3",
)
def _planning(p: Profiel):
    first, second = p.startjaar, int(p.schooljaar[5:])
    if second != first + 1:
        yield ("schooljaar",), f"'{p.schooljaar}' is geen schooljaar; verwacht {first}-{first + 1}."
        return
    plan = p.planning
    for field in ("onderhandelingscomite", "gemeenteraad", "start_inschrijvingen", "eerste_lesdag"):
        if getattr(plan, field) is None:
            yield ("planning", field), "deze datum ontbreekt."
    order = [
        ("onderhandelingscomite", "gemeenteraad", "de vakbondsonderhandeling moet vóór de gemeenteraad plaatsvinden"),
        ("gemeenteraad", "start_inschrijvingen", "de gemeenteraad moet beslissen vóór de inschrijvingen starten"),
        ("start_inschrijvingen", "eerste_lesdag", "de inschrijvingen moeten starten vóór de eerste lesdag"),
    ]
    for earlier, later, message in order:
        a, b = getattr(plan, earlier), getattr(plan, later)
        if a and b and a >= b:
            yield ("planning", later), f"{message} ({earlier} {a.isoformat()}, {later} {b.isoformat()})."
    start, end = p.schooljaar_start, p.schooljaar_einde
    if plan.eerste_lesdag and not start <= plan.eerste_lesdag <= end:
        yield (
            ("planning", "eerste_lesdag"),
            f"{plan.eerste_lesdag.isoformat()} valt niet in het schooljaar {p.schooljaar} (1 september {first} tot 31 augustus {second}).",
        )
    if plan.gemeenteraad and plan.gemeenteraad >= start:
        yield ("planning", "gemeenteraad"), f"de wijzigingen moeten vastgesteld zijn vóór 1 september {first}, wanneer ze in werking treden."
    for i, vakantie in enumerate(plan.vakanties):
        if vakantie.van > vakantie.tot:
            yield ("planning", "vakanties", i, "tot"), (f"'{vakantie.naam}' eindigt ({vakantie.tot.isoformat()}) vóór ze begint ({vakantie.van.isoformat()}).")


@rule(
    "R10",
    FOUT,
    "Er is een functionaris voor gegevensbescherming (DPO) aangeduid; voor een overheid is dat verplicht.",
    "AVG art. 37; stappenplan, voorbereiding stap 3",
)
def _dpo(p: Profiel):
    dpo = p.schoolbestuur.functionaris_gegevensbescherming
    if dpo is None or not dpo.naam:
        yield ("schoolbestuur", "functionaris_gegevensbescherming", "naam"), "geef de naam van de DPO op."


@rule(
    "R11",
    FOUT,
    "Opslag buiten de EER vraagt per doorgifte een ontvanger (de verwerker of een subverwerker), een land en een grond: een adequaatheidsbesluit of standaardcontractbepalingen.",
    "AVG hoofdstuk V (art. 44-46); Uitvoeringsbesluit (EU) 2021/914",
)
def _doorgiften(p: Profiel):
    verwerker = p.verwerker
    if verwerker.opslaglocatie == "buiten_EER" and not verwerker.doorgiften:
        yield ("verwerker", "doorgiften"), "de gegevens worden buiten de EER opgeslagen; geef per ontvanger het land en de grond van de doorgifte op."
    ontvangers = [verwerker.naam] + [sub.naam for sub in verwerker.subverwerkers]
    for i, doorgifte in enumerate(verwerker.doorgiften):
        path = ("verwerker", "doorgiften", i)
        if not doorgifte.ontvanger:
            yield path + ("ontvanger",), "geef op wie de gegevens ontvangt: de verwerker of een van de subverwerkers."
        elif doorgifte.ontvanger not in ontvangers:
            known = ", ".join(f"'{naam}'" for naam in ontvangers if naam)
            yield path + ("ontvanger",), f"'{doorgifte.ontvanger}' is niet de verwerker of een subverwerker; kies uit: {known}."
        if not doorgifte.land:
            yield path + ("land",), "geef het land op waar de gegevens heen gaan."
        if not doorgifte.mechanisme:
            yield path + ("mechanisme",), "kies adequaatheidsbesluit of standaardcontractbepalingen."


# --- Warnings ---------------------------------------------------------------

PUBLICATION_MARGIN_DAYS = 30


@rule("W1", WAARSCHUWING, "Professionalisering is nodig, maar er is geen plan beschreven.", "Stappenplan, voorbereiding stap 5 en besluitvorming stap 4")
def _professionalisering(p: Profiel):
    if p.personeel.professionalisering_nodig and not p.personeel.professionalisering:
        yield ("personeel", "professionalisering"), "beschrijf de geplande professionalisering (nascholing, timing)."


@rule(
    "W3",
    WAARSCHUWING,
    f"De gemeenteraad beslist minder dan {PUBLICATION_MARGIN_DAYS} dagen vóór de inschrijvingen: bekendmaking en informatie aan de leerlingen worden krap.",
    "Decreet lokaal bestuur (bekendmaking van reglementen); stappenplan, implementatie stap 1",
)
def _krappe_planning(p: Profiel):
    raad, inschrijving = p.planning.gemeenteraad, p.planning.start_inschrijvingen
    if raad and inschrijving and 0 < (inschrijving - raad).days < PUBLICATION_MARGIN_DAYS:
        yield ("planning", "gemeenteraad"), f"slechts {(inschrijving - raad).days} dagen tussen de gemeenteraad en de start van de inschrijvingen."


@rule(
    "W4",
    WAARSCHUWING,
    "Het ondernemingsnummer klopt niet (10 cijfers met een controlegetal modulo 97); enkel voor een Belgische onderneming.",
    "Kruispuntbank van Ondernemingen",
)
def _ondernemingsnummers(p: Profiel):
    numbers = [(("schoolbestuur", "ondernemingsnummer"), p.schoolbestuur.ondernemingsnummer)]
    if p.verwerker.belgisch:  # a foreign company has its own register and number (verwerker.registratienummer)
        numbers.append((("verwerker", "ondernemingsnummer"), p.verwerker.ondernemingsnummer))
    for path, number in numbers:
        if number and not is_valid_ondernemingsnummer(number):
            yield path, f"'{number}' is geen geldig ondernemingsnummer; controleer het in de KBO."


def is_valid_ondernemingsnummer(number: str) -> bool:
    digits = "".join(c for c in number if c in "0123456789")  # str.isdigit() also takes '²', which int() refuses
    if len(digits) == 9:  # old numbers without the leading 0
        digits = "0" + digits
    if len(digits) != 10 or not all(c in "0123456789 .-" for c in number.removeprefix("BE")):
        return False
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


# --- Free answers that a document quotes ------------------------------------------

# A sentence break inside one point of a list: ". " followed by a capital.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÀ-Ý]")


def free_answers(p: Profiel) -> Iterator[tuple[tuple, str | list[str]]]:
    """Every free answer (profile.VrijeTekst) that is filled in, with its field path."""

    def walk(model: BaseModel, path: tuple) -> Iterator[tuple[tuple, str | list[str]]]:
        for veld in velden(type(model)):
            value = getattr(model, veld.naam)
            if veld.soort == GROEP and value is not None:
                yield from walk(value, path + (veld.naam,))
            elif veld.soort == VRIJ and value:
                yield path + (veld.naam,), value

    yield from walk(p, ())


@rule(
    "W6",
    WAARSCHUWING,
    "Een vrij antwoord dat de documenten letterlijk overnemen, is geen volzin en geen punt van een opsomming.",
    "Leesbaarheid van de reglementen en besluiten (de documenten nemen het antwoord over na een eigen inleidende zin)",
)
def _vrije_teksten(p: Profiel):
    for path, value in free_answers(p):
        if isinstance(value, list):
            for i, item in enumerate(value):
                if _SENTENCE_BREAK.search(item.rstrip(".;")):
                    yield (
                        path + (i,),
                        (f"punt {i + 1} ('{_kort(item)}') bevat meer dan één zin; maak er twee punten van, of schrijf het hele antwoord als één tekst."),
                    )
        elif not value[0].isupper() or value[-1] not in ".!?":
            yield (
                path,
                (
                    f"'{_kort(value)}' leest niet als een volzin: begin met een hoofdletter, schrijf een werkwoord en eindig met een punt, "
                    "of geef een opsomming (regels die beginnen met '- '). De documenten zetten er zelf een hoofdletter en een punt aan."
                ),
            )


def _kort(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --- A profile that contradicts itself --------------------------------------------

_BESTUUR_PREFIX = re.compile(r"^(gemeente|stad)\s+", re.IGNORECASE)
_GEMEENTE_IN_ADRES = re.compile(r"\b\d{4}\s+(.+?)\s*$")
# Fields that identify a person or an entity: a value copied from the example profile there
# puts another municipality's names, addresses or numbers into the documents.
_IDENTIFYING = {
    "naam",
    "adres",
    "email",
    "website",
    "ondernemingsnummer",
    "instellingsnummer",
    "directeur",
    "burgemeester",
    "schepen_van_onderwijs",
    "voorzitter_gemeenteraad",
    "algemeen_directeur",
}


def _bestuur_gemeente(naam: str) -> str:
    """'Gemeente Zonnedaal' -> 'zonnedaal'."""
    return _BESTUUR_PREFIX.sub("", naam).strip().lower()


def _domein(adres: str | None) -> str | None:
    """The registered domain of an e-mail address or a website: 'dpo@ict.voorbeeldstad.be' -> 'voorbeeldstad.be'."""
    if not adres:
        return None
    host = adres.rsplit("@", 1)[-1] if "@" in adres else re.sub(r"^[a-z]+://", "", adres.lower()).split("/", 1)[0]
    labels = host.lower().strip(".").split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else None


@rule(
    "W8",
    WAARSCHUWING,
    "Namen en adressen in het profiel passen niet bij elkaar, of komen nog uit het voorbeeldprofiel.",
    "Samenhang van het profiel: de documenten nemen namen, adressen en nummers letterlijk over",
)
def _tegenstrijdig(p: Profiel):
    bestuur = p.schoolbestuur
    gemeente = _bestuur_gemeente(bestuur.naam)
    match = _GEMEENTE_IN_ADRES.search(bestuur.adres or "")
    if gemeente and match and gemeente not in match[1].lower() and match[1].lower() not in gemeente:
        yield (
            ("schoolbestuur", "adres"),
            (f"het schoolbestuur heet '{bestuur.naam}', maar het gemeente- of stadhuis ligt in '{match[1]}'; controleer de naam of het adres."),
        )
    dpo = bestuur.functionaris_gegevensbescherming
    eigen = {d for d in (_domein(p.academie.email), _domein(p.academie.website)) if d}
    dpo_domein = _domein(dpo.email if dpo else None)
    if dpo_domein and eigen and dpo_domein not in eigen:
        yield (
            ("schoolbestuur", "functionaris_gegevensbescherming", "email"),
            (
                f"het e-mailadres van de DPO ligt op '{dpo_domein}', de academie op {' en '.join(sorted(eigen))}; "
                "klopt dat (een gedeelde DPO, bv. van een intergemeentelijke samenwerking), of is het een adres uit een ander profiel?"
            ),
        )
    yield from _uit_het_voorbeeld(p)


def _uit_het_voorbeeld(p: Profiel) -> Iterator[Violation]:
    voorbeeld = _voorbeeld()
    naam = p.schoolbestuur.naam
    if not _BESTUUR_PREFIX.match(naam) or _bestuur_gemeente(naam) == _bestuur_gemeente(voorbeeld["schoolbestuur"]["naam"]):
        # the example itself or an academy of that municipality; or a name that does not say
        # which municipality it is (not 'Gemeente ...' or 'Stad ...'), so nothing to compare with
        return
    eigen = p.model_dump()
    for path, value in _leaves(voorbeeld, ()):
        if path[-1] in _IDENTIFYING and isinstance(value, str) and _at(eigen, path) == value:
            yield path, f"'{value}' komt uit het voorbeeldprofiel ({_voorbeeld()['schoolbestuur']['naam']}); vul het eigen gegeven in."


@functools.cache
def _voorbeeld() -> dict:
    from generator.resources import example_profile

    return yaml.safe_load(example_profile().read_text(encoding="utf-8"))


def _leaves(node: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, path + (i,))
    else:
        yield path, node


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
