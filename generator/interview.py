"""`iao init`: build an academy profile by asking questions, one at a time.

The questions follow the order of the reference profile (inputs/voorbeeld.yaml).
Every answer is checked as soon as it is given (dates, numbers, the rules on
structuuronderdeel and share), so a wrong answer is asked again with a Dutch
explanation instead of surfacing later in `iao check`.

The profile is written as YAML text by a small emitter of our own, so that it
carries the same Dutch comments as the reference profile and keeps its field
order. The text is parsed back and validated (profile model and rules) before
it is returned.
"""

from __future__ import annotations

import calendar
import datetime
import json
import re
import textwrap
from typing import Any, Callable, get_args

import click
import yaml

from . import profile
from .profile import XML_ILLEGAL
from .rules import ALLOWED_STRUCTUUR

# --- Vocabularies: the closed sets of the profile model ------------------------

SOORTEN = get_args(profile.Soort)
DOMEINEN = get_args(profile.Domein)
STRUCTUURONDERDELEN = get_args(profile.Structuuronderdeel)
INZET = get_args(profile.Inzet)
OPNAMEREGELS = get_args(profile.Opnameregel)
OPSLAGLOCATIES = get_args(profile.Opslaglocatie)
VASTGESTELD_DOOR = get_args(profile.VastgesteldDoor)
GESLOTEN_DOOR = get_args(profile.GeslotenDoor)

# Rule R1: structuuronderdelen that may have IAO (2de graad volwassenen only in muziek).
IAO_STRUCTUUR = tuple(sorted(ALLOWED_STRUCTUUR))

_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli",
           "augustus", "september", "oktober", "november", "december")


# --- Answer types: each converts one answer or fails with a Dutch message ------


def _one_line(value) -> str:
    """The answer on one line, runs of spaces collapsed."""
    return " ".join(str(value).split())


class TextType(click.ParamType):
    """Free text on one line; runs of spaces are collapsed."""

    name = "tekst"

    def convert(self, value, param, ctx):
        text = _one_line(value)
        if XML_ILLEGAL.search(text):
            self.fail("het antwoord bevat een onzichtbaar stuurteken; typ het opnieuw", param, ctx)
        return text


class PatternType(TextType):
    """Text that must match a regular expression."""

    def __init__(self, pattern: str, message: str):
        self.pattern, self.message = re.compile(pattern), message

    def convert(self, value, param, ctx):
        text = super().convert(value, param, ctx)
        if not self.pattern.fullmatch(text):
            self.fail(f"'{text}': {self.message}", param, ctx)
        return text


class SchooljaarType(click.ParamType):
    name = "schooljaar"

    def convert(self, value, param, ctx):
        match = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", str(value).strip())
        if not match:
            self.fail(f"'{value}': verwacht een schooljaar als JJJJ-JJJJ, bijvoorbeeld 2027-2028", param, ctx)
        first, second = int(match[1]), int(match[2])
        if second != first + 1:
            self.fail(f"'{value}' is geen schooljaar; bedoel je {first}-{first + 1}?", param, ctx)
        return f"{first}-{second}"


class DutchChoice(click.Choice):
    """A closed vocabulary; matches case-insensitively and refuses in Dutch."""

    def __init__(self, choices):
        super().__init__(list(choices), case_sensitive=False)

    def convert(self, value, param, ctx):
        text = _one_line(value)
        for choice in self.choices:
            if text.lower() == choice.lower():
                return choice
        self.fail(f"'{text}' is geen toegelaten antwoord; kies uit: {', '.join(self.choices)}", param, ctx)


class StructuurType(DutchChoice):
    """A structuuronderdeel that rule R1 allows for IAO in the given domein."""

    def __init__(self, domein: str):
        self.domein = domein
        allowed = list(IAO_STRUCTUUR)
        if domein == "muziek":
            allowed.insert(0, "2de graad volwassenen")
        super().__init__(allowed)

    def convert(self, value, param, ctx):
        text = _one_line(value)
        known = {s.lower(): s for s in STRUCTUURONDERDELEN}
        if text.lower() in known and text.lower() not in (c.lower() for c in self.choices):
            rule = ("IAO kan enkel voor klasgroepen van de 3de graad, de 4de graad, een kortlopende "
                    "studierichting of de 2de graad volwassenen in het domein muziek (regel R1)")
            if known[text.lower()] == "2de graad volwassenen":
                self.fail(f"de 2de graad volwassenen komt enkel in het domein muziek in aanmerking, niet in {self.domein}. {rule}", param, ctx)
            self.fail(f"voor de {known[text.lower()]} is IAO niet toegestaan. {rule}", param, ctx)
        return super().convert(value, param, ctx)


class YesNoType(click.ParamType):
    """Ja of nee; the English y/n that click.confirm knows are accepted too."""

    name = "ja/nee"
    YES, NO = ("j", "ja", "y", "yes"), ("n", "nee", "neen", "no")

    def convert(self, value, param, ctx):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        self.fail(f"'{value}': antwoord met j (ja) of n (nee)", param, ctx)


class NumberType(click.ParamType):
    """A number within bounds, with the reason for the bounds in the message."""

    name = "getal"

    def __init__(self, low: float, high: float, *, integer: bool, strict: bool = False, reason: str = ""):
        self.low, self.high, self.integer, self.strict, self.reason = low, high, integer, strict, reason

    def convert(self, value, param, ctx):
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            number = int(text) if self.integer else float(text)
        except ValueError:
            kind = "een geheel getal" if self.integer else "een getal"
            self.fail(f"'{value}': verwacht {kind}", param, ctx)
        if not self.integer and number == int(number):
            number = int(number)
        inside = self.low < number < self.high if self.strict else self.low <= number <= self.high
        if not inside:
            bounds = (f"meer dan {self.low:g} en minder dan {self.high:g}" if self.strict
                      else f"minstens {self.low:g} en hoogstens {self.high:g}")
            self.fail(f"{number:g} kan niet: verwacht {bounds}" + (f"; {self.reason}" if self.reason else ""), param, ctx)
        return number


class DateType(click.ParamType):
    """A date JJJJ-MM-DD that exists, plus optional checks on its place in time.

    Each check takes the date and returns a Dutch message when it is wrong.
    """

    name = "datum"

    def __init__(self, *checks: Callable[[datetime.date], str | None]):
        self.checks = checks

    def convert(self, value, param, ctx):
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not match:
            self.fail(f"'{text}': verwacht een datum als JJJJ-MM-DD, bijvoorbeeld 2027-03-22", param, ctx)
        year, month, day = map(int, match.groups())
        if not 1 <= month <= 12:
            self.fail(f"'{text}' bestaat niet: de maand moet tussen 1 en 12 liggen", param, ctx)
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            self.fail(f"'{text}' bestaat niet: {_MONTHS[month - 1]} {year} heeft {days} dagen", param, ctx)
        date = datetime.date(year, month, day)
        for check in self.checks:
            message = check(date)
            if message:
                self.fail(f"{date.isoformat()}: {message}", param, ctx)
        return date


class OndernemingsnummerType(TextType):
    """An enterprise number; a failing mod-97 check is a warning the user may overrule."""

    def convert(self, value, param, ctx):
        from .rules import is_valid_ondernemingsnummer

        text = super().convert(value, param, ctx)
        if not is_valid_ondernemingsnummer(text):
            click.echo(f"Let op: '{text}' is geen geldig ondernemingsnummer (10 cijfers, controlegetal modulo 97).")
            if not ask_yes_no("Toch dit nummer gebruiken?", default=False):
                self.fail("typ het ondernemingsnummer opnieuw, bijvoorbeeld 0207.654.333", param, ctx)
        return text


TEXT = TextType()
EMAIL = PatternType(r"[^@\s]+@[^@\s]+\.[^@\s]+", "verwacht een e-mailadres, bijvoorbeeld academie@voorbeeldstad.be")
INSTELLINGSNUMMER = PatternType(r"\d{6}", "verwacht zes cijfers, bijvoorbeeld 129999")
YES_NO = YesNoType()


# --- Asking -------------------------------------------------------------------


def ask(text: str, type: click.ParamType = TEXT, default: Any = None, required: bool = True,
        empty: str = "leeg laten mag") -> Any:
    """Ask one question until the answer converts; an empty answer takes the default.

    We read the raw answer with click.prompt and convert it ourselves, so that
    a refused answer is explained with 'Fout: ...' in Dutch (click would say 'Error').
    Without a default, an optional question may be left empty (returns None);
    `empty` is the hint that says so.
    """
    shown = text
    if isinstance(type, click.Choice):
        shown += f" ({', '.join(type.choices)})"
    if default is not None:
        shown += f" [{_show_default(default)}]"
    elif not required:
        shown += f" ({empty})"
    return _prompt_until_valid(shown, type, default, "dit antwoord is verplicht" if required else None)


def ask_yes_no(text: str, default: bool | None = None) -> bool:
    hint = {True: "J/n", False: "j/N", None: "j/n"}[default]
    return _prompt_until_valid(f"{text} [{hint}]", YES_NO, default, "antwoord met j (ja) of n (nee)")


def _prompt_until_valid(shown: str, type: click.ParamType, default: Any, if_empty: str | None) -> Any:
    """Prompt until the answer converts. An empty answer gives the default; without
    one, `if_empty` is the reason it is refused (None: it is accepted as None)."""
    while True:
        raw = click.prompt(shown, default="", show_default=False).strip()
        if not raw:
            if default is not None:
                return default
            if if_empty is None:
                return None
            click.echo(f"Fout: {if_empty}.")
            continue
        try:
            return type.convert(raw, None, None)
        except click.BadParameter as exc:
            click.echo(f"Fout: {exc.message}.")


def _show_default(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def heading(title: str) -> None:
    click.echo("")
    click.echo(click.style(f"== {title} ==", bold=True))


# --- The interview --------------------------------------------------------------


def interview() -> str:
    """Ask every question of the profile and return the YAML text of the new profile."""
    click.echo("We stellen een reeks vragen om het academieprofiel voor interactief afstandsonderwijs (IAO) op te bouwen.")
    click.echo("Een antwoord tussen [haken] is de standaardwaarde: druk op Enter om die te nemen.")
    data: dict[str, Any] = {}

    heading("Schooljaar")
    today = datetime.date.today()
    data["schooljaar"] = ask("In welk schooljaar start het IAO?", SchooljaarType(), f"{today.year + 1}-{today.year + 2}")
    startjaar = int(data["schooljaar"][:4])

    data["academie"] = _ask_academie()
    data["schoolbestuur"] = _ask_schoolbestuur(data["academie"]["adres"])
    data["reglementen"] = _ask_reglementen(startjaar)
    data["afstandsonderwijs"] = _ask_afstandsonderwijs(data["academie"]["adres"])
    data["personeel"] = _ask_personeel()
    data["opnames"] = _ask_opnames()
    data["verwerker"] = _ask_verwerker()
    heading("Planning")
    data["planning"] = ask_planning(startjaar)
    return _checked_text(data, startjaar)


def _ask_academie() -> dict[str, Any]:
    heading("Academie")
    academie: dict[str, Any] = {}
    academie["naam"] = ask("Naam van de academie")
    academie["instellingsnummer"] = ask("Instellingsnummer (zes cijfers)", INSTELLINGSNUMMER, required=False)
    academie["adres"] = ask("Adres van de academie (straat en nummer, postcode gemeente)", required=False)
    academie["directeur"] = ask("Naam van de directeur", required=False)
    academie["email"] = ask("E-mailadres van de academie", EMAIL, required=False)
    academie["website"] = ask("Website van de academie", required=False)
    return academie


def _ask_schoolbestuur(academie_adres: str | None) -> dict[str, Any]:
    heading("Schoolbestuur")
    bestuur: dict[str, Any] = {}
    bestuur["soort"] = ask("Is het schoolbestuur een gemeente of een stad?", DutchChoice(SOORTEN), "gemeente")
    bestuur["naam"] = ask("Naam van het schoolbestuur", default=_bestuur_default(bestuur["soort"], academie_adres))
    bestuur["adres"] = ask("Adres van het gemeente- of stadhuis", required=False)
    bestuur["ondernemingsnummer"] = ask("Ondernemingsnummer van het schoolbestuur", OndernemingsnummerType(), required=False)
    bestuur["burgemeester"] = ask("Naam van de burgemeester", required=False)
    bestuur["schepen_van_onderwijs"] = ask("Naam van de schepen van onderwijs", required=False)
    bestuur["voorzitter_gemeenteraad"] = ask("Naam van de voorzitter van de gemeenteraad", required=False)
    bestuur["algemeen_directeur"] = ask("Naam van de algemeen directeur", required=False)
    click.echo("De gemeenteraad stelt de wijziging van het arbeidsreglement vast, of het college als de raad dat gedelegeerd heeft.")
    bestuur["arbeidsreglement_vastgesteld_door"] = ask(
        "Wie stelt de wijziging van het arbeidsreglement vast?", DutchChoice(VASTGESTELD_DOOR), "gemeenteraad")
    bestuur["verwerkersovereenkomst_gesloten_door"] = ask(
        "Wie sluit de verwerkersovereenkomst af volgens de lokale bevoegdheidsregeling?", DutchChoice(GESLOTEN_DOOR), "college")
    click.echo("Een overheid moet een functionaris voor gegevensbescherming (DPO) hebben (AVG art. 37).")
    bestuur["functionaris_gegevensbescherming"] = {
        "naam": ask("Naam van de functionaris voor gegevensbescherming (DPO)"),
        "email": ask("E-mailadres van de DPO", EMAIL, required=False),
    }
    return bestuur


def _ask_reglementen(startjaar: int) -> dict[str, Any]:
    heading("Reglementen")
    before_start = _before(datetime.date(startjaar, 9, 1), f"de start van het schooljaar (1 september {startjaar})")
    return {
        "academiereglement": {"laatst_vastgesteld_op": ask(
            "Wanneer stelde de gemeenteraad het academiereglement laatst vast? (JJJJ-MM-DD)", DateType(before_start), required=False)},
        "arbeidsreglement": {"laatst_vastgesteld_op": ask(
            "Wanneer werd het arbeidsreglement laatst vastgesteld? (JJJJ-MM-DD)", DateType(before_start), required=False)},
    }


def _ask_afstandsonderwijs(academie_adres: str | None) -> dict[str, Any]:
    heading("Interactief afstandsonderwijs")
    ao: dict[str, Any] = {}
    ao["platform"] = ask("Op welk digitaal platform wordt synchroon lesgegeven? (bv. Microsoft Teams)")
    click.echo("Geef nu de vakken met IAO, één per keer. IAO kan enkel voor de 3de graad, de 4de graad,")
    click.echo("een kortlopende studierichting en de 2de graad volwassenen in het domein muziek.")
    ao["vakken"] = []
    while True:
        ao["vakken"].append(_ask_vak(len(ao["vakken"]) + 1))
        if not ask_yes_no("Nog een vak toevoegen?", default=False):
            break

    click.echo("IAO kan ook dienen voor remediëring van een leerling die om een gewettigde reden afwezig is.")
    remediering = ao["remediering"] = {"toegestaan": ask_yes_no("Mag IAO gebruikt worden voor remediëring?", default=False)}
    if remediering["toegestaan"]:
        remediering["voorwaarden"] = ask("Onder welke voorwaarden? (één zin of een paar zinnen)")

    click.echo("Leerlingen moeten het IAO ook in een vestigingsplaats van de academie kunnen volgen.")
    ao["vestigingsplaatsen"] = []
    while True:
        ao["vestigingsplaatsen"].append(_ask_vestigingsplaats(len(ao["vestigingsplaatsen"]) + 1, academie_adres))
        if not ask_yes_no("Nog een vestigingsplaats toevoegen?", default=False):
            break
    return ao


def _ask_vak(number: int) -> dict[str, Any]:
    vak: dict[str, Any] = {"vak": ask(f"Vak {number}: naam van het vak")}
    vak["domein"] = ask("Domein", DutchChoice(DOMEINEN), "muziek")
    vak["structuuronderdeel"] = ask("Structuuronderdeel", StructuurType(vak["domein"]))
    vak["aandeel_procent"] = ask(
        "Welk deel van de lestijden op jaarbasis wordt IAO (in procent)?",
        NumberType(0, 100, integer=False, strict=True,
                   reason="een vak kan nooit volledig als IAO georganiseerd worden, dus het aandeel ligt boven 0 en onder 100 procent (regel R2)"))
    vak["geevalueerd"] = ask_yes_no("Worden de leerinhouden die via IAO aangeboden worden geëvalueerd?")
    return vak


def _ask_vestigingsplaats(number: int, academie_adres: str | None) -> dict[str, Any]:
    """The first one defaults to the main building at the academy's address."""
    first = number == 1
    plaats: dict[str, Any] = {"naam": ask(f"Vestigingsplaats {number}: naam", default="Hoofdvestiging" if first else None)}
    plaats["adres"] = ask("Adres", default=academie_adres if first and academie_adres else None, required=False)
    plaats["lokaal"] = ask("In welk lokaal volgen de leerlingen het IAO?")
    plaats["infrastructuur"] = [ask("Infrastructuur, onderdeel 1 (bv. laptop)")]
    while True:
        item = ask(f"Infrastructuur, onderdeel {len(plaats['infrastructuur']) + 1}",
                   required=False, empty="leeg laten als alles opgesomd is")
        if item is None:
            break
        plaats["infrastructuur"].append(item)
    plaats["toezicht"] = ask("Wie houdt er toezicht?")
    return plaats


def _ask_personeel() -> dict[str, Any]:
    heading("Personeel")
    personeel: dict[str, Any] = {}
    personeel["inzet"] = ask("Van waar geven de leerkrachten het IAO?", DutchChoice(INZET), "academie")
    if personeel["inzet"] != "academie":
        personeel["voorwaarden_thuiswerk"] = ask("Onder welke voorwaarden mogen leerkrachten van thuis uit lesgeven?")
    personeel["professionalisering_nodig"] = ask_yes_no("Is professionalisering (nascholing) van de leerkrachten nodig?", default=False)
    if personeel["professionalisering_nodig"]:
        personeel["professionalisering"] = ask("Beschrijf de geplande professionalisering (wat en wanneer)", required=False)
    return personeel


def _ask_opnames() -> dict[str, Any]:
    heading("Opnames van de lessen")
    opnames: dict[str, Any] = {}
    regels = DutchChoice(OPNAMEREGELS)
    opnames["leerlingen"] = ask("Mogen leerlingen de lessen opnemen?", regels, "verboden")
    opnames["leerkrachten"] = ask("Mogen leerkrachten de lessen opnemen?", regels, "verboden")
    if "enkel_met_toestemming" in (opnames["leerlingen"], opnames["leerkrachten"]):
        opnames["bewaartermijn_dagen"] = ask(
            "Hoeveel dagen mogen opnames met toestemming bewaard worden?", NumberType(0, 3650, integer=True), 30)
    opnames["verspreiden"] = ask("Mogen opnames of beelden van de lessen verspreid worden?", regels, "verboden")
    return opnames


def _ask_verwerker() -> dict[str, Any]:
    heading("Verwerker (aanbieder van het platform)")
    verwerker: dict[str, Any] = {}
    verwerker["naam"] = ask("Naam van de verwerker")
    verwerker["adres"] = ask("Adres van de verwerker", required=False)
    verwerker["ondernemingsnummer"] = ask("Ondernemingsnummer van de verwerker", OndernemingsnummerType(), required=False)
    verwerker["bestaande_overeenkomst"] = ask_yes_no(
        "Is er al een verwerkersovereenkomst met deze verwerker die aangepast wordt? (nee: er wordt een nieuwe gesloten)")
    verwerker["opslaglocatie"] = ask("Waar worden de gegevens opgeslagen?", DutchChoice(OPSLAGLOCATIES), "EER")
    if verwerker["opslaglocatie"] == "buiten_EER":
        click.echo("Let op: voor opslag buiten de EER zijn waarborgen voor de doorgifte nodig (AVG hoofdstuk V); bespreek dit met de DPO.")
    verwerker["meldtermijn_datalek_uren"] = ask(
        "Binnen hoeveel uur meldt de verwerker een datalek?", NumberType(1, 720, integer=True), 24)
    verwerker["subverwerkers"] = []
    if ask_yes_no("Werkt de verwerker met subverwerkers (bv. voor hosting)?", default=False):
        while True:
            number = len(verwerker["subverwerkers"]) + 1
            verwerker["subverwerkers"].append({
                "naam": ask(f"Subverwerker {number}: naam"),
                "dienst": ask("Welke dienst levert die?", required=False),
                "locatie": ask("Waar (land)?", required=False),
            })
            if not ask_yes_no("Nog een subverwerker toevoegen?", default=False):
                break
    return verwerker


def _checked_text(data: dict[str, Any], startjaar: int) -> str:
    """Our own YAML text, parsed back and checked as `iao check` will; the
    planning is asked again until rule R9 holds, other findings are shown."""
    from . import rules
    from .profile import profile_from_data
    from .yamlsource import load

    while True:
        text = render(data)
        parsed, _ = load(text, "<nieuw profiel>")
        findings = rules.check(profile_from_data(parsed, "<nieuw profiel>"))
        planning_errors = [f for f in findings if f.is_error and f.rule.id == "R9"]
        if not planning_errors:
            break
        click.echo("De planning klopt nog niet:")
        for finding in planning_errors:
            click.echo(f"  {finding.field}: {finding.detail}")
        data["planning"] = ask_planning(startjaar)

    _echo_findings("Het profiel breekt nog deze regels; pas het bestand aan voor je documenten maakt:", rules.errors(findings))
    _echo_findings("Waarschuwingen:", rules.warnings(findings))
    return text


def _echo_findings(title: str, findings: list) -> None:
    if findings:
        click.echo(title)
        for finding in findings:
            click.echo(f"  {finding.rule.id} {finding.field}: {finding.detail}")


def ask_planning(startjaar: int) -> dict[str, datetime.date]:
    """The four planning dates, each checked against the ones before it (rule R9)."""
    start, end = datetime.date(startjaar, 9, 1), datetime.date(startjaar + 1, 8, 31)
    click.echo("Datums als JJJJ-MM-DD. De volgorde: vakbondsonderhandeling, gemeenteraad, inschrijvingen, eerste lesdag.")
    planning: dict[str, datetime.date] = {}
    planning["onderhandelingscomite"] = ask(
        "Datum van de vakbondsonderhandeling (onderhandelingscomité)",
        DateType(_before(start, f"de start van het schooljaar (1 september {startjaar})")))
    planning["gemeenteraad"] = ask(
        "Datum van de gemeenteraad die de wijzigingen vaststelt",
        DateType(_after(planning["onderhandelingscomite"], "de vakbondsonderhandeling"),
                 _before(start, f"1 september {startjaar}, wanneer de wijzigingen in werking treden")))
    planning["start_inschrijvingen"] = ask(
        "Startdatum van de inschrijvingen (leerlingen en ouders worden dan geïnformeerd)",
        DateType(_after(planning["gemeenteraad"], "de gemeenteraad")))
    planning["eerste_lesdag"] = ask(
        "Eerste lesdag",
        DateType(_after(planning["start_inschrijvingen"], "de start van de inschrijvingen"),
                 lambda d: None if start <= d <= end else
                 f"valt niet in het schooljaar {startjaar}-{startjaar + 1} (1 september {startjaar} tot 31 augustus {startjaar + 1})"),
        default=start if start > planning["start_inschrijvingen"] else None)
    return planning


def _after(earlier: datetime.date, what: str) -> Callable[[datetime.date], str | None]:
    return lambda d: None if d > earlier else f"moet na {what} ({earlier.isoformat()}) liggen"


def _before(later: datetime.date, what: str) -> Callable[[datetime.date], str | None]:
    return lambda d: None if d < later else f"moet vóór {what} liggen"


def _bestuur_default(soort: str, adres: str | None) -> str | None:
    """'Gemeente Voorbeeldstad' from an address like 'Kunstlaan 12, 9999 Voorbeeldstad'."""
    match = re.search(r"\b\d{4}\s+(.+)$", adres or "")
    return f"{soort.capitalize()} {match[1].strip()}" if match else None


# --- The YAML emitter ---------------------------------------------------------

HEADER = """\
# Academieprofiel voor interactief afstandsonderwijs (IAO)
#
# Gemaakt met 'iao init'. Je mag dit bestand met een teksteditor aanpassen;
# controleer het daarna met 'iao check'. Een veld zonder waarde is nog niet ingevuld.
# Datums in ISO-formaat (JJJJ-MM-DD). Percentages als getal.
"""

NOTE_COLUMN = 35
WRAP = 88
FOLD_OVER = 60  # free text longer than this is written as a folded block (>-)


def scalar(value: Any) -> str:
    """One value as YAML text; strings are quoted when YAML would misread them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if _plain_is_safe(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _plain_is_safe(text: str) -> bool:
    if not text or text != text.strip() or "#" in text or ": " in text or text[0] in "\"'&*!|>%@`{}[],?:-":
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


class _Writer:
    def __init__(self):
        self.lines: list[str] = []

    def blank(self) -> None:
        self.lines.append("")

    def comment(self, indent: int, text: str) -> None:
        for line in textwrap.wrap(text, WRAP - indent - 2):
            self.lines.append(" " * indent + "# " + line)

    def section(self, indent: int, key: str, dash: bool = False) -> None:
        self._add(indent, key, "", None, dash)

    def field(self, indent: int, key: str, value: Any, note: str | None = None, dash: bool = False) -> None:
        if isinstance(value, str) and len(value) > FOLD_OVER:
            self._add(indent, key, ">-", note, dash)
            inner = indent + (4 if dash else 2)
            for line in textwrap.wrap(value, WRAP - inner, break_long_words=False, break_on_hyphens=False):
                self.lines.append(" " * inner + line)
        else:
            self._add(indent, key, scalar(value), note, dash)

    def items(self, indent: int, key: str, values: list) -> None:
        if not values:
            self._add(indent, key, "[]", None, False)
            return
        self.section(indent, key)
        for value in values:
            self.lines.append(" " * (indent + 2) + "- " + scalar(value))

    def _add(self, indent: int, key: str, value: str, note: str | None, dash: bool) -> None:
        line = " " * indent + ("- " if dash else "") + f"{key}:" + (f" {value}" if value else "")
        if note:
            line += " " * max(2, NOTE_COLUMN - len(line)) + "# " + note
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def render(data: dict[str, Any]) -> str:
    """The profile as commented YAML, in the field order of the reference profile.

    Conditional fields that were not asked (remediation conditions, home-working
    conditions, ...) are left out; optional fields left empty are written empty.
    """
    w = _Writer()
    w.lines.extend(HEADER.splitlines())
    w.blank()
    w.field(0, "schooljaar", data["schooljaar"], "schooljaar waarin het IAO van start gaat")

    a = data["academie"]
    w.blank()
    w.section(0, "academie")
    w.field(2, "naam", a["naam"])
    w.field(2, "instellingsnummer", a["instellingsnummer"], "zes cijfers")
    for key in ("adres", "directeur", "email", "website"):
        w.field(2, key, a[key])

    b = data["schoolbestuur"]
    w.blank()
    w.section(0, "schoolbestuur")
    w.field(2, "soort", b["soort"], "gemeente of stad")
    for key in ("naam", "adres", "ondernemingsnummer", "burgemeester", "schepen_van_onderwijs",
                "voorzitter_gemeenteraad", "algemeen_directeur"):
        w.field(2, key, b[key])
    w.comment(2, "Wie stelt de wijziging van het arbeidsreglement vast: de gemeenteraad, "
                 "of het college van burgemeester en schepenen als de raad dat gedelegeerd heeft.")
    w.field(2, "arbeidsreglement_vastgesteld_door", b["arbeidsreglement_vastgesteld_door"], "gemeenteraad of college")
    w.comment(2, "Wie sluit de verwerkersovereenkomst af volgens de lokale bevoegdheidsregeling.")
    w.field(2, "verwerkersovereenkomst_gesloten_door", b["verwerkersovereenkomst_gesloten_door"],
            "gemeenteraad, college of algemeen_directeur")
    w.comment(2, "De functionaris voor gegevensbescherming (DPO) is verplicht voor een overheid (AVG art. 37).")
    w.section(2, "functionaris_gegevensbescherming")
    w.field(4, "naam", b["functionaris_gegevensbescherming"]["naam"])
    w.field(4, "email", b["functionaris_gegevensbescherming"]["email"])

    r = data["reglementen"]
    w.blank()
    w.section(0, "reglementen")
    w.section(2, "academiereglement")
    w.field(4, "laatst_vastgesteld_op", r["academiereglement"]["laatst_vastgesteld_op"], "laatste vaststelling door de gemeenteraad")
    w.section(2, "arbeidsreglement")
    w.field(4, "laatst_vastgesteld_op", r["arbeidsreglement"]["laatst_vastgesteld_op"])

    ao = data["afstandsonderwijs"]
    w.blank()
    w.section(0, "afstandsonderwijs")
    w.field(2, "platform", ao["platform"], "digitaal platform waarop synchroon les wordt gegeven")
    w.comment(2, "Per vak: voor welk structuuronderdeel, welk deel van de lestijden op jaarbasis "
                 "als IAO (in procent, nooit 100), en of die leerstof geëvalueerd wordt.")
    w.comment(2, "Domein: muziek, woordkunst-drama, dans of beeldende en audiovisuele kunsten. "
                 "Structuuronderdeel: 3de graad, 4de graad, kortlopende studierichting, "
                 "of 2de graad volwassenen (enkel in het domein muziek).")
    w.section(2, "vakken")
    for vak in ao["vakken"]:
        w.field(4, "vak", vak["vak"], dash=True)
        for key in ("domein", "structuuronderdeel", "aandeel_procent", "geevalueerd"):
            w.field(6, key, vak[key])
    w.comment(2, "IAO voor remediërende leeractiviteiten voor een individuele leerling die "
                 "om een gewettigde reden afwezig is.")
    w.section(2, "remediering")
    w.field(4, "toegestaan", ao["remediering"]["toegestaan"], "true (ja) of false (nee)")
    if "voorwaarden" in ao["remediering"]:
        w.field(4, "voorwaarden", ao["remediering"]["voorwaarden"])
    w.comment(2, "Waar leerlingen het IAO in een vestigingsplaats van de academie kunnen volgen.")
    w.section(2, "vestigingsplaatsen")
    for plaats in ao["vestigingsplaatsen"]:
        w.field(4, "naam", plaats["naam"], dash=True)
        w.field(6, "adres", plaats["adres"])
        w.field(6, "lokaal", plaats["lokaal"])
        w.items(6, "infrastructuur", plaats["infrastructuur"])
        w.field(6, "toezicht", plaats["toezicht"])

    p = data["personeel"]
    w.blank()
    w.section(0, "personeel")
    w.comment(2, "Van waar geven de leerkrachten het IAO: academie, thuis, of academie_of_thuis")
    w.field(2, "inzet", p["inzet"])
    if "voorwaarden_thuiswerk" in p:
        w.field(2, "voorwaarden_thuiswerk", p["voorwaarden_thuiswerk"])
    w.field(2, "professionalisering_nodig", p["professionalisering_nodig"], "true (ja) of false (nee)")
    if "professionalisering" in p:
        w.field(2, "professionalisering", p["professionalisering"])

    o = data["opnames"]
    w.blank()
    w.section(0, "opnames")
    w.comment(2, "verboden, of enkel_met_toestemming (van de directeur en alle deelnemers)")
    w.field(2, "leerlingen", o["leerlingen"])
    w.field(2, "leerkrachten", o["leerkrachten"])
    if "bewaartermijn_dagen" in o:
        w.field(2, "bewaartermijn_dagen", o["bewaartermijn_dagen"], "enkel voor opnames die met toestemming gemaakt zijn")
    w.field(2, "verspreiden", o["verspreiden"], "opnames of beelden van lessen verspreiden")

    v = data["verwerker"]
    w.blank()
    w.section(0, "verwerker")
    for key in ("naam", "adres", "ondernemingsnummer"):
        w.field(2, key, v[key])
    w.comment(2, "true: de bestaande verwerkersovereenkomst wordt aangepast; false: een nieuwe wordt afgesloten")
    w.field(2, "bestaande_overeenkomst", v["bestaande_overeenkomst"])
    w.field(2, "opslaglocatie", v["opslaglocatie"], "EER of buiten_EER")
    w.field(2, "meldtermijn_datalek_uren", v["meldtermijn_datalek_uren"], "uren om een datalek te melden")
    if v["subverwerkers"]:
        w.section(2, "subverwerkers")
        for sub in v["subverwerkers"]:
            w.field(4, "naam", sub["naam"], dash=True)
            w.field(6, "dienst", sub["dienst"])
            w.field(6, "locatie", sub["locatie"])
    else:
        w.items(2, "subverwerkers", [])

    pl = data["planning"]
    w.blank()
    w.section(0, "planning")
    w.field(2, "onderhandelingscomite", pl["onderhandelingscomite"], "vakbondsonderhandeling over het arbeidsreglement")
    w.field(2, "gemeenteraad", pl["gemeenteraad"], "vaststelling van de wijzigingen")
    w.field(2, "start_inschrijvingen", pl["start_inschrijvingen"], "leerlingen/ouders worden bij inschrijving geïnformeerd")
    w.field(2, "eerste_lesdag", pl["eerste_lesdag"])
    return w.text()
