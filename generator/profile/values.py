"""The value types of profile fields: checked text, free answers, ja/nee, plausible years."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

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


def plausible_year(value: Any) -> Any:
    if isinstance(value, datetime.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"{value.isoformat()} ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}; controleer het jaar")
    return value


def _plausible_school_year(value: str) -> str:
    if not FIRST_YEAR <= int(value[:4]) < LAST_YEAR:
        raise ValueError(f"'{value}': het schooljaar ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}; controleer het jaar")
    return value


Text = Annotated[str, AfterValidator(_xml_safe)]


def _chapter_number(value: str) -> str:
    """'7bis' from 'Hoofdstuk 7bis.' too: the documents write "hoofdstuk" themselves
    ("Hoofdstuk Hoofdstuk 9" otherwise)."""
    number = re.sub(r"^(?:hoofdstuk|hfdst\.?)\s*", "", value, flags=re.IGNORECASE).rstrip(".").strip()
    if not number:
        raise ValueError("geef het nummer van het hoofdstuk, bv. 7 of 7bis")
    return number


Hoofdstuknummer = Annotated[str, AfterValidator(_xml_safe), AfterValidator(_chapter_number)]


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

Instellingsnummer = Annotated[Text, Field(pattern=r"^\d{6}$")]
Email = Annotated[Text, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Schooljaartekst = Annotated[Text, Field(pattern=r"^\d{4}-\d{4}$"), AfterValidator(_plausible_school_year)]
