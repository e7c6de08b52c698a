"""One dossier, one set of facts: what several documents share is the same in all of them.

Over the reference profile and the three contrasting profiles of the legal review, every
document is rendered and read back: dates come only from the profile, the step plan or
the register; the transfer sentence is the one sentence of the context; the supervisory
authority is the VTC; a stad is a stad; the IAO shares are those of the profile.
"""

from __future__ import annotations

import datetime
import html
import re

import pytest

from generator.dossier import documents
from generator.dossier.context import build_context
from generator.dossier.filters import datum
from generator.profile.loading import profile_from_data
from tests.dossier import CONTRASTING, contrasting, text_and_docx

PROFILES = ["referentie", *CONTRASTING]
DATE = re.compile(r"\b\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}")


def _dossier(name: str) -> tuple[dict, dict[str, str]]:
    data = contrasting(name)
    profiel = profile_from_data(data).profiel
    texts = {k.kind: text_and_docx(k.kind, data)[0] for k in documents.kinds_for(profiel)}
    return build_context(profiel), texts


def _dates_in(value) -> set[datetime.date]:
    if isinstance(value, datetime.date):
        return {value}
    if isinstance(value, dict):
        return set().union(*map(_dates_in, value.values()))
    if isinstance(value, (list, tuple)):
        return set().union(*map(_dates_in, value))
    return set()


@pytest.mark.parametrize("name", PROFILES)
def test_every_date_comes_from_the_profile_the_step_plan_or_the_register(name):
    context, texts = _dossier(name)
    allowed = {datum(d).replace("\u00a0", " ") for d in _dates_in({k: v for k, v in context.items() if k not in ("jaarplanning", "bronnen")})}
    for bron in context["bronnen"].entries.values():
        allowed |= set(DATE.findall(bron.titel))
    for kind, text in texts.items():
        if kind == "jaarplanning":  # its lesson weeks and holidays are dates of the school calendar
            continue
        assert set(DATE.findall(text)) <= allowed, (kind, set(DATE.findall(text)) - allowed)


@pytest.mark.parametrize("name", PROFILES)
def test_the_transfer_is_described_by_the_same_sentence_everywhere(name):
    context, texts = _dossier(name)

    def plain(key):
        return html.unescape(re.sub(r"<[^>]+>", "", str(context["doorgifte"][key])))

    mentioning = [kind for kind, text in texts.items() if "Economische Ruimte" in text]
    assert {"verwerkersovereenkomst", "informatiebrief", "academiereglement", "platformscreening", "principebeslissing"} <= set(mentioning)
    # the agreement states the processor's obligation, the screening the provider's statement it checks
    own = {"verwerkersovereenkomst": "verbintenis", "platformscreening": "verklaring"}
    for kind in mentioning:
        assert plain(own.get(kind, "zin")) in texts[kind], kind


@pytest.mark.parametrize("name", PROFILES)
def test_the_supervisory_authority_is_the_vtc(name):
    _, texts = _dossier(name)
    for kind, text in texts.items():
        assert "Gegevensbeschermingsautoriteit" not in text, kind
    for kind in ("verwerkersovereenkomst", "informatiebrief", "academiereglement"):
        assert "Vlaamse Toezichtcommissie" in texts[kind], kind


def test_a_stad_is_a_stad_in_every_document():
    _, texts = _dossier("stad_college_buiten_eer")
    for kind, text in texts.items():
        for word in ("gemeentebestuur", "Gemeente Voorbeeldstad", "de gemeente Voorbeeldstad"):
            assert word not in text, (kind, word)


@pytest.mark.parametrize("name", PROFILES)
def test_the_shares_are_those_of_the_profile(name):
    context, texts = _dossier(name)
    shares = {f"{v['aandeel_procent']:g}\u00a0%" for v in context["afstandsonderwijs"]["vakken"]}
    for kind in ("academiereglement", "gemeenteraadsbesluit", "informatiebrief", "jaarplanning", "principebeslissing"):
        assert shares <= set(re.findall(r"\d+\u00a0%", texts[kind])), kind
    assert all(f"ten hoogste {share}" in texts["academiereglement"] for share in shares)


def test_nobody_records_means_no_recording_rules_anywhere():
    _, texts = _dossier("zonder_remediering")
    assert "toestemming-opnames" not in texts
    for kind, text in texts.items():
        assert "toestemmingsformulier" not in text, kind
        assert "toegelaten opname" not in text.lower(), kind
    for kind in ("academiereglement", "arbeidsreglement", "informatiebrief", "afsprakennota"):
        assert "Niemand mag de lessen opnemen." in texts[kind], kind
