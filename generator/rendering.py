"""Fill a docxtpl template with a context and return the .docx bytes.

Profile values are data, never template code: rendering happens in a Jinja
SandboxedEnvironment with autoescape, so `&`, `<` and `{{ }}` in a value come
out literally and a template from --templates cannot reach Python internals.
Missing optional values show as a highlighted "[in te vullen: ...]" placeholder.
"""

from __future__ import annotations

import datetime
import html
import io
import re
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from . import ooxml, untrusted
from .errors import IaoError

LOCALE = "nl_BE"
PLACEHOLDER = re.compile(r"\[in te vullen(?:: ([^\]]*))?\]")


class TemplateError(IaoError):
    exit_code = 1


def placeholder(description: str = "") -> Markup:
    """A highlighted mark for the legal adviser or secretariat to fill in."""
    text = f"[in te vullen: {description}]" if description else "[in te vullen]"
    return Markup(ooxml.highlighted_run_xml(text))


def _finalize(value):
    # Runs on every {{ }} output: None becomes a visible placeholder, line breaks
    # in multi-line values become Word line breaks.
    if value is None:
        return placeholder()
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return Markup(ooxml.line_break_xml()).join(escape(line) for line in value.split("\n"))
    if isinstance(value, bool):
        return ja_nee(value)
    if isinstance(value, datetime.date):
        return datum(value)
    if isinstance(value, float):
        return getal(value)
    return value


def datum(value, description: str = "datum") -> str | Markup:
    """2027-03-22 -> '22 maart 2027'."""
    if value is None:
        return placeholder(description)
    return format_date(value, format="long", locale=LOCALE)


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


FILTERS = {f.__name__: f for f in (datum, datum_lang, getal, procent, ja_nee, invullen, opsomming)}


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    env.globals["invullen"] = placeholder
    return env


def render(template_path: Path, context: dict) -> bytes:
    """Render one template; the result is normalised for byte-identical reruns."""
    from docxtpl import DocxTemplate  # heavy: only when documents are made

    untrusted.check_docx(template_path)
    template = DocxTemplate(str(template_path))
    try:
        template.render(context, jinja_env=environment(), autoescape=True)
    except jinja2.TemplateError as exc:
        raise TemplateError(_explain(exc, template_path)) from exc
    _unescape_properties(template.docx.core_properties)
    buffer = io.BytesIO()
    template.save(buffer)
    return ooxml.normalize_zip(buffer.getvalue())


def _unescape_properties(properties) -> None:
    # docxtpl renders the core properties with the body's autoescaping
    # environment, but they are plain text, not XML: undo the escaping.
    for name in ("title", "subject", "author", "keywords", "comments", "category"):
        setattr(properties, name, html.unescape(getattr(properties, name) or ""))


def _explain(exc: jinja2.TemplateError, template_path: Path) -> str:
    name = template_path.name
    if isinstance(exc, jinja2.UndefinedError):
        return f"sjabloon {name}: onbekende variabele ({exc.message}). Zie 'iao templates list' voor de beschikbare variabelen."
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"sjabloon {name}: niet toegelaten in een sjabloon ({exc})."
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"sjabloon {name}: fout in een tag {{% ... %}} of {{{{ ... }}}} (regel {exc.lineno} van de XML): {exc.message}."
    return f"sjabloon {name}: {exc}."


def placeholders_in(texts) -> list[str]:
    """The placeholders left in a rendered document's texts, in order."""
    return [m.group(0) for text in texts for m in PLACEHOLDER.finditer(text)]


def document_texts(data: bytes) -> list[str]:
    """Every paragraph text of a .docx: body, tables, headers and footers."""
    from docx import Document

    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        texts += [p.text for part in (section.header, section.footer) for p in part.paragraphs]
    return texts
