"""Every legal citation in a template comes from the register (templates/bronnen.yaml).

A template that types "decreet van ...", "Verordening (EU) ..." or "artikel 28 AVG" itself
bypasses the register: the legal service could not check or change it in one place.
"""

from __future__ import annotations

import re

import pytest

from generator.dossier import documents
from generator.dossier.bronnen import load_register
from generator.resources import templates_dir

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
CITATION = re.compile(
    r"\b(?:decreet|wet|koninklijk besluit|besluit van de vlaamse regering|omzendbrief)\s+van\s+\d"
    r"|\b(?:verordening|uitvoeringsbesluit|richtlijn)\s*\((?:eu|eg)\)"
    r"|\bart(?:ikel|ikelen|\.)\s*\d+[^.;:\n]{0,40}?\b(?:AVG|WER|GDPR)\b"
    r"|\b(?:AVG|WER),?\s+art(?:ikel|\.)\s*\d+"
    r"|\bhoofdstuk\s+[IVX]+\s+van\s+de\s+AVG"
    r"|\bboek\s+XI\b",
    re.IGNORECASE,
)


def _citations(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("//"):
            continue
        for match in CITATION.finditer(JINJA.sub(" ", line)):
            found.append(f"regel {number}: …{match.group()}…")
    return found


@pytest.mark.parametrize("kind", [k.kind for k in documents.KINDS])
def test_no_citation_bypasses_the_register(kind):
    source = (templates_dir() / kind / "bron.txt").read_text(encoding="utf-8")
    assert _citations(source) == [], f"{kind}/bron.txt citeert buiten het register om"


def test_the_check_catches_typed_citations():
    typed = (
        "volgens het decreet van 22 december 2017",
        "Verordening (EU) 2016/679",
        "artikel 28 van de AVG",
        "zie AVG art. 37",
        "hoofdstuk V van de AVG",
        "de wet van 8 april 1965",
    )
    for text in typed:
        assert _citations(text), text
    assert _citations('{{ bron("avg") }}, {{ artikel("avg", "verwerker") }} en artikel 3 van dit addendum') == []


@pytest.mark.parametrize("kind", [k.kind for k in documents.KINDS])
def test_every_reference_a_template_uses_is_in_the_register(kind):
    source = (templates_dir() / kind / "bron.txt").read_text(encoding="utf-8")
    register = load_register()
    for key in re.findall(r"""\bbron\(\s*["']([^"']+)["']""", source):
        register.bron(key)
    for key, name in re.findall(r"""\bartikel\(\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']""", source):
        register.artikel(key, name)
