"""Helpers for tests that render documents and read them back."""

from __future__ import annotations

import copy
import functools
import io
import json
import re
import zipfile
from pathlib import Path

import yaml
from docx import Document

from generator.dossier import documents, rendering
from generator.dossier.context import build_context
from generator.dossier.generation import template_for
from generator.profile.loading import profile_from_data

ROOT = Path(__file__).resolve().parent.parent
_REFERENCE = yaml.safe_load((ROOT / "inputs" / "voorbeeld.yaml").read_text(encoding="utf-8"))


def reference_data() -> dict:
    """A fresh, mutable copy of the reference profile as plain data."""
    return copy.deepcopy(_REFERENCE)


def variant(**changes) -> dict:
    """The reference profile with changes given as dotted paths:
    variant(**{"verwerker.opslaglocatie": "buiten_EER"})."""
    data = reference_data()
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return data


def kind(name: str) -> documents.DocumentKind:
    return next(k for k in documents.KINDS if k.kind == name)


def render_kind(name: str, data: dict | None = None) -> bytes:
    """Render one document kind for profile data (default: the reference profile)."""
    profiel = profile_from_data(reference_data() if data is None else data).profiel
    return rendering.render(template_for(kind(name), None), build_context(profiel))


def text_and_docx(name: str, data: dict | None = None) -> tuple[str, bytes]:
    """Text and bytes of one document kind for profile data, rendered once per test process."""
    return _rendered_cached(name, json.dumps(data, sort_keys=True, default=str) if data is not None else None)


@functools.cache
def _rendered_cached(name: str, data_json: str | None) -> tuple[str, bytes]:
    # json wrote dates as ISO strings; the profile model reads those back as dates
    docx = render_kind(name, None if data_json is None else json.loads(data_json))
    return text_of(docx), docx


def styles_of(docx: bytes, nonempty: bool = True) -> list[str]:
    """The paragraph style of every paragraph (by default only those with text)."""
    return [p.style.name for p in open_docx(docx).paragraphs if p.text.strip() or not nonempty]


_DAY_MONTH = re.compile(r"(?<=\d)\u00a0(?=(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b)")


def text_of(docx: bytes) -> str:
    """All text of a rendered document, one paragraph per line. The print
    typography (a non-breaking space between day and month, the apostrophe ’)
    reads as plain text here; tests/test_afdruk.py checks it in the documents."""
    text = "\n".join(rendering.document_texts(docx))
    return _DAY_MONTH.sub(" ", text).replace("\u2019", "'")


def part_of(docx: bytes, name: str) -> str:
    """One XML part of a .docx as text (word/styles.xml, docProps/app.xml, ...)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read(name).decode("utf-8")


def open_docx(docx: bytes):
    return Document(io.BytesIO(docx))


def assert_clean(text: str) -> None:
    """No template debris in a rendered document."""
    for debris in ("{{", "}}", "{%", "%}", "None", "True", "False"):
        assert debris not in text, f"template debris {debris!r} in document"


# Three contrasting profiles from the legal review (issue 11), as changes to the reference profile.
CONTRASTING = {
    # a gemeente where the council decides everything, data in the EEA, staff at the academy or home
    "gemeente_raad": {
        "schoolbestuur.arbeidsreglement_vastgesteld_door": "gemeenteraad",
        "schoolbestuur.verwerkersovereenkomst_gesloten_door": "gemeenteraad",
    },
    # a stad: the college adopts the work regulation and amends an existing processing agreement;
    # storage outside the EEA; staff teach from home; recordings with consent
    "stad_college_buiten_eer": {
        "schoolbestuur.soort": "stad",
        "schoolbestuur.naam": "Stad Voorbeeldstad",
        "schoolbestuur.arbeidsreglement_vastgesteld_door": "college",
        "schoolbestuur.verwerkersovereenkomst_gesloten_door": "college",
        "verwerker.bestaande_overeenkomst": True,
        "verwerker.opslaglocatie": "buiten_EER",
        "verwerker.subverwerkers": [
            {"naam": "Voorbeeld Cloud Diensten BV", "dienst": "hosting en opslag", "locatie": "Nederland"},
            {"naam": "Globale Video Inc.", "dienst": "videoverbindingen", "locatie": "Verenigde Staten"},
        ],
        "verwerker.doorgiften": [
            {"ontvanger": "Globale Video Inc.", "land": "Verenigde Staten", "mechanisme": "standaardcontractbepalingen"},
        ],
        "personeel.inzet": "thuis",
        "opnames.leerlingen": "enkel_met_toestemming",
    },
    # no remediation, staff at the academy only, nobody may record, no professionalisation;
    # the algemeen directeur concludes the processing agreement
    "zonder_remediering": {
        "afstandsonderwijs.remediering": {"toegestaan": False},
        "personeel.inzet": "academie",
        "personeel.voorwaarden_thuiswerk": None,
        "personeel.professionalisering_nodig": False,
        "personeel.professionalisering": None,
        "opnames.leerlingen": "verboden",
        "opnames.leerkrachten": "verboden",
        "opnames.bewaartermijn_dagen": None,
        "schoolbestuur.verwerkersovereenkomst_gesloten_door": "algemeen_directeur",
    },
    # issue 24: the processor itself in the United Kingdom, under the adequacy decision, registered there
    "verwerker_vk_adequaat": {
        "verwerker.naam": "Lesplatform Ltd",
        "verwerker.adres": "1 Example Street, London EC1A 1AA",
        "verwerker.ondernemingsnummer": None,
        "verwerker.registratieland": "Verenigd Koninkrijk",
        "verwerker.ondernemingsregister": "Companies House",
        "verwerker.registratienummer": "01234567",
        "verwerker.opslaglocatie": "buiten_EER",
        "verwerker.doorgiften": [{"ontvanger": "Lesplatform Ltd", "land": "Verenigd Koninkrijk", "mechanisme": "adequaatheidsbesluit"}],
    },
    # issue 24: the processor itself outside the EEA under the standard contractual clauses (module two)
    "verwerker_buiten_eer_scc": {
        "verwerker.naam": "Videoklas Pvt Ltd",
        "verwerker.ondernemingsnummer": None,
        "verwerker.registratieland": "India",
        "verwerker.opslaglocatie": "buiten_EER",
        "verwerker.doorgiften": [{"ontvanger": "Videoklas Pvt Ltd", "land": "India", "mechanisme": "standaardcontractbepalingen"}],
    },
    # issue 24: a US sub-processor under the EU-US Data Privacy Framework; pupils may record, teachers not
    "vs_dpf_leerlingen_opnemen": {
        "verwerker.opslaglocatie": "buiten_EER",
        "verwerker.subverwerkers": [{"naam": "Globale Video Inc.", "dienst": "videoverbindingen", "locatie": "Verenigde Staten"}],
        "verwerker.doorgiften": [{"ontvanger": "Globale Video Inc.", "land": "Verenigde Staten", "mechanisme": "adequaatheidsbesluit"}],
        "opnames.leerlingen": "enkel_met_toestemming",
        "opnames.leerkrachten": "verboden",
    },
    # issue 24: free answers typed by a secretariat as lowercase fragments without a verb or stop
    "vrije_tekst_fragmenten": {
        "afstandsonderwijs.remediering.voorwaarden": "aanvraag door de leerling, akkoord van de directeur",
        "personeel.voorwaarden_thuiswerk": "rustige werkplek, neutrale achtergrond",
        "personeel.professionalisering": "nascholing synchroon lesgeven in augustus",
    },
    # issue 24: the same answers as YAML lists (numbered 1°, 2°, ... in the documents)
    "vrije_tekst_lijsten": {
        "afstandsonderwijs.remediering.voorwaarden": ["de leerling vraagt het aan", "de directeur gaat akkoord", "de afwezigheid is gewettigd."],
        "personeel.voorwaarden_thuiswerk": ["een rustige werkplek", "een neutrale of vervaagde achtergrond;"],
        "personeel.professionalisering": ["een nascholing over synchroon lesgeven", "een sessie over veilig gebruik van het platform"],
    },
    # issue 24: teaching from home only; the college adopts the arbeidsreglement and the
    # algemeen directeur concludes the processing agreement; professionalisation needed
    "thuis_algemeen_directeur": {
        "personeel.inzet": "thuis",
        "schoolbestuur.arbeidsreglement_vastgesteld_door": "college",
        "schoolbestuur.verwerkersovereenkomst_gesloten_door": "algemeen_directeur",
    },
}


def contrasting(name: str) -> dict:
    """Profile data for one of the CONTRASTING profiles (or "referentie")."""
    # a deep copy: a test that changes a list of the result must not change CONTRASTING
    return variant(**copy.deepcopy(CONTRASTING.get(name, {})))


def comments_of(docx: bytes) -> list[str]:
    """The texts of the Word comments of a document (the notes for the legal service)."""
    return [comment.text for comment in open_docx(docx).comments]
