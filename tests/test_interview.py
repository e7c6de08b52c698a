"""`iao init`: the interview that writes a new academy profile."""

import datetime

import pytest
import yaml
from click.testing import CliRunner

from generator import rules
from generator.cli import cli
from generator import interview
from generator.interview import scalar
from generator.profile import load_profile

ACADEMIE = "Academie voor Muziek, Woord & Dans Voorbeeldstad"
DIRECTEUR = "Anaïs Peeters-Ségers"
VAK_2 = "Literair atelier: schrijven & spreken"


def answers(remediering=True, inzet="academie_of_thuis"):
    """A full run close to the reference profile, as (question, answer) pairs.

    The question keys only make the list readable and let a test put wrong
    answers before a given question; an empty answer takes the default.
    """
    pairs = [
        ("schooljaar", "2027-2028"),
        # academie
        ("academie.naam", ACADEMIE),
        ("instellingsnummer", "129999"),
        ("academie.adres", "Kunstlaan 12, 9999 Voorbeeldstad"),
        ("directeur", DIRECTEUR),
        ("academie.email", "academie@voorbeeldstad.be"),
        ("website", "https://academie.voorbeeldstad.be"),
        # schoolbestuur
        ("soort", ""),  # gemeente
        ("bestuur.naam", ""),  # Gemeente Voorbeeldstad, derived from the address
        ("bestuur.adres", "Markt 1, 9999 Voorbeeldstad"),
        ("bestuur.ondernemingsnummer", "0207.654.333"),
        ("burgemeester", "Karel De Smet"),
        ("schepen", "Sofie Maes"),
        ("voorzitter", "Jan Janssens"),
        ("algemeen directeur", "Els Claes"),
        ("arbeidsreglement vastgesteld door", ""),  # gemeenteraad
        ("verwerkersovereenkomst gesloten door", ""),  # college
        ("dpo.naam", "Pieter Wouters"),
        ("dpo.email", "dpo@voorbeeldstad.be"),
        # reglementen
        ("academiereglement", "2024-06-24"),
        ("arbeidsreglement", "2021-12-20"),
        # afstandsonderwijs
        ("platform", "Microsoft Teams"),
        ("vak1", "Muziekcultuur"),
        ("vak1.domein", ""),  # muziek
        ("vak1.structuur", "3de graad"),
        ("vak1.aandeel", "25"),
        ("vak1.geevalueerd", "j"),
        ("nog een vak", "j"),
        ("vak2", VAK_2),
        ("vak2.domein", "woordkunst-drama"),
        ("vak2.structuur", "4de graad"),
        ("vak2.aandeel", "30"),
        ("vak2.geevalueerd", "n"),
        ("nog een vak 2", "n"),
        ("remediering", "j" if remediering else "n"),
    ]
    if remediering:
        pairs.append(("remediering.voorwaarden", "De leerling vraagt het zelf aan; de directeur gaat akkoord en de afwezigheid is gewettigd met een attest."))
    pairs += [
        ("site1", "Hoofdvestiging Kunstlaan"),
        ("site1.adres", ""),  # the academy's address
        ("site1.lokaal", "mediatheek (lokaal 0.14)"),
        ("site1.infra1", "laptop"),
        ("site1.infra2", "hoofdtelefoon met microfoon"),
        ("site1.infra3", ""),  # done
        ("site1.toezicht", "een medewerker van het secretariaat"),
        ("nog een site", "j"),
        ("site2", "Filiaal Dorpsplein"),
        ("site2.adres", "Dorpsplein 3, 9998 Voorbeeldstad-Noord"),
        ("site2.lokaal", "klaslokaal 1"),
        ("site2.infra1", "laptop"),
        ("site2.infra2", "wifi"),
        ("site2.infra3", ""),
        ("site2.toezicht", "de leerkracht die dan in het filiaal lesgeeft"),
        ("nog een site 2", "n"),
        # personeel
        ("inzet", inzet),
    ]
    if inzet != "academie":
        pairs.append(("voorwaarden thuiswerk", "Een rustige werkplek met neutrale achtergrond en een stabiele internetverbinding."))
    pairs += [
        ("professionalisering nodig", "j"),
        ("professionalisering", "Twee nascholingen over synchroon afstandsonderwijs, vóór 1 september."),
        # opnames
        ("opnames leerlingen", ""),  # verboden
        ("opnames leerkrachten", "enkel_met_toestemming"),
        ("bewaartermijn", ""),  # 30
        ("verspreiden", ""),  # verboden
        # verwerker
        ("verwerker.naam", "Leerplatform Vlaanderen NV"),
        ("verwerker.adres", "Stationsstraat 40, 9000 Gent"),
        ("verwerker.ondernemingsnummer", "0876.543.270"),
        ("bestaande overeenkomst", "n"),
        ("opslaglocatie", ""),  # EER
        ("meldtermijn", ""),  # 24
        ("subverwerkers", "j"),
        ("sub1", "Voorbeeld Cloud Diensten BV"),
        ("sub1.dienst", "hosting en opslag"),
        ("sub1.locatie", "Nederland"),
        ("nog een subverwerker", "n"),
        # planning
        ("onderhandelingscomite", "2027-02-10"),
        ("gemeenteraad", "2027-03-22"),
        ("start inschrijvingen", "2027-05-03"),
        ("eerste lesdag", ""),  # 2027-09-01
    ]
    return pairs


def as_input(pairs, wrong=None):
    """The answers as the text typed on stdin; `wrong` puts refused answers before a question."""
    wrong = wrong or {}
    keys = [key for key, _ in pairs]
    assert set(wrong) <= set(keys), set(wrong) - set(keys)
    lines = []
    for key, answer in pairs:
        lines += wrong.get(key, [])
        lines.append(answer)
    return "\n".join(lines) + "\n"


def run_init(path, text):
    return CliRunner().invoke(cli, ["init", str(path)], input=text)


def test_full_run_writes_a_valid_commented_profile(tmp_path):
    path = tmp_path / "profiel.yaml"
    result = run_init(path, as_input(answers()))
    assert result.exit_code == 0, result.output
    assert "Profiel geschreven" in result.output

    loaded = load_profile(path)
    assert rules.errors(rules.check(loaded)) == []
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0

    text = path.read_text(encoding="utf-8")
    assert "# Academieprofiel voor interactief afstandsonderwijs" in text
    assert "# gemeente of stad" in text
    assert 'instellingsnummer: "129999"' in text
    assert f'vak: "{VAK_2}"' in text  # ': ' would be misread unquoted

    p = loaded.profiel
    assert p.academie.naam == ACADEMIE
    assert p.academie.directeur == DIRECTEUR
    assert p.academie.instellingsnummer == "129999"
    assert p.schoolbestuur.naam == "Gemeente Voorbeeldstad"
    assert p.schoolbestuur.soort == "gemeente"
    assert p.schoolbestuur.ondernemingsnummer == "0207.654.333"
    assert p.schoolbestuur.functionaris_gegevensbescherming.naam == "Pieter Wouters"
    assert p.reglementen.academiereglement.laatst_vastgesteld_op == datetime.date(2024, 6, 24)
    assert [(v.vak, v.structuuronderdeel, v.aandeel_procent, v.geevalueerd) for v in p.afstandsonderwijs.vakken] == [
        ("Muziekcultuur", "3de graad", 25, True),
        (VAK_2, "4de graad", 30, False),
    ]
    assert p.afstandsonderwijs.remediering.toegestaan
    assert "attest" in p.afstandsonderwijs.remediering.voorwaarden
    sites = p.afstandsonderwijs.vestigingsplaatsen
    assert [s.naam for s in sites] == ["Hoofdvestiging Kunstlaan", "Filiaal Dorpsplein"]
    assert sites[0].adres == "Kunstlaan 12, 9999 Voorbeeldstad"
    assert sites[0].infrastructuur == ["laptop", "hoofdtelefoon met microfoon"]
    assert p.personeel.inzet == "academie_of_thuis"
    assert p.personeel.voorwaarden_thuiswerk.startswith("Een rustige werkplek")
    assert p.opnames.leerkrachten == "enkel_met_toestemming"
    assert p.opnames.bewaartermijn_dagen == 30
    assert p.verwerker.bestaande_overeenkomst is False
    assert p.verwerker.subverwerkers[0].locatie == "Nederland"
    assert p.planning.eerste_lesdag == datetime.date(2027, 9, 1)


def test_field_order_follows_the_reference_profile(tmp_path):
    path = tmp_path / "profiel.yaml"
    assert run_init(path, as_input(answers())).exit_code == 0
    generated = yaml.safe_load(path.read_text(encoding="utf-8"))
    with open("inputs/voorbeeld.yaml", encoding="utf-8") as f:
        reference = yaml.safe_load(f)

    def keys(data, prefix=""):
        out = []
        for key, value in data.items():
            out.append(prefix + key)
            if isinstance(value, dict):
                out += keys(value, prefix + key + ".")
        return out

    assert keys(generated) == keys(reference)


def test_invalid_answers_are_asked_again_in_dutch(tmp_path):
    path = tmp_path / "profiel.yaml"
    wrong = {
        "vak1.structuur": ["1ste graad"],
        "vak1.aandeel": ["100"],
        "vak2.structuur": ["2de graad volwassenen"],  # only in muziek, and vak 2 is woordkunst-drama
        "gemeenteraad": ["2027-02-30", "2027-02-01"],  # impossible date, then before the negotiation
        "instellingsnummer": ["12999"],
        "vak1.geevalueerd": ["misschien"],
        "bestuur.ondernemingsnummer": ["0207.654.334", "n"],  # bad check digits, not kept
    }
    result = run_init(path, as_input(answers(), wrong))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Fout: voor de 1ste graad is IAO niet toegestaan" in out
    assert "regel R1" in out
    assert "niet in woordkunst-drama" in out
    assert "Fout: 100 kan niet: verwacht meer dan 0 en minder dan 100" in out
    assert "nooit volledig als IAO" in out
    assert "Fout: '2027-02-30' bestaat niet: februari 2027 heeft 28 dagen" in out
    assert "moet na de vakbondsonderhandeling (2027-02-10) liggen" in out
    assert "Fout: '12999': verwacht zes cijfers" in out
    assert "antwoord met j (ja) of n (nee)" in out
    assert "Let op: '0207.654.334' is geen geldig ondernemingsnummer" in out
    assert "Error" not in out
    # each refused question was asked again
    assert out.count("Welk deel van de lestijden op jaarbasis wordt IAO") == 2 + 1  # vak 1 twice, vak 2 once
    assert out.count("Datum van de gemeenteraad") == 3

    p = load_profile(path).profiel
    assert [v.aandeel_procent for v in p.afstandsonderwijs.vakken] == [25, 30]
    assert p.afstandsonderwijs.vakken[0].structuuronderdeel == "3de graad"
    assert p.planning.gemeenteraad == datetime.date(2027, 3, 22)


def test_conditional_questions_are_skipped(tmp_path):
    path = tmp_path / "profiel.yaml"
    result = run_init(path, as_input(answers(remediering=False, inzet="academie")))
    assert result.exit_code == 0, result.output
    assert "Onder welke voorwaarden?" not in result.output
    assert "van thuis uit lesgeven" not in result.output

    loaded = load_profile(path)
    assert rules.errors(rules.check(loaded)) == []
    assert loaded.profiel.afstandsonderwijs.remediering.toegestaan is False
    assert loaded.profiel.personeel.inzet == "academie"
    text = path.read_text(encoding="utf-8")
    assert "voorwaarden:" not in text
    assert "voorwaarden_thuiswerk" not in text


def test_no_recording_allowed_means_no_retention_question(tmp_path):
    pairs = [(k, "verboden" if k == "opnames leerkrachten" else v) for k, v in answers() if k != "bewaartermijn"]
    path = tmp_path / "profiel.yaml"
    result = run_init(path, as_input(pairs))
    assert result.exit_code == 0, result.output
    assert "bewaard worden" not in result.output
    assert load_profile(path).profiel.opnames.bewaartermijn_dagen is None


def test_planning_is_asked_again_when_rule_r9_fails(tmp_path, monkeypatch):
    # The date questions already check the order, so R9 can only fail if that is
    # bypassed; the final check must still catch it and ask the planning again.
    plans = iter([
        {"onderhandelingscomite": datetime.date(2027, 4, 1), "gemeenteraad": datetime.date(2027, 3, 22),
         "start_inschrijvingen": datetime.date(2027, 5, 3), "eerste_lesdag": datetime.date(2027, 9, 1)},
        {"onderhandelingscomite": datetime.date(2027, 2, 10), "gemeenteraad": datetime.date(2027, 3, 22),
         "start_inschrijvingen": datetime.date(2027, 5, 3), "eerste_lesdag": datetime.date(2027, 9, 1)},
    ])
    monkeypatch.setattr(interview, "ask_planning", lambda startjaar: next(plans))
    pairs = [(k, v) for k, v in answers() if k not in ("onderhandelingscomite", "gemeenteraad", "start inschrijvingen", "eerste lesdag")]
    path = tmp_path / "profiel.yaml"
    result = run_init(path, as_input(pairs))
    assert result.exit_code == 0, result.output
    assert "De planning klopt nog niet" in result.output
    assert "vakbondsonderhandeling moet vóór de gemeenteraad" in result.output
    assert load_profile(path).profiel.planning.onderhandelingscomite == datetime.date(2027, 2, 10)


def test_existing_file_is_kept_when_not_overwritten(tmp_path):
    path = tmp_path / "profiel.yaml"
    path.write_text("schooljaar: 2026-2027\n", encoding="utf-8")
    result = run_init(path, "n\n")
    assert result.exit_code == 0, result.output
    assert "Niets geschreven" in result.output
    assert path.read_text(encoding="utf-8") == "schooljaar: 2026-2027\n"


@pytest.mark.parametrize("value", [
    "129999", "0207654333", "a: b", "a #b", "#tag", "& Co", "*ster", "ja", "no", "true", "null", "~",
    "2027-03-22", "12.5", "- lijst", "[x]", "{x}", "'quote'", '"dubbel"', "Café Zèle", "100%", "@home", "x:",
])
def test_scalars_round_trip(value):
    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}


def test_long_text_is_folded_and_round_trips():
    long = "Een tekst met een dubbele punt: zo, een # hekje en een-koppelteken, " * 3
    long = long.strip()
    from generator.interview import _Writer

    w = _Writer()
    w.field(2, "voorwaarden", long)
    text = "x:\n" + w.text()
    assert ">-" in text
    assert yaml.safe_load(text) == {"x": {"voorwaarden": long}}
