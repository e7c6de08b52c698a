"""The Jinja filters and globals the templates call: dates, numbers, free answers, citations and placeholders."""

from __future__ import annotations

import re

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from generator.word import runxml

LOCALE = Locale.parse("nl_BE")  # parsed once: babel would parse a name on every date
# What the two marks of a document mean, for the run summary and the zip's index.
MARKS = (
    "Geel gemarkeerd, [in te vullen: ...]: een gegeven dat de academie of de juridische dienst nog invult.",
    "Turkoois gemarkeerd: een artikelnummer dat nog na te kijken is; 'iao bronnen' zegt wat er te controleren valt.",
)
PLACEHOLDER = re.compile(r"\[in te vullen(?:: ([^\]]*))?\]")


def placeholder(description: str = "") -> Markup:
    """A highlighted mark for the legal adviser or secretariat to fill in."""
    text = f"[in te vullen: {description}]" if description else "[in te vullen]"
    return Markup(runxml.highlighted_run_xml(text))


def escaped(text: object) -> Markup:
    """A value as XML text that comes out literally. After rendering, docxtpl turns
    `{_{`, `}_}`, `{_%` and `%_}` into Jinja delimiters (its escape for template
    authors); the underscore of a value is written as a character reference, so
    Word shows what the user typed."""
    return Markup(str(escape(text)).replace("{_", "{&#95;").replace("_}", "&#95;}"))


def datum(value, description: str = "datum") -> str | Markup:
    """2027-03-22 -> '22 maart 2027', with a non-breaking space after the day:
    a line never breaks between day and month."""
    if value is None:
        return placeholder(description)
    return format_date(value, format="long", locale=LOCALE).replace(" ", "\u00a0", 1)


def datum_lang(value, description: str = "datum") -> str | Markup:
    """2027-03-22 -> 'maandag 22 maart 2027'."""
    if value is None:
        return placeholder(description)
    return format_date(value, format="full", locale=LOCALE)


def getal(value) -> str:
    """33.3 -> '33,3'; 25.0 -> '25'."""
    return format_decimal(value, locale=LOCALE)


def procent(value) -> str:
    """25 -> '25 %' (Belgian usage: a non-breaking space before the sign)."""
    return f"{getal(value)}\u00a0%"


def ja_nee(value) -> str:
    return "ja" if value else "nee"


def invullen(value, description: str) -> object:
    """The value, or a placeholder describing what is missing."""
    return placeholder(description) if value in (None, "", []) else value


def opsomming(items, last: str = "en") -> str:
    """['a', 'b', 'c'] -> 'a, b en c'."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


# --- Free answers quoted in a document (profile.VrijeTekst) ------------------------
#
# A free answer is a text or a list of items. The documents quote it after a sentence of
# their own that ends in a colon before a list ({{ x|inleiding }}) and in a full stop before
# a text; a text is made a complete sentence (capital, final stop), the items of a list
# are numbered 1°, 2°, ... with ";" after each and "." after the last, whatever was typed.

_END = ".!?…"


def opgesomd(value) -> bool:
    """True when the free answer is a list of items."""
    return isinstance(value, list) and bool(value)


def inleiding(value) -> str:
    """The end of the document's own sentence before the answer: ':' before a list, '.' before a text."""
    return ":" if opgesomd(value) else "."


def zin(value, description: str = "") -> str | Markup:
    """A text as a complete sentence: a capital at the start, a final stop at the end. A list
    (where a paragraph per item cannot stand) is written in one run: '1° a; 2° b.'"""
    if value in (None, "", []):
        return placeholder(description)
    if opgesomd(value):
        return " ".join(f"{i}° {punt}" for i, punt in enumerate(punten(value), 1))
    text = str(value).strip()
    text = text[0].upper() + text[1:]
    if text[-1] in ";,:":
        text = text[:-1].rstrip()
    return text if text[-1] in _END or text[-2:] in {'."', ".)", ".'"} else text + "."


def punten(value) -> list[str]:
    """The items of a list, each ending in ';' and the last in '.'; [] for a text."""
    if not opgesomd(value):
        return []
    items = [str(item).strip().rstrip(".;,").rstrip() for item in value]
    return [item + ("." if i == len(items) - 1 else ";") for i, item in enumerate(items)]


def alinea(value, description: str = "") -> list:
    """The paragraphs of a free answer in running text: one sentence, or the items numbered
    '1° ...;' (a paragraph each), or a placeholder when nothing was given."""
    if opgesomd(value):
        return [f"{i}° {punt}" for i, punt in enumerate(punten(value), 1)]
    return [zin(value, description)]


FILTERS = {f.__name__: f for f in (datum, datum_lang, getal, procent, ja_nee, invullen, opsomming, opgesomd, inleiding, zin, punten, alinea)}


@jinja2.pass_context
def bron(ctx, key: str, vorm: str = "titel") -> Markup:
    """The citation of a legal reference from the register: in full, or `vorm="kort"`.
    A part in square brackets ("decreet van [datum] 2024") is a gap the register could
    not fill: it becomes a highlighted placeholder, listed with the others."""
    entry = ctx["bronnen"].bron(key)
    parts = _GAP.split(entry.kort if vorm == "kort" else entry.titel)
    return Markup("").join(placeholder(part) if i % 2 else escaped(part) for i, part in enumerate(parts))


_GAP = re.compile(r"\[([^\]]*)\]")


@jinja2.pass_context
def artikel(ctx, key: str, name: str) -> str | Markup:
    """An article number from the register; one the register does not call verified
    is marked, so the legal service sees what it still has to check."""
    return article_text(ctx["bronnen"].artikel(key, name))


def article_text(article) -> str | Markup:
    """The number as text. A number with a gap ("artikel [nummer ...]") is a blank to
    fill in; a whole number the register does not call verified is marked "nog na te
    kijken" (runxml.TO_CHECK, not the yellow of a blank)."""
    parts = _GAP.split(article.nummer)
    if len(parts) > 1:
        return Markup("").join(placeholder(part) if i % 2 else escaped(part) for i, part in enumerate(parts))
    if article.geverifieerd:
        return article.nummer
    return Markup(runxml.highlighted_run_xml(article.nummer, runxml.TO_CHECK))
