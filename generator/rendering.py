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
import zipfile
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from . import docxfile, runxml, untrusted
from .errors import IaoError

LOCALE = "nl_BE"
PLACEHOLDER = re.compile(r"\[in te vullen(?:: ([^\]]*))?\]")


class TemplateError(IaoError):
    exit_code = 1


def placeholder(description: str = "") -> Markup:
    """A highlighted mark for the legal adviser or secretariat to fill in."""
    text = f"[in te vullen: {description}]" if description else "[in te vullen]"
    return Markup(runxml.highlighted_run_xml(text))


def _finalize(value):
    # Runs on every {{ }} output: None becomes a visible placeholder, line breaks
    # in multi-line values become Word line breaks.
    if value is None:
        return placeholder()
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return Markup(runxml.line_break_xml()).join(escape(line) for line in value.split("\n"))
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


@jinja2.pass_context
def bron(ctx, key: str, vorm: str = "titel") -> str:
    """The citation of a legal reference from the register: in full, or `vorm="kort"`."""
    entry = ctx["bronnen"].bron(key)
    return entry.kort if vorm == "kort" else entry.titel


@jinja2.pass_context
def artikel(ctx, key: str, name: str) -> str | Markup:
    """An article number from the register; one the register does not call verified
    is highlighted, so the legal service sees what it still has to check."""
    return article_text(ctx["bronnen"].artikel(key, name))


def article_text(article) -> str | Markup:
    if article.geverifieerd:
        return article.nummer
    return Markup(runxml.highlighted_run_xml(article.nummer))


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    env.globals.update(invullen=placeholder, bron=bron, artikel=artikel)
    return env


def render(template_path: Path, context: dict) -> bytes:
    """Render one template; the result is normalised for byte-identical reruns.

    The template is prepared once per process (see `prepared`) and reused."""
    return prepared(template_path).render(context)


# Core properties docxtpl renders (the others cannot be written as strings).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

_cache: dict[tuple, "PreparedTemplate"] = {}
_CACHE_SIZE = 64
_shared_environment: SandboxedEnvironment | None = None


def prepared(template_path: Path) -> "PreparedTemplate":
    """The prepared template for a path, loaded once per process. A file that
    changed on disk (other size or modification time) is prepared again."""
    global _shared_environment
    path = Path(template_path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        untrusted.check_docx(path)  # says in Dutch what is wrong
        raise
    template = _cache.get(key)
    if template is None:
        if len(_cache) >= _CACHE_SIZE:  # a long-running process with many custom templates
            _cache.clear()
        if _shared_environment is None:
            _shared_environment = environment()
        template = _cache[key] = PreparedTemplate(path, _shared_environment)
    return template


def template_variables(template_path: Path) -> list[str]:
    """The top-level variables a template uses (academie, planning, stappen, ...)."""
    from jinja2 import meta

    template = prepared(template_path)
    env = environment()
    names = set()
    for source in template._sources.values():
        names |= meta.find_undeclared_variables(env.parse(source))
    return sorted(names - set(env.globals))


class PreparedTemplate:
    """A docxtpl template parsed, patched and compiled once, rendered many times.

    Does what `DocxTemplate(path).render(context, jinja_env, autoescape=True)`
    followed by `save` does, with the same output bytes, but the work that does
    not depend on the context happens once, in __init__: checking the file
    (untrusted.check_docx), reading the zip, docxtpl's XML patching of body,
    headers, footers and footnotes, compiling the Jinja sources in the sandbox,
    and compressing the parts rendering does not change. `render` fills in the
    compiled templates, applies docxtpl's post-processing (listing
    characters, table grid, docPr ids), renders the core properties and writes
    the normalised zip (docxfile.write_zip, the bytes of docxfile.normalize_zip).
    """

    def __init__(self, path: Path, env: SandboxedEnvironment):
        from copy import deepcopy

        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docxtpl import DocxTemplate

        self.path = Path(path)
        self._sources: dict[jinja2.Template, str] = {}  # for error messages
        untrusted.check_docx(self.path)
        template = DocxTemplate(str(self.path))
        document = template.get_docx()
        package = document.part.package
        core = document.core_properties  # creates the part if the file has none, as docxtpl does
        core_part = package.part_related_by(RT.CORE_PROPERTIES)

        try:
            # Body: docxtpl patches the XML of <w:body>; the document element
            # around it is kept as a shell to put each rendered body into.
            root = document.element
            body = root.body
            self._body_index = root.index(body)
            self._body = self._compile(env, template.patch_xml(template.get_xml()))
            self._shell = deepcopy(root)
            del self._shell[self._body_index]
            # Headers and footers: only those with content, as docxtpl does.
            self._parts: dict[str, jinja2.Template] = {}
            for uri in (_HEADER, _FOOTER):
                for _key, part in template.get_headers_footers(uri):
                    xml = template.patch_xml(template.get_part_xml(part))
                    self._parts[part.partname.membername] = self._compile(env, xml)
            self._footnotes: dict[str, jinja2.Template] = {}
            for part in package.parts:
                if part.content_type == _FOOTNOTES:
                    blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                    self._footnotes[part.partname.membername] = self._compile(env, template.patch_xml(blob))
            self._properties = {name: env.from_string(getattr(core, name)) for name in _RENDERED_PROPERTIES}
        except jinja2.TemplateError as exc:
            raise TemplateError(_explain(exc, self.path)) from exc
        self._core_name = core_part.partname.membername
        self._core = deepcopy(core._element)
        self._document_name = document.part.partname.membername

        # Every other part as python-docx would save it, compressed once.
        buffer = io.BytesIO()
        document.save(buffer)
        changing = {self._document_name, self._core_name, *self._parts, *self._footnotes}
        with zipfile.ZipFile(buffer) as saved:
            self._static = {name: docxfile.Deflated(saved.read(name))
                            for name in saved.namelist() if name not in changing}
        self._docxtpl = DocxTemplate(None)  # for its stateless post-processing helpers

    def _compile(self, env: SandboxedEnvironment, xml: str) -> jinja2.Template:
        # As docxtpl's render_xml_part: one paragraph per line, so that the
        # line number of an error points at the paragraph with the faulty tag.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        try:
            compiled = env.from_string(source)
        except jinja2.TemplateError as exc:
            raise TemplateError(_explain(exc, self.path, source)) from exc
        self._sources[compiled] = source
        return compiled

    def _render_part(self, compiled: jinja2.Template, context: dict) -> str:
        try:
            return compiled.render(context)
        except jinja2.TemplateError as exc:
            raise TemplateError(_explain(exc, self.path, self._sources.get(compiled))) from exc

    def _finish(self, xml: str) -> str:
        # docxtpl's render_xml_part after rendering.
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if not any(char in xml for char in "\t\a\n\f"):
            return xml  # resolve_listing only acts on these characters
        return self._docxtpl.resolve_listing(xml)

    def render(self, context: dict) -> bytes:
        from copy import deepcopy

        from docx.opc.coreprops import CoreProperties
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.ns import nsmap
        from docx.oxml.parser import parse_xml

        try:
            body = self._finish(self._render_part(self._body, context))
            parts = {name: self._finish(self._render_part(t, context)) for name, t in self._parts.items()}
            footnotes = {name: self._finish(self._render_part(t, context)) for name, t in self._footnotes.items()}
            properties = {name: t.render(context) for name, t in self._properties.items()}
        except jinja2.TemplateError as exc:
            raise TemplateError(_explain(exc, self.path)) from exc

        members: dict[str, bytes | docxfile.Deflated] = dict(self._static)
        tree = self._docxtpl.fix_tables(body)
        for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=nsmap), start=1001):
            element.attrib["id"] = str(number)  # docxtpl's fix_docpr_ids
        root = deepcopy(self._shell)
        root.insert(self._body_index, tree)
        members[self._document_name] = serialize_part_xml(root)
        for name, xml in parts.items():
            members[name] = serialize_part_xml(parse_xml(xml.encode("utf-8")))
        for name, xml in footnotes.items():
            members[name] = xml.encode("utf-8")
        core = deepcopy(self._core)
        wrapper = CoreProperties(core)
        for name, value in properties.items():
            setattr(wrapper, name, value)
        _unescape_properties(wrapper)
        members[self._core_name] = serialize_part_xml(core)
        return docxfile.write_zip(members)


def _unescape_properties(properties) -> None:
    # docxtpl renders the core properties with the body's autoescaping
    # environment, but they are plain text, not XML: undo the escaping.
    for name in ("title", "subject", "author", "keywords", "comments", "category"):
        setattr(properties, name, html.unescape(getattr(properties, name) or ""))


def _explain(exc: jinja2.TemplateError, template_path: Path, source: str | None = None) -> str:
    name = template_path.name
    where = _faulty_paragraph(exc, source)
    if isinstance(exc, jinja2.UndefinedError):
        what = f"{_unknown_name(exc.message or '')}; zie 'iao templates list' voor de beschikbare variabelen"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        what = f"dit is niet toegelaten in een sjabloon ({exc})"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"een tag {{% ... %}} of {{{{ ... }}}} klopt niet ({exc.message})"
    else:
        what = str(exc)
    return f"sjabloon {name}: {what}." + (f" In de alinea: \"{where}\"" if where else "")


def _unknown_name(message: str) -> str:
    """Jinja's English 'has no attribute'/'is undefined' in Dutch."""
    attribute = re.search(r"has no attribute '([^']+)'", message)
    if attribute:
        return f"het veld '{attribute.group(1)}' bestaat niet"
    variable = re.search(r"'([^']+)' is undefined", message)
    if variable:
        return f"de variabele '{variable.group(1)}' bestaat niet"
    return f"onbekende variabele ({message})"


def _faulty_paragraph(exc: jinja2.TemplateError, source: str | None) -> str:
    """The text of the paragraph holding the faulty tag, so the adviser can find it in Word."""
    lineno = getattr(exc, "lineno", None)
    if lineno is None:  # runtime errors: the line is in the template's frame
        lines = [tb.tb_lineno for tb in _walk(exc.__traceback__) if tb.tb_frame.f_code.co_filename == "<template>"]
        lineno = lines[-1] if lines else None
    if not source or not lineno:
        return ""
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    return text.strip()[:160]


def _walk(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next


def placeholders_in(texts) -> list[str]:
    """The placeholders left in a rendered document's texts, in order."""
    return [m.group(0) for text in texts for m in PLACEHOLDER.finditer(text)]


def placeholders_in_docx(data: bytes) -> list[str]:
    """The placeholders left in a rendered .docx: placeholders_in(document_texts(data)),
    without the cost of opening the whole document with python-docx."""
    try:
        texts = docxfile.paragraph_texts(data, containing="[")
    except Exception:  # an unusual package: let python-docx read it
        texts = document_texts(data)
    return placeholders_in(texts)


def document_texts(data: bytes) -> list[str]:
    """Every paragraph text of a .docx: body, tables, headers and footers."""
    from docx import Document

    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        texts += [p.text for part in (section.header, section.footer) for p in part.paragraphs]
    return texts
