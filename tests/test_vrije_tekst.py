"""Issue 24, section 6, read back from every document that quotes a free answer: what a secretariat
types as a lowercase fragment comes out as a complete sentence (capital, final stop), and a list as
items after a sentence that ends in a colon, numbered 1°, 2°, ... with ';' and '.' at the end,
whatever punctuation was typed. And the algemeen directeur who concludes the agreement is named as
such wherever the dossier speaks of that decision."""

from __future__ import annotations

import pytest

from tests.dossier import assert_clean, contrasting, open_docx, text_and_docx

# per free answer: the sentence its fragment becomes, and the items its list becomes
ANSWERS = {
    "remediering": (
        "Aanvraag door de leerling, akkoord van de directeur.",
        ["de leerling vraagt het aan;", "de directeur gaat akkoord;", "de afwezigheid is gewettigd."],
    ),
    "thuiswerk": ("Rustige werkplek, neutrale achtergrond.", ["een rustige werkplek;", "een neutrale of vervaagde achtergrond."]),
    "professionalisering": (
        "Nascholing synchroon lesgeven in augustus.",
        ["een nascholing over synchroon lesgeven;", "een sessie over veilig gebruik van het platform."],
    ),
}
# the documents that quote each answer for these profiles (reference profile: the council adopts,
# staff may teach from home, professionalisation needed)
QUOTED = [
    ("academiereglement", "remediering"),
    ("informatiebrief", "remediering"),
    ("personeelsoverleg", "remediering"),
    ("arbeidsreglement", "thuiswerk"),
    ("afsprakennota", "thuiswerk"),
    ("beginanalyse-personeel", "thuiswerk"),
    ("onderhandeling", "thuiswerk"),
    ("personeelsoverleg", "thuiswerk"),
    ("principebeslissing", "thuiswerk"),
    ("arbeidsreglement", "professionalisering"),
    ("beginanalyse-personeel", "professionalisering"),
    ("gemeenteraadsbesluit", "professionalisering"),
    ("onderhandeling", "professionalisering"),
    ("principebeslissing", "professionalisering"),
    ("professionaliseringsplan", "professionalisering"),
]
WORD_NUMBERED = "Ingevoegde opsomming"  # items of inserted text: Word numbers them 1°, 2°, ... (iao amend writes the numbers)


def _paragraphs(kind: str, profile: str) -> tuple[str, list[str]]:
    """The document's text, and its paragraphs with the number 1°, 2°, ... that Word shows
    before an inserted list item."""
    text, docx = text_and_docx(kind, contrasting(profile))
    assert_clean(text)
    out, n = [], 0
    for p in (p for p in open_docx(docx).paragraphs if p.text.strip()):
        n = n + 1 if p.style.name == WORD_NUMBERED else 0
        out.append(f"{n}° {p.text}" if n else p.text)
    return text, out


@pytest.mark.parametrize("kind, answer", QUOTED)
def test_a_fragment_becomes_a_complete_sentence(kind, answer):
    text, paragraphs = _paragraphs(kind, "vrije_tekst_fragmenten")
    sentence = ANSWERS[answer][0]
    at = next(i for i, p in enumerate(paragraphs) if sentence in p)
    # on a paragraph of its own, after the document's own sentence ending in a full stop; or in running text after ". "
    assert paragraphs[at] == sentence and paragraphs[at - 1].endswith(".") or f". {sentence}" in paragraphs[at]
    assert f": {sentence[0].lower()}{sentence[1:-1]}" not in text


@pytest.mark.parametrize("kind, answer", QUOTED)
def test_a_list_becomes_numbered_items_after_a_colon(kind, answer):
    text, paragraphs = _paragraphs(kind, "vrije_tekst_lijsten")
    items = ANSWERS[answer][1]
    first = next(i for i, p in enumerate(paragraphs) if p.endswith(items[0]))
    assert paragraphs[first - 1].endswith(":")
    assert paragraphs[first : first + len(items)] == [f"{n}° {item}" for n, item in enumerate(items, 1)]
    assert ";;" not in text and ".;" not in text and ".." not in text.replace("...", "")


def test_in_running_text_a_list_is_written_in_one_sentence():
    data = contrasting("vrije_tekst_lijsten")
    data["schoolbestuur"]["arbeidsreglement_vastgesteld_door"] = "college"
    text = text_and_docx("collegebesluit", data)[0]
    assert "De academie plant daarvoor het volgende: 1° een nascholing over synchroon lesgeven; 2° een sessie over veilig gebruik van het platform." in text


# --- the algemeen directeur concluding the agreement ----------------------------------------------


def test_the_dossier_names_the_algemeen_directeur_as_the_one_who_concludes():
    data = contrasting("thuis_algemeen_directeur")
    council = text_and_docx("gemeenteraadsbesluit", data)[0]
    assert "Gelet op de lokale bevoegdheidsregeling die de algemeen directeur bevoegd maakt om de verwerkersovereenkomst te sluiten" in council
    assert "Verwerkersovereenkomst (verwerkersovereenkomst-nieuw" not in council  # not an annex the council adopts
    college = text_and_docx("collegebesluit", data)[0]
    assert "goedkeuring van de verwerkersovereenkomst" not in college
    agreement = text_and_docx("verwerkersovereenkomst", data)[0]
    assert "vertegenwoordigd door Els Claes, algemeen directeur, ter uitvoering van het besluit van de algemeen directeur" in agreement
    # the party clause names the draft decision of the dossier that concludes the agreement (issue 24, section 4)
    assert "over het sluiten van deze overeenkomst, genomen op grond van de lokale bevoegdheidsregeling" in agreement
    plan = text_and_docx("stappenplan", data)[0]
    assert "algemeen directeur, na overleg met de DPO" in plan
    assert "Ontwerpbesluit algemeen directeur" in plan
