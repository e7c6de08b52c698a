"""What the final reading by the legal service corrected in the decisions, regulations and
negotiation papers, read back from the documents over the contrasting profiles."""

import re

import pytest

from tests.dossier import CONTRASTING, contrasting, text_and_docx

PROFILES = ["referentie", *CONTRASTING]
KINDS = ["academiereglement", "arbeidsreglement", "gemeenteraadsbesluit", "principebeslissing", "onderhandeling", "personeelsoverleg", "stappenplan"]


def text(kind: str, profile: str) -> str:
    return text_and_docx(kind, contrasting(profile))[0]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", KINDS)
def test_free_text_of_the_profile_never_follows_a_colon_with_a_capital(kind, profile):
    body = text(kind, profile)
    for free in ("Een rustige werkplek", "Twee nascholingsmomenten"):
        assert f": {free}" not in body
    assert not re.search(r"\b[Vv]an waar\b", body)  # the question word is written as one word


@pytest.mark.parametrize("profile", PROFILES)
def test_decisions_agree_with_what_was_negotiated(profile):
    body = text("gemeenteraadsbesluit", profile)
    assert "De wijziging van het arbeidsreglement werden" not in body
    assert "licenties, toestellen, en" not in body
    assert "niet van thuis uit kan of wil volgen" in body


def test_college_decision_puts_the_article_before_the_academy_name():
    body = text("collegebesluit", "stad_college_buiten_eer")
    assert "\nDe Academie voor Muziek, Woord en Dans Voorbeeldstad, de stedelijke academie" in body
    assert "De wijziging en het aangepaste plan werden onderhandeld" in body


def test_recipients_of_the_data_read_as_one_list():
    body = text("academiereglement", "referentie")
    assert (
        "ontvangers van de gegevens zijn de leerkracht, de andere deelnemers aan de les, de directeur en het secretariaat voor zover zij ze nodig hebben, en de aanbieder"
        in body
    )


def test_step_plan_names_the_entry_into_force_once():
    body = text("stappenplan", "referentie")
    # a sentence with its verb (issue 24, point 9)
    assert "De gemeenteraad stelt de wijziging van het academiereglement vast, en ook de wijziging van het arbeidsreglement." in body
    assert body.count("na de inwerkingtreding op 1 september 2027") <= 1
