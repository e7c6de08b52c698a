"""Reading the declaration of the profile fields: their kinds, descriptions, the schema and the README table."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.profile.model import Profiel, Veld

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
        inner = unwrap(info.annotation)
        is_model = isinstance(inner, type) and issubclass(inner, BaseModel)
        soort = (LIJST if is_model else OPSOMMING) if is_list else (GROEP if is_model else VRIJ if _is_free_text(info.annotation) else WAARDE)
        out.append(Veldinfo(name, soort, inner, info, veld))
    return out


def _is_free_text(annotation) -> bool:
    """A union of a text and a list of texts (VrijeTekst)."""
    members = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) else ()
    return any(_is_list(m) for m in members) and any(unwrap(m) is str and not _is_list(m) for m in members)


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


def unwrap(annotation):
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
