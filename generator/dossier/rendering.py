"""Fill a docxtpl template with a context and return the .docx bytes.

Profile values are data, never template code: rendering happens in a Jinja
sandbox with autoescape, so `&`, `<` and `{{ }}` in a value come out literally
and a template from --templates cannot reach Python internals. The sandbox is
immutable (a template cannot change the data other documents see) and bounded
(see sandbox.BoundedSandbox: a template cannot make a render run or grow without end).
A template is prepared once per process and, on disk, once per template version
(templatecache: a new run loads the compiled template instead of compiling it again).
Missing optional values show as a highlighted "[in te vullen: ...]" placeholder;
the filters and globals the templates call are in filters.py.
"""

from __future__ import annotations

import datetime
import html
import io
import re
import zipfile
from pathlib import Path
from types import CodeType

import jinja2
from markupsafe import Markup

from generator.dossier import templatecache
from generator.dossier.filters import FILTERS, PLACEHOLDER, artikel, bron, datum, escaped, getal, ja_nee, placeholder
from generator.dossier.sandbox import MAX_OUTPUT, BoundedSandbox, TooMuchWork, bounded_filter, bounded_render
from generator.errors import EXIT_RULES, IaoError
from generator.word import comments, contract, docxfile, runxml, untrusted


class TemplateError(IaoError):
    exit_code = EXIT_RULES


def _finalize(value):
    # Runs on every {{ }} output: None becomes a visible placeholder, line breaks
    # in multi-line values become Word line breaks.
    if value is None:
        return placeholder()
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(runxml.line_break_xml()).join(escaped(line) for line in value.split("\n"))
    if isinstance(value, bool):
        return ja_nee(value)
    if isinstance(value, datetime.date):
        return datum(value)
    if isinstance(value, float):
        return getal(value)
    return value


def environment() -> BoundedSandbox:
    env = BoundedSandbox(autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    env.filters = {name: bounded_filter(function) for name, function in env.filters.items()}
    env.globals.update(invullen=placeholder, bron=bron, artikel=artikel)
    return env


def render(template_path: Path, context: dict, notes_as_comments: bool = True, final: bool = False) -> bytes:
    """Render one template; the result is normalised for byte-identical reruns.
    The notes for the legal service become Word comments (generator/comments.py);
    `notes_as_comments=False` leaves them as paragraphs (amend reads them so).
    `final` leaves out what only a draft prints (contract.DRAFT_MARK: "ONTWERP").

    The template is prepared once per process (see `prepared`) and reused."""
    return prepared(template_path).render(context, notes_as_comments, final)


# Core properties a template fills in (%titel, %onderwerp, %auteur in bron.txt); the
# others are set by docxfile.fill_core_properties.
_RENDERED_PROPERTIES = ("author", "comments", "language", "subject", "title")
_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

_PARAGRAPH, _CHARACTER = 1, 2  # WD_STYLE_TYPE, without importing python-docx up front
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_cache: dict[tuple, PreparedTemplate] = {}
_CACHE_SIZE = 64
_shared_environment: BoundedSandbox | None = None


def prepared(template_path: Path) -> PreparedTemplate:
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

    def __init__(self, path: Path, env: BoundedSandbox):
        self.path = Path(path)
        self._sources: dict[jinja2.Template, str] = {}  # for error messages
        self._codes: dict[jinja2.Template, CodeType] = {}  # for the cache on disk
        untrusted.check_docx(self.path)
        data = self.path.read_bytes()
        try:
            saved = templatecache.load(data)
            if saved is not None:
                self._restore(env, saved)
            else:
                self._prepare(env, data)
                templatecache.store(data, self._saved())
        except jinja2.TemplateError as exc:
            raise TemplateError(_explain(exc, self.path)) from exc
        except IaoError:
            raise
        except Exception as exc:  # python-docx, docxtpl or lxml on a package Word would not write
            raise untrusted.UnsafeDocument(
                f"{self.path.name} is geen bruikbaar Word-document ({type(exc).__name__}: {str(exc)[:200]}); "
                "open het in Word en bewaar het opnieuw als Word-document (.docx)."
            ) from exc

    def _prepare(self, env: BoundedSandbox, data: bytes) -> None:
        from copy import deepcopy

        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docxtpl import DocxTemplate

        template = DocxTemplate(io.BytesIO(data))
        document = template.get_docx()
        package = document.part.package
        core = document.core_properties  # creates the part if the file has none, as docxtpl does
        core_part = package.part_related_by(RT.CORE_PROPERTIES)
        _own_extended_properties(package)

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
        self._properties = {name: self._compile(env, getattr(core, name) or "") for name in _RENDERED_PROPERTIES}
        self._core_name = core_part.partname.membername
        self._document_name = document.part.partname.membername
        self._articles = _later_article_numbering(document)
        self._note_style = _style_id_named(document, contract.NOTE)
        self._draft_style = _style_id_named(document, contract.DRAFT_MARK, _CHARACTER)

        # Every other part as python-docx would save it, compressed once.
        buffer = io.BytesIO()
        document.save(buffer)
        changing = {self._document_name, self._core_name, *self._parts, *self._footnotes}
        with zipfile.ZipFile(buffer) as saved:
            self._static = {name: docxfile.Deflated(saved.read(name)) for name in saved.namelist() if name not in changing}
            # what a comments part changes, kept raw
            self._raw = {name: saved.read(name) for name in (_RELS, _TYPES, comments.PART) if name in saved.namelist()}
        self._docxtpl = DocxTemplate(None)  # for its stateless post-processing helpers

    def _compile(self, env: BoundedSandbox, xml: str) -> jinja2.Template:
        # As docxtpl's render_xml_part: one paragraph per line, so that the
        # line number of an error points at the paragraph with the faulty tag.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        try:
            code = env.compile(source)
        except jinja2.TemplateError as exc:
            raise TemplateError(_explain(exc, self.path, source)) from exc
        return self._template(env, source, code)

    def _template(self, env: BoundedSandbox, source: str, code: CodeType) -> jinja2.Template:
        # What env.from_string does after compiling; the code is kept for the cache.
        compiled = env.template_class.from_code(env, code, env.make_globals(None))
        self._sources[compiled] = source
        self._codes[compiled] = code
        return compiled

    def _saved(self) -> dict:
        """What _prepare made, in the types marshal can write (templatecache)."""
        from lxml import etree

        def part(compiled: jinja2.Template) -> tuple[str, CodeType]:
            return self._sources[compiled], self._codes[compiled]

        return {
            "body_index": self._body_index,
            "shell": etree.tostring(self._shell),
            "body": part(self._body),
            "parts": {name: part(t) for name, t in self._parts.items()},
            "footnotes": {name: part(t) for name, t in self._footnotes.items()},
            "properties": {name: part(t) for name, t in self._properties.items()},
            "core_name": self._core_name,
            "document_name": self._document_name,
            "articles": self._articles,
            "note_style": self._note_style,
            "draft_style": self._draft_style,
            "raw": self._raw,
            "static": {name: (member.data, member.crc, member.size) for name, member in self._static.items()},
        }

    def _restore(self, env: BoundedSandbox, saved: dict) -> None:
        """The state _saved wrote, without patching or compiling anything."""
        from docx.oxml.parser import parse_xml
        from docxtpl import DocxTemplate

        self._body_index = saved["body_index"]
        self._shell = parse_xml(saved["shell"])
        self._body = self._template(env, *saved["body"])
        self._parts = {name: self._template(env, *part) for name, part in saved["parts"].items()}
        self._footnotes = {name: self._template(env, *part) for name, part in saved["footnotes"].items()}
        self._properties = {name: self._template(env, *part) for name, part in saved["properties"].items()}
        self._core_name = saved["core_name"]
        self._document_name = saved["document_name"]
        self._articles = tuple(saved["articles"]) if saved["articles"] is not None else None
        self._note_style = saved["note_style"]
        self._draft_style = saved["draft_style"]
        self._raw = saved["raw"]
        self._static = {name: docxfile.Deflated.restored(*member) for name, member in saved["static"].items()}
        self._docxtpl = DocxTemplate(None)

    def _render_part(self, compiled: jinja2.Template, context: dict) -> str:
        """The rendered text of one part, never more than MAX_OUTPUT characters."""
        pieces, size = [], 0
        try:
            for piece in compiled.generate(context):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise TooMuchWork(f"het document wordt te groot (meer dan {MAX_OUTPUT:,} tekens)".replace(",", "."))
                pieces.append(piece)
        except (jinja2.TemplateError, *_TEMPLATE_FAULTS) as exc:
            raise TemplateError(_explain(exc, self.path, self._sources.get(compiled))) from exc
        return "".join(pieces)

    def _finish(self, xml: str) -> str:
        # docxtpl's render_xml_part after rendering.
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if not any(char in xml for char in "\t\a\n\f"):
            return xml  # resolve_listing only acts on these characters
        return self._docxtpl.resolve_listing(xml)

    def render(self, context: dict, notes_as_comments: bool = True, final: bool = False) -> bytes:
        with bounded_render():
            body = self._finish(self._render_part(self._body, context))
            parts = {name: self._finish(self._render_part(t, context)) for name, t in self._parts.items()}
            footnotes = {name: self._finish(self._render_part(t, context)) for name, t in self._footnotes.items()}
            properties = {name: html.unescape(self._render_part(t, context)) for name, t in self._properties.items()}
            try:
                return self._package(body, parts, footnotes, properties, notes_as_comments, final)
            except (*_TEMPLATE_FAULTS, SyntaxError) as exc:  # lxml's XMLSyntaxError: the template broke the XML
                raise TemplateError(
                    f"sjabloon {self.path.name}: het ingevulde document is geen geldige XML meer ({type(exc).__name__}: {str(exc)[:200]})."
                ) from exc

    def _package(self, body: str, parts: dict[str, str], footnotes: dict[str, str], properties: dict[str, str], notes_as_comments: bool, final: bool) -> bytes:
        from copy import deepcopy

        from docx.opc.coreprops import CoreProperties
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.coreprops import CT_CoreProperties
        from docx.oxml.ns import nsmap
        from docx.oxml.parser import parse_xml

        members: dict[str, bytes | docxfile.Deflated] = dict(self._static)
        tree = self._docxtpl.fix_tables(body)
        for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=nsmap), start=1001):
            element.attrib["id"] = str(number)  # docxtpl's fix_docpr_ids
        if self._articles is not None:
            number_articles(tree, *self._articles)
        if notes_as_comments and self._note_style is not None:
            self._notes_to_comments(tree, members)
        draft_style = self._draft_style if final else None
        _leave_out_runs(tree, draft_style)
        root = deepcopy(self._shell)
        root.insert(self._body_index, tree)
        members[self._document_name] = serialize_part_xml(root)
        for name, xml in parts.items():
            members[name] = serialize_part_xml(_leave_out_runs(parse_xml(xml.encode("utf-8")), draft_style))
        for name, xml in footnotes.items():
            members[name] = xml.encode("utf-8")
        # Every core property is ours: the rendered ones, the others fixed (nothing
        # of whoever last saved a custom template carries over).
        core = CT_CoreProperties.new()
        docxfile.fill_core_properties(
            CoreProperties(core),
            title=properties["title"],
            subject=properties["subject"],
            author=properties["author"],
            comments=properties["comments"],
            language=properties["language"],
        )
        members[self._core_name] = serialize_part_xml(core)
        return docxfile.write_zip(members)

    def _notes_to_comments(self, tree, members: dict) -> None:
        assert self._note_style is not None
        made = comments.notes_to_comments(tree, self._note_style, self._raw.get(comments.PART))
        if made is None or _RELS not in self._raw or _TYPES not in self._raw:
            return
        members[comments.PART] = made
        members[_RELS], members[_TYPES] = comments.with_comments_part(self._raw[_RELS], self._raw[_TYPES])


def _style_id_named(document, name: str, kind: int = _PARAGRAPH) -> str | None:
    """The id of the style (by default a paragraph style) called `name` in the template, if it has one."""
    for style in document.styles:
        if style.name == name and style.type == kind:
            return style.style_id
    return None


def _leave_out_runs(element, style_id: str | None):
    """`element` without its runs in the character style `style_id` (none when None)."""
    if style_id is not None:
        for run in [s.getparent().getparent() for s in element.iter(f"{_W}rStyle") if s.get(f"{_W}val") == style_id]:
            if run.tag == f"{_W}r":
                run.getparent().remove(run)
    return element


def _later_article_numbering(document) -> tuple[str, int] | None:
    """(style id, numId) of the article style when its numbering has a second level
    for the articles after the first ("Art. 2."); None for a template without it
    (an agreement, or a custom template), whose articles stay as they are."""
    from docx.oxml.ns import qn

    for style in document.styles.element.iterfind(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) != contract.ARTICLE:
            continue
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        value = "" if num_id is None else num_id.get(qn("w:val"), "")
        if not value.isdigit():
            return None
        numbering = document.part.numbering_part.element
        abstract = [n.find(qn("w:abstractNumId")) for n in numbering.iterfind(qn("w:num")) if n.get(qn("w:numId")) == value]
        abstract_id = abstract[0].get(qn("w:val")) if abstract and abstract[0] is not None else None
        for definition in numbering.iterfind(qn("w:abstractNum")):
            if definition.get(qn("w:abstractNumId")) == abstract_id and any(lvl.get(qn("w:ilvl")) == "1" for lvl in definition.iterfind(qn("w:lvl"))):
                return style.get(qn("w:styleId")), int(value)
        return None
    return None


def number_articles(body, style_id: str, num_id: int) -> None:
    """Every article after the first in the rendered body on the second level of
    its numbering: "Artikel 1." then "Art. 2.", "Art. 3." (Belgian drafting of an
    amending text). Rendering decides which article is first (it may be conditional)."""
    from docx.oxml.ns import qn

    from generator.word.wordstyles import set_numbering

    style_tag = f"{qn('w:pPr')}/{qn('w:pStyle')}"
    articles = [p for p in body.iter(qn("w:p")) if (s := p.find(style_tag)) is not None and s.get(qn("w:val")) == style_id]
    for paragraph in articles[1:]:
        set_numbering(paragraph, num_id, ilvl=1)


# What a hostile or faulty template can raise besides Jinja's own errors.
_TEMPLATE_FAULTS = (ArithmeticError, LookupError, TypeError, ValueError, RecursionError, MemoryError)


def _own_extended_properties(package) -> None:
    """Replace the template's app.xml by ours; drop its custom properties and thumbnail."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for rId, relationship in list(package.rels.items()):
        if relationship.reltype in (RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES, RT.THUMBNAIL):
            del package.rels[rId]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, docxfile.APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


def _explain(exc: Exception, template_path: Path, source: str | None = None) -> str:
    name = template_path.name
    where = _faulty_paragraph(exc, source)
    if isinstance(exc, TooMuchWork):
        what = f"te veel werk: {exc.message}"
    elif isinstance(exc, (RecursionError, MemoryError)):
        what = "het invullen vraagt te veel geheugen of roept een macro te diep in zichzelf aan"
    elif isinstance(exc, OverflowError):
        what = f"een getal of bereik (range) is te groot ({exc})"
    elif isinstance(exc, ZeroDivisionError):
        what = "een deling door nul"
    elif not isinstance(exc, jinja2.TemplateError):
        what = f"een bewerking mislukt ({type(exc).__name__}: {str(exc)[:200]})"
    elif isinstance(exc, jinja2.UndefinedError):
        what = f"{_unknown_name(exc.message or '')}; zie 'iao templates list' voor de beschikbare variabelen"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        what = f"dit is niet toegelaten in een sjabloon ({exc})"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"een tag {{% ... %}} of {{{{ ... }}}} klopt niet ({exc.message})"
    else:
        what = str(exc)
    return f"sjabloon {name}: {what}." + (f' In de alinea: "{where}"' if where else "")


def _unknown_name(message: str) -> str:
    """Jinja's English 'has no attribute'/'is undefined' in Dutch."""
    attribute = re.search(r"has no attribute '([^']+)'", message)
    if attribute:
        return f"het veld '{attribute.group(1)}' bestaat niet"
    variable = re.search(r"'([^']+)' is undefined", message)
    if variable:
        return f"de variabele '{variable.group(1)}' bestaat niet"
    return f"onbekende variabele ({message})"


def _faulty_paragraph(exc: Exception, source: str | None) -> str:
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


def to_check_in_docx(data: bytes) -> list[str]:
    """The article numbers a rendered .docx marks "nog na te kijken" (filters.article_text)."""
    return docxfile.highlighted_texts(data, runxml.TO_CHECK)


def document_texts(data: bytes) -> list[str]:
    """Every paragraph text of a .docx: body, tables, headers and footers."""
    from docx import Document

    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        texts += [p.text for part in (section.header, section.footer) for p in part.paragraphs]
    return texts
