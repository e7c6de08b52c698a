"""The profile as a web form: one page per chapter, derived from the declaration.

Like the interview of `iao init`, the form walks the declaration of the profile
(profile.velden) in field order: each field's question is its label, its
description the hint, its `keuzes` the options, its `standaard` the proposed
value and its `als` whether it is shown. The typed text is read by the interview's
own answer types, so the CLI and the form cannot read an answer differently.

Every answer travels in the page, never on the server: the fields of the current
chapter as inputs, the answers of the other chapters as hidden inputs. A form
field is named by its field path, as rules.py and `iao check` name it:
`afstandsonderwijs.vakken[0].vak`; a list carries its number of items in
`afstandsonderwijs.vakken[]`. A field the form does not carry yet (a chapter not
opened so far) takes its default, as an empty answer in the interview does.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime
import functools
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import click

from generator.errors import ProfileError
from generator.profile import rules
from generator.profile.fields import GROEP, LIJST, OPSOMMING, VRIJ, Veldinfo, velden
from generator.profile.interview import FOLD_OVER, TEXT, YES_NO, DateType, answer_type, fill_required
from generator.profile.loading import LoadedProfile, profile_from_data
from generator.profile.model import Profiel
from generator.profile.yamlsource import MAX_ITEMS, format_path
from generator.word.logo import Logo, logo_from_bytes

COUNT = "[]"  # suffix of the hidden field with the number of items of a list
FOUT, WAARSCHUWING = "fout", "waarschuwing"
# The logo is an upload: its bytes travel in the page (base64) beside the name the
# user's file had; a path is never opened on the server.
LOGO = "schoolbestuur.logo"
LOGO_DATA = LOGO + "@data"
LOGO_FILE = LOGO + "@bestand"
DATE_FORMAT = "dag/maand/jaar, bijvoorbeeld 22/03/2027"


@dataclass(frozen=True)
class Melding:
    """A message at a field: a value that cannot be read or a broken rule."""

    soort: str  # FOUT or WAARSCHUWING
    tekst: str
    regel: rules.Rule | None = None


@dataclass
class Invoer:
    """One input: a value, a choice, a yes/no, a date or a list of lines."""

    naam: str
    label: str
    hint: str | None
    soort: str  # tekst, lang, getal, datum, keuze, janee, regels, logo
    waarde: str
    verplicht: bool
    keuzes: list[tuple[str, str]] = field(default_factory=list)
    gezien: bool = True  # shown to the user before (a new question is not scolded)
    stuurt: bool = False  # its answer decides whether another question is shown
    voorbeeld: str | None = None  # logo: a data: URL of the thumbnail
    bijlage: str = ""  # logo: the uploaded bytes in base64, carried in the page


@dataclass
class Groep:
    naam: str
    titel: str
    uitleg: str | None
    velden: list[Any]
    verwijderbaar: bool = False  # an item of a list


@dataclass
class Lijst:
    naam: str
    legende: str  # what the list holds
    titel: str  # the name of one item: "Vak"
    uitleg: str | None
    items: list[Groep]


Node = Invoer | Groep | Lijst


def field_id(naam: str) -> str:
    """An HTML id for a field path: `v-afstandsonderwijs-vakken-0-vak`."""
    return "v-" + re.sub(r"[^A-Za-z0-9_]+", "-", naam).strip("-")


def grouped(meldingen: Mapping[str, list[Melding]]) -> list[tuple[Melding, list[str]]]:
    """Each message once, with the fields it stands at, in the order of the form: the
    summary says "nog het gegeven van het voorbeeldprofiel" once for nine fields, not nine
    times (on a phone that took two screens)."""
    fields: dict[Melding, list[str]] = {}
    for naam, found in meldingen.items():
        for melding in found:
            fields.setdefault(melding, []).append(naam)
    return list(fields.items())


def labels(nodes: list[Node], within: str = "") -> dict[str, str]:
    """Field path -> the label a user reads ("Vak 1 – Naam van het vak"), for the
    summary of messages: a secretariat does not read field paths."""
    found: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, Invoer):
            found[node.naam] = f"{within} – {node.label}" if within else node.label
        elif isinstance(node, Groep):
            found[node.naam] = node.titel or within
            found.update(labels(node.velden, node.titel or within))
        else:
            found[node.naam] = node.legende
            found.update(labels(list(node.items), within))
    return found


@dataclass(frozen=True)
class Hoofdstuk:
    naam: str
    titel: str
    uitleg: str | None


def chapters() -> list[Hoofdstuk]:
    """The chapters of the form: the groups at the top of the profile, in field order."""
    return [Hoofdstuk(veld.naam, veld.veld.vraag or veld.naam, veld.veld.uitleg) for veld in velden(Profiel) if veld.soort == GROEP]


def chapter_of(naam: str) -> str:
    """The chapter a field path belongs to; a value at the top (schooljaar) goes with the first."""
    top = re.split(r"[.\[]", naam, maxsplit=1)[0]
    names = [h.naam for h in chapters()]
    return top if top in names else names[0]


# --- Reading the form -------------------------------------------------------------


@dataclass
class Antwoorden:
    """The answers read from a form: typed data as the interview collects it, the
    fields as the form shows them, and what could not be read."""

    data: dict[str, Any] = field(default_factory=dict)
    nodes: list[Node] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)  # the form fields that carried an answer
    paths: dict[str, tuple] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # field -> Dutch message
    notes: dict[str, str] = field(default_factory=dict)  # field -> a warning that is not a rule
    seen: set[str] = field(default_factory=set)  # the fields shown to the user so far
    steering: set[str] = field(default_factory=set)  # the fields a condition (`als`) reads
    logo: Logo | None = None

    def inputs(self, chapter: str | None = None) -> list[Invoer]:
        """Every input shown, of one chapter or of all."""
        found: list[Invoer] = []

        def walk(nodes: list) -> None:
            for node in nodes:
                if isinstance(node, Invoer):
                    found.append(node)
                else:
                    walk(node.velden if isinstance(node, Groep) else node.items)

        walk(self.nodes if chapter is None else self.chapter(chapter))
        return found

    def unseen(self, chapter: str | None = None) -> list[Invoer]:
        """The questions shown now that nobody has seen yet: their answer would be a default."""
        return [f for f in self.inputs(chapter) if not f.gezien and (f.waarde or f.verplicht)]

    def chapter(self, naam: str) -> list[Node]:
        """The nodes of one chapter (with the top-level values of the first)."""
        out: list[Node] = []
        for node in self.nodes:
            if chapter_of(node.naam) == naam:
                out += node.velden if isinstance(node, Groep) else [node]
        return out


def read(form: Mapping[str, str], seen: set[str] | None = None) -> Antwoorden:
    """Walk the declaration over the form's fields, as the interview walks its questions.
    `seen`: the fields shown to the user before (every field the form carries counts)."""
    answers = Antwoorden(seen=set(seen or ()) | {name for name in form if name not in (LOGO_DATA,)})
    answers.nodes = _group(answers, form, Profiel, (), answers.data)
    for node in answers.inputs():
        node.stuurt = node.naam in answers.steering
    return answers


def _group(a: Antwoorden, form: Mapping[str, str], model: type, path: tuple, target: dict[str, Any]) -> list[Node]:
    nodes: list[Node] = []
    for veld in velden(model):
        if veld.veld.als and not _holds(veld, a):
            continue  # not shown, and not written
        here = path + (veld.naam,)
        naam = format_path(here)
        if veld.soort == GROEP:
            target[veld.naam] = {}
            nodes.append(Groep(naam, _title(veld.veld.vraag or veld.veld.beschrijving), veld.veld.uitleg, _group(a, form, veld.type, here, target[veld.naam])))
        elif veld.soort == LIJST:
            target[veld.naam] = []
            nodes.append(_items(a, form, veld, here, target[veld.naam]))
        else:
            a.paths[naam] = here
            target[veld.naam], node = _value(a, form, veld, here)
            nodes.append(node)
    return nodes


def _holds(veld: Veldinfo, a: Antwoorden) -> bool:
    try:
        return bool(veld.veld.als and veld.veld.als(_Reads(a.data, (), a.steering)))
    except (KeyError, TypeError):  # the answer it depends on could not be read
        return False


class _Reads(dict):
    """The answers as a condition (`als`) sees them, noting the path of every answer it reads."""

    def __init__(self, data: dict[str, Any], path: tuple, noted: set[str]) -> None:
        super().__init__(data)
        self.path, self.noted = path, noted

    def __getitem__(self, key: str) -> Any:
        return self._note(key, super().__getitem__(key))

    def get(self, key: str, default: Any = None) -> Any:
        return self._note(key, super().get(key, default))

    def _note(self, key: str, value: Any) -> Any:
        if isinstance(value, dict):
            return _Reads(value, self.path + (key,), self.noted)
        self.noted.add(format_path(self.path + (key,)))
        return value


def _title(text: str) -> str:
    return text[0].upper() + text[1:]


def _items(a: Antwoorden, form: Mapping[str, str], veld: Veldinfo, path: tuple, items: list) -> Lijst:
    """A repeated group; without an `eerst` question the list starts with one item, as in the interview."""
    naam = format_path(path)
    count = _count(form, naam, default=0 if veld.veld.eerst else 1)
    a.given[naam + COUNT] = str(count)
    a.paths[naam] = path
    groups = []
    for i in range(count):
        items.append({})
        item_path = path + (i,)
        fields = _group(a, form, veld.type, item_path, items[-1])
        _mark_structuur(fields, items[-1])
        groups.append(Groep(format_path(item_path), f"{veld.veld.vraag} {i + 1}", None, fields, verwijderbaar=True))
    uitleg = " ".join(text for text in (veld.veld.uitleg, veld.veld.eerst) if text) or None
    return Lijst(naam, _title(veld.veld.beschrijving), veld.veld.vraag or veld.naam, uitleg, groups)


def _mark_structuur(fields: list[Node], item: dict[str, Any]) -> None:
    """Rule R1 beside the options of a subject's structuuronderdeel: which ones its domain does not allow."""
    for node in fields:
        if isinstance(node, Invoer) and node.naam.endswith(".structuuronderdeel") and "domein" in item:
            node.keuzes = [
                (value, text if rules.structuur_allowed(value, item["domein"]) else f"{text} (kan niet met IAO in dit domein, regel R1)")
                for value, text in node.keuzes
            ]


def _count(form: Mapping[str, str], naam: str, default: int) -> int:
    try:
        return min(max(int(form[naam + COUNT]), 0), MAX_ITEMS)
    except (KeyError, ValueError):
        return default


def _value(a: Antwoorden, form: Mapping[str, str], veld: Veldinfo, path: tuple) -> tuple[Any, Invoer]:
    """One field: the typed value (None if empty or unreadable) and its input."""
    naam = format_path(path)
    if naam == LOGO:
        return _logo(a, form, veld)
    if naam in form:
        shown = form[naam]
        a.given[naam] = shown
        value = _parse(a, veld, naam, shown)
    else:
        value = _default(veld, a.data, path)
        shown = as_text(value)
    node = _input(veld, naam, shown)
    node.gezien = naam in a.seen
    return value, node


def _logo(a: Antwoorden, form: Mapping[str, str], veld: Veldinfo) -> tuple[Any, Invoer]:
    """The uploaded logo, checked as `iao generate` checks a logo file; a name
    without the bytes (a path in an uploaded profile) is not opened, but reported."""
    name, encoded = form.get(LOGO, "").strip(), form.get(LOGO_DATA, "")
    node = Invoer(LOGO, "Logo van het schoolbestuur (PNG of JPEG)", _LOGO_HINT, "logo", "", False, gezien=LOGO in a.seen)
    if encoded:
        node.waarde, node.bijlage = name, encoded
        a.given[LOGO], a.given[LOGO_DATA] = name, encoded
        try:
            a.logo = logo_from_bytes(base64.b64decode(encoded, validate=True), name or "logo")
        except binascii.Error:
            a.unreadable[LOGO] = "het logo is onderweg beschadigd; laad het opnieuw op."
        except ValueError as exc:
            a.unreadable[LOGO] = f"{exc}."
        if a.logo is None:
            return None, node
        node.voorbeeld = f"data:image/{a.logo.extension};base64,{encoded}"
        return name, node
    if name:
        a.notes[LOGO] = f"Het profiel noemt het logo '{name}'. Het webformulier opent geen bestanden van de server: laad het logo hier op."
    return None, node


_LOGO_HINT = "Komt bovenaan de eerste bladzijde van brieven en besluiten. Een PNG- of JPEG-bestand van hooguit 2 MB en 4000 x 4000 pixels."


def _parse(a: Antwoorden, veld: Veldinfo, naam: str, shown: str) -> Any:
    try:
        if veld.soort == OPSOMMING:
            return [TEXT.convert(line, None, None) for line in shown.splitlines() if line.strip()]
        if veld.soort == VRIJ:  # one line: a text; several: a list of points
            lines = [TEXT.convert(line, None, None) for line in shown.splitlines() if line.strip()]
            return (lines[0] if len(lines) == 1 else lines) if lines else None
        if veld.type is datetime.date and shown.strip():
            return _date(shown.strip())
        return answer_type(veld).convert(shown, None, None) if shown.strip() else None
    except click.BadParameter as exc:
        a.unreadable[naam] = exc.message
        return None


def _date(text: str) -> datetime.date:
    """A date as a Belgian writes it (22/03/2027, 22-3-2027, 22.03.2027), or as JJJJ-MM-DD."""
    match = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text)
    iso = f"{match[3]}-{match[2]}-{match[1]}" if match else text
    if not match and not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise click.BadParameter(f"'{text}' is geen volledige datum; schrijf {DATE_FORMAT}.")
    try:
        return DateType().convert(iso, None, None)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message.replace(f"'{iso}'", f"'{text}'") + ".") from None


def _default(veld: Veldinfo, data: dict[str, Any], path: tuple) -> Any:
    if not callable(veld.standaard):
        return copy.copy(veld.standaard)
    try:
        return veld.standaard(data, path)
    except (KeyError, TypeError, ValueError):  # computed from an answer that could not be read: no proposal
        return None


def as_text(value: Any) -> str:
    """A value as it stands in the form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "\n".join(as_text(item) for item in value)
    return str(value)


def _says_more(description: str, label: str) -> bool:
    """Whether the description is worth a hint under the question: most restate it
    (a hint that repeats the label is read twice by a screen reader), and a hint about
    a command ("leeg: iao amend kiest") means nothing to a secretariat."""
    if re.search(r"\biao \w+", description):
        return False
    stems = {word[:6] for word in re.findall(r"\w{4,}", label.lower())}
    return len({word[:6] for word in re.findall(r"\w{4,}", description.lower())} - stems) >= 3


def _input(veld: Veldinfo, naam: str, shown: str) -> Invoer:
    label = re.sub(r"\s*\(JJJJ-MM-DD\)", "", veld.veld.vraag or _title(veld.veld.beschrijving))
    hint = veld.veld.beschrijving if _says_more(veld.veld.beschrijving, label) else None
    if veld.veld.uitleg:
        hint = veld.veld.uitleg + (" " + hint if hint else "")
    kind = answer_type(veld)
    if veld.soort == OPSOMMING:
        soort, hint = "regels", (hint + ". " if hint else "") + "Eén onderdeel per regel."
    elif veld.soort == VRIJ:
        soort, hint = "lang", (hint + ". " if hint else "") + "Eén tekst op één regel, of één punt per regel (dan wordt het een opsomming 1°, 2°, …)."
    elif kind is YES_NO:
        soort = "janee"
    elif isinstance(kind, click.Choice):
        soort = "keuze"
    elif veld.type is datetime.date:
        soort, hint = "datum", (hint + " " if hint else "") + f"Schrijf {DATE_FORMAT}."
    elif veld.type in (int, float):
        soort = "getal"
    else:
        soort = "lang" if len(shown) > FOLD_OVER else "tekst"
    keuzes = [(str(value), (veld.veld.keuzes or {}).get(str(value), str(value))) for value in typing.get_args(veld.type)]
    # Required: the field cannot be left empty (a list can, and a field that admits None).
    required = veld.soort != OPSOMMING and type(None) not in typing.get_args(veld.info.annotation)
    return Invoer(naam, label, hint, soort, shown, required, keuzes)


def form_of_profile(profiel: Profiel) -> dict[str, str]:
    """The form fields of a profile read from a file: the fields the file gives (a
    field it leaves out takes its default, as it would in the form)."""
    return _fields(Profiel, profiel.model_dump(exclude_unset=True), ())


def _fields(model: type, data: dict[str, Any], path: tuple) -> dict[str, str]:
    out: dict[str, str] = {}
    for veld in velden(model):
        if veld.naam not in data:
            continue
        value, here = data[veld.naam], path + (veld.naam,)
        if veld.soort == GROEP:
            out.update(_fields(veld.type, value or {}, here))
        elif veld.soort == LIJST:
            out[format_path(here) + COUNT] = str(len(value))
            for i, item in enumerate(value):
                out.update(_fields(veld.type, item, here + (i,)))
        else:
            out[format_path(here)] = as_text(value)
    return out


# --- Changing lists -------------------------------------------------------------


def add_item(form: dict[str, str], lijst: str, count: int) -> dict[str, str]:
    """One more (empty) item at the end of a list: its fields take their defaults."""
    return {**form, lijst + COUNT: str(min(count + 1, MAX_ITEMS))}


def remove_item(form: dict[str, str], lijst: str, index: int, count: int) -> dict[str, str]:
    """The list without item `index`; the items after it move up one place."""
    prefix, out = lijst + "[", {}
    for key, value in form.items():
        match = re.match(r"(\d+)\](.*)", key[len(prefix) :]) if key.startswith(prefix) else None
        if match:
            number = int(match[1])
            if number == index:
                continue
            key = f"{prefix}{number - 1 if number > index else number}]{match[2]}"
        out[key] = value
    out[lijst + COUNT] = str(max(count - 1, 0))
    return out


# --- Checking -------------------------------------------------------------------

MAX_ROUNDS = 3  # a required field that is wrong gets a stand-in; a stand-in that is wrong itself ends the check


def check(a: Antwoorden) -> tuple[dict[str, list[Melding]], Profiel | None]:
    """What the profile model and the rules say, per field: the same messages as
    `iao check`. A field the model refuses is set aside (a required one gets the
    interview's stand-in) so that the rules can still judge all the others."""
    found: dict[str, list[Melding]] = {naam: [Melding(FOUT, message)] for naam, message in a.unreadable.items()}
    for naam, message in [*a.notes.items(), *_examples_left(a)]:
        found.setdefault(naam, []).append(Melding(WAARSCHUWING, message))
    data = copy.deepcopy(a.data)
    for naam in a.unreadable:
        _drop(data, a.paths[naam])
    set_aside = set(a.unreadable)
    for _ in range(MAX_ROUNDS):
        filled = copy.deepcopy(data)
        fill_required(filled, Profiel, ())
        try:
            profiel = profile_from_data(filled, open_logo=False).profiel
        except ProfileError as exc:
            again = {p.field for p in exc.problems} & set_aside
            for problem in exc.problems:
                found.setdefault(problem.field, []).append(Melding(FOUT, problem.message))
                set_aside.add(problem.field)
                if problem.field in a.paths:
                    _drop(data, a.paths[problem.field])
            if again or not all(p.field in a.paths for p in exc.problems):
                return found, None
            continue
        for finding in rules.check(LoadedProfile(profiel, "", {})):
            if finding.field not in set_aside:
                found.setdefault(finding.field, []).append(Melding(FOUT if finding.is_error else WAARSCHUWING, finding.detail, finding.rule))
        return found, (profiel if not set_aside else None)
    return found, None


def _examples_left(a: Antwoorden) -> list[tuple[str, str]]:
    """The answers still holding a name or address of the example profile."""
    examples = _example_texts()
    return [
        (f.naam, "dit is nog het gegeven van het voorbeeldprofiel; vul dat van uw academie in.")
        for f in a.inputs()
        if f.gezien and f.soort in ("tekst", "lang") and (f.waarde.strip() in examples or "voorbeeldstad" in f.waarde.lower())
    ]


@functools.cache
def _example_texts() -> frozenset[str]:
    """The free texts of the example profile that are not a proposal of the form itself."""
    from generator.profile.loading import load_profile
    from generator.resources import example_profile

    example = read(form_of_profile(load_profile(example_profile()).profiel))
    proposed = {f.waarde for f in read({}).inputs()}
    return frozenset(f.waarde for f in example.inputs() if f.soort in ("tekst", "lang") and f.waarde not in proposed and _identifying(f))


def _identifying(f: Invoer) -> bool:
    """A name, a number or an address of the example: a real academy never has the same."""
    person = re.fullmatch(r"[A-Z][a-zé]+( [A-Z][a-zé]+){1,2}", f.waarde) and not f.naam.endswith("platform")
    return bool(f.waarde) and bool(f.naam.endswith("naam") or person or re.fullmatch(r"[\d. ]+|.*(@|voorbeeld).*", f.waarde, re.IGNORECASE))


def _drop(data: dict, path: tuple) -> None:
    container: Any = data
    for part in path[:-1]:
        container = container[part]
    container.pop(path[-1], None)
