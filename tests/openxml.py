"""The Open XML SDK's rules on a .docx, for tests: `findings(docx)` (openxml-audit, issue 20).

    from tests.openxml import assert_no_new_findings, assert_valid, findings
    assert_valid(data)                      # a document iao generated: no finding at all
    assert_no_new_findings(source, result)  # amend/update: nothing the input did not have

Word opens what the SDK's validator accepts; python-docx and LibreOffice forgive
more. A finding is "part: description" (no XPath: positions move when text is
inserted, so before and after are compared as multisets of these strings).

Schema validation is most of the time (styles.xml alone takes 0.3 to 0.7 s) and
most parts are the same across the documents of a test run, so the schema findings
are cached per part, keyed by the part's bytes, and the semantic findings of the
style sheet (most of the semantic time) on the parts they read; the other checks
run every time.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import re
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator
from openxml_audit.context import ValidationContext
from openxml_audit.parts import OpenXmlPart
from openxml_audit.semantic.constraints import cross_part


def _written_by_word(error, parts: dict[str, etree._Element]) -> bool:
    """A tracked row insertion or deletion: <w:trPr> holding only <w:ins/> or <w:del/>.

    Word writes a row inserted with Track Changes so; ISO/IEC 29500-1, 17.13.2.17 "ins
    (Inserted Table Row)", shows exactly `<w:tr><w:trPr><w:ins w:id="0" .../></w:trPr>`
    as its example (reproduced in Microsoft's Open XML SDK documentation of the class
    Inserted, learn.microsoft.com/previous-versions/office/developer/office-2010/cc819019).
    The schema's CT_TrPrBase asks for at least one row property before them, so the
    validator reports "Required sequence content is missing" on that trPr: allowed
    there, and only there.
    """
    if error.description != "Required sequence content is missing" or not re.search(r"/trPr\[\d+\]$", error.path):
        return False
    root = parts.get(error.part_uri)
    if root is None:
        return False
    steps = re.findall(r"/(\w+)\[(\d+)\]", error.path)
    query = "".join(f"/*[local-name()='{name}'][{n}]" for name, n in steps[1:])
    found = root.xpath("." + query) if query else [root]
    return len(found) == 1 and len(found[0]) > 0 and all(etree.QName(c).localname in ("ins", "del") for c in found[0])


def _numbering_switched_off(error) -> bool:
    """<w:numId w:val="0"/>: numbering switched off on a paragraph whose style numbers it.

    ISO/IEC 29500-1, 17.9.19 "numId": "A value of 0 for the val attribute shall never be
    used to point to a numbering definition instance, and shall instead only be used to
    designate the removal of numbering properties" (reproduced in Microsoft's Open XML SDK
    documentation of the class NumberingId, learn.microsoft.com/previous-versions/office/
    developer/office-2010/cc841144). Word writes it when a user removes the numbering of a
    numbered heading; the validator looks numId 0 up as a definition: allowed for 0 only.
    """
    return error.description == "Numbering definition '0' referenced but not found"


# The semantic checks of styles.xml are 80 % of the semantic time (0.67 of 0.82 s over
# the reference dossier); they read the style sheet and, for a style's numbering, the
# numbering definitions: cached on those parts (and the few the style sheet may name).
_STYLE_SHEET = "/word/styles.xml"
_STYLE_SHEET_READS = ("word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/theme/theme1.xml", "word/fontTable.xml", "word/_rels/styles.xml.rels")


class _CachedSchemaValidator(OpenXmlValidator):
    _cache: dict[tuple[str, bytes], list] = {}
    _style_sheet_cache: dict[bytes, list] = {}

    def _validate_semantic_all_parts(self, package, validator, context):
        for part_uri in package.list_parts():
            if "xml" not in (package.content_types.get_content_type(part_uri) or ""):
                continue
            if part_uri != _STYLE_SHEET:
                validator.validate_part(OpenXmlPart(package, part_uri), context)
                continue
            key = hashlib.sha256(b"\0".join(package.get_part_content(name) or b"" for name in _STYLE_SHEET_READS)).digest()
            if key not in self._style_sheet_cache:
                before = len(context.errors)
                validator.validate_part(OpenXmlPart(package, part_uri), context)
                self._style_sheet_cache[key] = context.errors[before:]
            else:
                context.errors.extend(self._style_sheet_cache[key])
        return context.errors

    def _validate_schema(self, package, collect_hot_path_metrics=False):  # noqa: ARG002 - the library's signature
        assert self._schema_validator is not None
        found = []
        for part_uri in package.list_parts():
            content_type = package.content_types.get_content_type(part_uri) or ""
            if "xml" not in content_type:
                continue
            content = package.get_part_content(part_uri.lstrip("/")) or b""
            key = (part_uri, hashlib.sha256(content_type.encode() + b"\0" + content).digest())
            if key not in self._cache:
                context = ValidationContext(package=package, file_format=self._file_format, max_errors=self._max_errors, strict=self._strict)
                self._schema_validator.validate_part(OpenXmlPart(package, part_uri), context)
                self._cache[key] = list(context.errors)
            found += self._cache[key]
        return found


def _key_per_validation(original):
    """openxml-audit 0.8 caches the values of other parts (the ids in comments.xml)
    under id(package): a later package at the same address gets the earlier one's
    values, and false "was not found in Part:WordprocessingCommentsPart" findings.
    The key here names the validation run instead."""
    serial = itertools.count()

    def key(context, part_path, part_uris):
        package = context.package
        if not hasattr(package, "_iao_run"):
            package._iao_run = next(serial)
        return (package._iao_run, original(context, part_path, part_uris)[1])

    return key


cross_part._cache_key = _key_per_validation(cross_part._cache_key)
_VALIDATOR = _CachedSchemaValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)


def findings(docx: bytes | Path) -> list[str]:
    """Every finding of the Open XML SDK's rules (Microsoft 365) on the .docx, as
    "part: description", sorted; without the constructs Word itself writes."""
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    return list(_findings_of(data))


@functools.lru_cache(maxsize=256)
def _findings_of(data: bytes) -> tuple[str, ...]:
    with tempfile.NamedTemporaryFile(suffix=".docx") as file:
        file.write(data)
        file.flush()
        errors = _VALIDATOR.validate(file.name).errors
    parts: dict[str, etree._Element] = {}
    if any(e.path.endswith("]") and "trPr" in e.path for e in errors):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {f"/{e.part_uri.lstrip('/')}": etree.fromstring(archive.read(e.part_uri.lstrip("/"))) for e in errors if e.part_uri}
    return tuple(sorted(f"{e.part_uri}: {e.description}" for e in errors if not (_written_by_word(e, parts) or _numbering_switched_off(e))))


def assert_valid(docx: bytes | Path, name: str = "") -> None:
    """No finding in a document iao made."""
    found = findings(docx)
    assert not found, f"{name or docx}: " + "\n".join(found[:20])


def new_findings(before: bytes | Path, after: bytes | Path) -> list[str]:
    """Findings of `after` that `before` did not have (counted: one more of a kind is new)."""
    return sorted((Counter(findings(after)) - Counter(findings(before))).elements())


def assert_no_new_findings(before: bytes | Path, after: bytes | Path, name: str = "") -> None:
    found = new_findings(before, after)
    assert not found, f"{name}: new findings\n" + "\n".join(found[:20])
