"""Loading a profile file or data into the model, with Dutch messages for pydantic's errors."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, ProfileError
from generator.profile import yamlsource
from generator.profile.fields import unwrap
from generator.profile.model import Profiel


@dataclass(frozen=True)
class LoadedProfile:
    """A profile together with where it came from, so rules can name lines."""

    profiel: Profiel
    file: str
    positions: dict
    source: bytes = b""  # the profile as read (UTF-8): kept, so that the file (a pipe, perhaps) is read once

    def line(self, path: tuple) -> int | None:
        return yamlsource.line_of(self.positions, path)


def load_profile(path: str | Path, open_logo: bool = True) -> LoadedProfile:
    """Read and validate a profile file; raise ProfileError with Dutch problems.
    open_logo=False: the logo's path is kept, not opened (a profile uploaded to `iao web`)."""
    path = Path(path)
    name = str(path)
    text = yamlsource.read_text(path)
    data, positions = yamlsource.load(text, name)
    try:
        profiel = Profiel.model_validate(data, context={"map": path.parent if open_logo else None})
    except ValidationError as exc:
        problems = [_problem(err, name, positions) for err in exc.errors()]
        raise ProfileError(sorted(problems, key=lambda p: p.line or 0)) from None
    return LoadedProfile(profiel, name, positions, text.encode("utf-8"))


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


def _model_at(loc: tuple) -> type[BaseModel]:
    model: Any = Profiel
    for part in loc:
        if isinstance(part, str):
            model = unwrap(model.model_fields[part].annotation)
    return model


def _annotation_at(loc: tuple):
    parent = _model_at(loc[:-1])
    field = parent.model_fields.get(str(loc[-1]))
    return unwrap(field.annotation) if field else None
