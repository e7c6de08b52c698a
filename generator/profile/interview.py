"""`iao init`: build an academy profile by asking questions, one at a time.

The questions are not written here: they come from the profile model, where each
field declares its question, default, condition and choices (profile.Veld). The
interview walks that declaration in field order. Each answer is parsed here
(dates, numbers, ja/nee, choices) and then checked by the profile model and the
rules of rules.py on the profile built so far, so a wrong answer is asked again
with the rule's own Dutch explanation instead of surfacing later in `iao check`.
A warning (an invalid ondernemingsnummer, ...) may be overruled.

Every question has an identity, the field path it fills: `schooljaar`,
`afstandsonderwijs.vakken[0].aandeel_procent`. Two more kinds of question:
`afstandsonderwijs.vakken[1]?` asks whether there is an item 1 ("Nog een vak
toevoegen?"), and `schoolbestuur.ondernemingsnummer!` whether to keep an answer
despite a warning. The prompt function receives that identity, so tests answer
by question, not by position.

The profile is written as YAML text by a small emitter of our own that walks the
same declaration, so that it carries the field descriptions as comments and keeps
the field order. The text is parsed back and checked before it is returned.
"""

from __future__ import annotations

import calendar
import copy
import datetime
import json
import re
import sys
import textwrap
import typing
from collections.abc import Callable
from typing import Any

import click
import yaml

from generator.errors import EXIT_RULES, IaoError, ProfileError
from generator.profile import rules
from generator.profile.fields import GROEP, LIJST, OPSOMMING, VRIJ, Veldinfo, toelichting, velden
from generator.profile.loading import LoadedProfile, profile_from_data
from generator.profile.model import Profiel
from generator.profile.values import MAX_TEXT, XML_ILLEGAL
from generator.profile.yamlsource import MAX_ITEMS, format_path, load

Prompt = Callable[[str, str], str]  # (question identity, question as shown) -> the raw answer

# Wrong answers to one question before the interview stops: nobody types a wrong
# answer this often, a script (`yes | iao init`) would forever.
MAX_ATTEMPTS = 5


class InterviewStopped(IaoError):
    """The answers do not come from a person (or not at all): nothing is written."""

    exit_code = EXIT_RULES


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


# --- Answer types: each turns the typed text into a value or fails in Dutch -----


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


class YesNoType(click.ParamType):
    """Ja of nee; the English y/n that click.confirm knows are accepted too."""

    name = "ja/nee"
    YES, NO = ("j", "ja", "y", "yes"), ("n", "nee", "neen", "no")

    def convert(self, value, param, ctx):
        text = str(value).strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        self.fail(f"'{value}': antwoord met j (ja) of n (nee)", param, ctx)


class NumberType(click.ParamType):
    """A number; '25 %' and '12,5' are read too. Its bounds are the model's."""

    name = "getal"

    def __init__(self, *, integer: bool):
        self.integer = integer

    def convert(self, value, param, ctx):
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            number = int(text) if self.integer else float(text)
        except ValueError:
            self.fail(f"'{value}': verwacht {'een geheel getal' if self.integer else 'een getal'}", param, ctx)
        return int(number) if number == int(number) else number


class DateType(click.ParamType):
    """A date JJJJ-MM-DD that exists; its place in time is for the rules."""

    name = "datum"

    def convert(self, value, param, ctx):
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
        return datetime.date(year, month, day)


TEXT = TextType()
YES_NO = YesNoType()


def answer_type(veld: Veldinfo) -> click.ParamType:
    """How the answer to a declared field is read, from the field's type."""
    if typing.get_origin(veld.type) is typing.Literal:
        return DutchChoice(typing.get_args(veld.type))
    return {bool: YES_NO, int: NumberType(integer=True), float: NumberType(integer=False), datetime.date: DateType()}.get(veld.type, TEXT)


# --- Asking ---------------------------------------------------------------------


def terminal_prompt(key: str, shown: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return click.prompt(shown, default="", show_default=False)
    return _piped_answer(shown)


def _piped_answer(shown: str) -> str:
    """One line of piped input, never more than MAX_TEXT characters (an endless
    stream without line ends, such as /dev/zero, must not fill the memory)."""
    click.echo(f"{shown}: ", nl=False)
    try:
        line = sys.stdin.readline(MAX_TEXT + 2) if sys.stdin is not None else ""
    except UnicodeDecodeError:
        raise InterviewStopped(
            "de invoer is geen tekst (UTF-8); beantwoord de vragen zelf of gebruik 'iao init --voorbeeld'. Er is niets geschreven."
        ) from None
    if not line:
        raise InterviewStopped(
            "de invoer is op voor alle vragen beantwoord zijn; er is niets geschreven. Beantwoord de vragen zelf, of gebruik 'iao init --voorbeeld'."
        )
    if len(line) > MAX_TEXT + 1:
        raise InterviewStopped(f"een antwoord is langer dan {MAX_TEXT} tekens; er is niets geschreven.")
    click.echo("")  # the answer itself is not echoed: it could hold terminal control codes
    return line.rstrip("\r\n")


def _attempts(key: str):
    """Count the tries at one question; stop the interview after MAX_ATTEMPTS wrong answers."""
    yield from range(MAX_ATTEMPTS)
    raise InterviewStopped(
        f"{MAX_ATTEMPTS} keer een ongeldig antwoord op de vraag {key or 'ja/nee'}; iao init stopt "
        "(komen de antwoorden uit een script?). Er is niets geschreven."
    )


def ask_yes_no(text: str, default: bool | None = None, prompt: Prompt | None = None, key: str = "") -> bool:
    """A yes/no question, asked until it is answered (an empty answer takes the default)."""
    hint = {True: "J/n", False: "j/N", None: "j/n"}[default]
    for _ in _attempts(key):
        raw = (prompt or terminal_prompt)(key, f"{text} [{hint}]").strip()
        if not raw and default is not None:
            return default
        try:
            return YES_NO.convert(raw, None, None)
        except click.BadParameter:
            _refuse("antwoord met j (ja) of n (nee)")
    raise AssertionError("unreachable: _attempts raises")


def _not_too_many(items: list, path: tuple) -> None:
    if len(items) >= MAX_ITEMS:
        raise InterviewStopped(
            f"meer dan {MAX_ITEMS} antwoorden voor {format_path(path)}; iao init stopt (komen de antwoorden uit een script?). Er is niets geschreven."
        )


def _refuse(message: str) -> None:
    click.echo(f"Fout: {message.rstrip('.')}.")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "j" if value else "n"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- The interview ----------------------------------------------------------------


def interview(prompt: Prompt | None = None) -> str:
    """Ask every question of the profile and return the YAML text of the new profile."""
    click.echo("We stellen een reeks vragen om het academieprofiel voor interactief afstandsonderwijs (IAO) op te bouwen.")
    click.echo("Een antwoord tussen [haken] is de standaardwaarde: druk op Enter om die te nemen.")
    walker = _Walker(prompt or terminal_prompt)
    walker.group(Profiel, (), walker.answers)
    return _checked_text(walker.answers)


class _Walker:
    """Walks the declaration of the profile and collects the answers as nested data."""

    def __init__(self, prompt: Prompt):
        self.prompt = prompt
        self.answers: dict[str, Any] = {}

    def group(self, model: type, path: tuple, target: dict[str, Any]) -> None:
        for veld in velden(model):
            if veld.veld.als and not veld.veld.als(self.answers):
                continue  # not asked, and not written
            here = path + (veld.naam,)
            if veld.soort == GROEP:
                self._title(veld, top=not path)
                target[veld.naam] = {}
                self.group(veld.type, here, target[veld.naam])
            elif veld.soort == LIJST:
                target[veld.naam] = []
                self.items(veld, here, target[veld.naam])
            elif veld.soort == OPSOMMING:
                target[veld.naam] = self.values(veld, here)
            elif veld.soort == VRIJ:
                target[veld.naam] = self.free_text(veld, here)
            else:
                target[veld.naam] = self.value(veld, here)

    def _title(self, veld: Veldinfo, top: bool) -> None:
        if veld.veld.vraag:
            click.echo("")
            click.echo(click.style(f"== {veld.veld.vraag} ==", bold=True) if top else f"-- {veld.veld.vraag} --")
        if veld.veld.uitleg:
            click.echo(veld.veld.uitleg)

    def items(self, veld: Veldinfo, path: tuple, items: list) -> None:
        """A repeated group: its items one after the other, while the user wants more."""
        if veld.veld.uitleg:
            click.echo(veld.veld.uitleg)
        if veld.veld.eerst and not ask_yes_no(veld.veld.eerst, False, self.prompt, format_path(path + (0,)) + "?"):
            return
        while True:
            _not_too_many(items, path)
            click.echo(f"-- {veld.veld.vraag} {len(items) + 1} --")
            items.append({})
            self.group(veld.type, path + (len(items) - 1,), items[-1])
            if not ask_yes_no(veld.veld.nog_een or "Nog een toevoegen?", False, self.prompt, format_path(path + (len(items),)) + "?"):
                return

    def values(self, veld: Veldinfo, path: tuple) -> list:
        """A list of short texts, one per answer; an empty answer ends it."""
        items: list = []
        refused = _attempts(format_path(path))
        while True:
            _not_too_many(items, path)
            raw = self.prompt(format_path(path + (len(items),)), f"{veld.veld.vraag} {len(items) + 1} (leeg laten als alles opgesomd is)").strip()
            if raw:
                items.append(TEXT.convert(raw, None, None))
                continue
            errors, _ = self.findings(path, items)
            if not errors:
                return items
            for message in errors:
                _refuse(message)
            next(refused)

    def free_text(self, veld: Veldinfo, path: tuple) -> Any:
        """A free answer: one text, or several points asked one after the other (then a list,
        which the documents number 1°, 2°, ...); an empty answer after the first ends it."""
        first = self.value(veld, path)
        if first is None:
            return None
        items = [first]
        while True:
            _not_too_many(items, path)
            raw = self.prompt(format_path(path + (len(items),)), f"Punt {len(items) + 1} (leeg laten als de tekst af is)").strip()
            if not raw:
                return items[0] if len(items) == 1 else items
            items.append(TEXT.convert(raw, None, None))

    def value(self, veld: Veldinfo, path: tuple) -> Any:
        """One answer, asked until the model and the rules accept it (or the user keeps a warned one)."""
        key, kind = format_path(path), answer_type(veld)
        default = veld.standaard(self.answers, path) if callable(veld.standaard) else veld.standaard
        shown = (veld.veld.vraag or veld.veld.beschrijving) + self._hint(kind, default, path)
        for choice, label in (veld.veld.keuzes or {}).items():
            if label != choice:
                click.echo(f"  {choice}: {label}")
        for _ in _attempts(key):
            raw = self.prompt(key, shown).strip()
            try:
                value = kind.convert(raw, None, None) if raw else default
            except click.BadParameter as exc:
                _refuse(exc.message)
                continue
            errors, warnings = self.findings(path, value)
            for message in errors:
                _refuse(message)
            if errors:
                continue
            for message in warnings:
                click.echo(f"Let op: {message}")
            if not warnings or ask_yes_no("Toch dit antwoord gebruiken?", False, self.prompt, key + "!"):
                return value
        raise AssertionError("unreachable: _attempts raises")

    def _hint(self, kind: click.ParamType, default: Any, path: tuple) -> str:
        if kind is YES_NO:
            return " [" + {True: "J/n", False: "j/N", None: "j/n"}[default] + "]"
        hint = f" ({', '.join(kind.choices)})" if isinstance(kind, click.Choice) else ""
        if default is not None:
            return hint + f" [{_show(default)}]"
        errors, _ = self.findings(path, None)
        return hint + ("" if errors else " (leeg laten mag)")

    def findings(self, path: tuple, value: Any) -> tuple[list[str], list[str]]:
        """What the profile model and the rules say about `value` at `path`, given
        the answers so far: (errors, warnings), each a Dutch message."""
        data = copy.deepcopy(self.answers)
        _put(data, path, value)
        fill_required(data, Profiel, path)
        field = format_path(path)
        try:
            profiel = profile_from_data(data).profiel
        except ProfileError as exc:
            here = [p.message for p in exc.problems if p.field == field]
            if not here:
                raise  # the placeholders should always be valid: a bug, not the user's answer
            return here, []
        found = [f for f in rules.check(LoadedProfile(profiel, "", {})) if f.field == field]
        errors = [f"{f.detail} (regel {f.rule.id}: {f.rule.title})" for f in found if f.is_error]
        return errors, [f.detail for f in found if not f.is_error]


def _put(data: dict, path: tuple, value: Any) -> None:
    """Set the answer at `path`; an empty answer is left out, as in a file where it is missing."""
    container = data
    for part in path[:-1]:
        container = container[part]
    if value is None:
        container.pop(path[-1], None)
    else:
        container[path[-1]] = value


def fill_required(data: dict, model: type, skip: tuple, path: tuple = ()) -> None:
    """Give fields that are required but not yet asked a valid stand-in, so that the
    profile so far can be validated; `skip` is the field being asked."""
    for veld in velden(model):
        here = path + (veld.naam,)
        if veld.naam not in data and here != skip and veld.info.is_required():
            data[veld.naam] = {} if veld.soort == GROEP else _stand_in(veld.type)
        if veld.soort == GROEP and veld.naam in data:
            fill_required(data[veld.naam], veld.type, skip, here)
        elif veld.soort == LIJST:
            for i, item in enumerate(data.get(veld.naam, [])):
                fill_required(item, veld.type, skip, here + (i,))


def _stand_in(kind: Any) -> Any:
    if typing.get_origin(kind) is typing.Literal:
        return typing.get_args(kind)[0]
    return {float: 1, int: 1, datetime.date: datetime.date(2000, 1, 1)}.get(kind, "x")


def _checked_text(data: dict[str, Any]) -> str:
    """Our own YAML text, parsed back and checked as `iao check` will; what is still
    wrong or worth a look (a rule across answers) is shown."""
    text = render(data)
    parsed, _ = load(text, "<nieuw profiel>")
    findings = rules.check(profile_from_data(parsed, "<nieuw profiel>"))
    _echo_findings("Het profiel breekt nog deze regels; pas het bestand aan voor je documenten maakt:", rules.errors(findings))
    _echo_findings("Waarschuwingen:", rules.warnings(findings))
    return text


def _echo_findings(title: str, findings: list) -> None:
    if findings:
        click.echo(title)
        for finding in findings:
            click.echo(f"  {finding.rule.id} {finding.field}: {finding.detail}")


# --- The YAML emitter ---------------------------------------------------------

HEADER = """\
# Academieprofiel voor interactief afstandsonderwijs (IAO)
#
# Gemaakt met 'iao init'. Je mag dit bestand met een teksteditor aanpassen;
# controleer het daarna met 'iao check'. Een veld zonder waarde is nog niet ingevuld.
# Datums in ISO-formaat (JJJJ-MM-DD). Percentages als getal.
"""

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
    def __init__(self, header: str):
        self.lines: list[str] = header.splitlines()

    def blank(self) -> None:
        self.lines.append("")

    def key(self, indent: int, key: str, value: str = "", note: str | None = None, dash: bool = False) -> None:
        """`key: value`, its note as a comment above it (at the dash of a list item)."""
        if note:
            for text in textwrap.wrap(note, WRAP - indent - 2):
                self.lines.append(" " * indent + "# " + text)
        self.lines.append(" " * indent + ("- " if dash else "") + f"{key}:" + (f" {value}" if value else ""))

    def value(self, indent: int, key: str, value: Any, note: str | None = None, dash: bool = False) -> None:
        if not (isinstance(value, str) and len(value) > FOLD_OVER):
            self.key(indent, key, scalar(value), note, dash)
            return
        self.key(indent, key, ">-", note, dash)
        inner = indent + (4 if dash else 2)
        for line in textwrap.wrap(value, WRAP - inner, break_long_words=False, break_on_hyphens=False):
            self.lines.append(" " * inner + line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def render(data: dict[str, Any], header: str = HEADER) -> str:
    """The profile as YAML text in the declared field order, each field's description
    as its comment. Fields missing from `data` (conditional questions that were not
    asked) are left out; fields present but empty are written empty."""
    w = _Writer(header)
    for veld in velden(Profiel):
        if veld.naam in data:
            w.blank()
            _write(w, veld, data[veld.naam], 0, notes=True)
    return w.text()


def _write(w: _Writer, veld: Veldinfo, value: Any, indent: int, notes: bool, dash: bool = False) -> None:
    """One field at `indent`; `dash` starts a list item. Fields in list items carry their
    note only in the first item, so a long list is not the same comment over and over."""
    note = toelichting(veld) if notes else None
    inner = indent + (4 if dash else 2)
    if veld.soort == GROEP:
        w.key(indent, veld.naam, note=note, dash=dash)
        _write_fields(w, veld.type, value, inner, notes)
    elif veld.soort == LIJST and value:
        w.key(indent, veld.naam, note=note, dash=dash)
        for i, item in enumerate(value):
            _write_fields(w, veld.type, item, inner, notes and i == 0, dash=True)
    elif veld.soort in (OPSOMMING, VRIJ) and isinstance(value, list) and value:
        w.key(indent, veld.naam, note=note, dash=dash)
        w.lines.extend(" " * inner + "- " + scalar(item) for item in value)
    elif veld.soort in (LIJST, OPSOMMING):
        w.key(indent, veld.naam, "[]", note, dash)
    else:
        w.value(indent, veld.naam, value, note, dash)


def _write_fields(w: _Writer, model: type, data: dict[str, Any], indent: int, notes: bool, dash: bool = False) -> None:
    """The fields of one group or list item; a list item's first field carries the dash."""
    present = [veld for veld in velden(model) if veld.naam in data]
    for i, veld in enumerate(present):
        first = dash and i == 0
        _write(w, veld, data[veld.naam], indent if first or not dash else indent + 2, notes, dash=first)
