"""`iao init`: the interview that writes a new academy profile.

The interview is answered by question identity (the field path it fills), never by
position: a question added to the profile model does not shift the answers below.
"""

import datetime

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.profile import interview, rules
from generator.profile.interview import render, scalar
from generator.profile.loading import load_profile
from generator.profile.yamlsource import load

ACADEMIE = "Academie voor Muziek, Woord & Dans Voorbeeldstad"
DIRECTEUR = "Anaïs Peeters-Ségers"
VAK_2 = "Literair atelier: schrijven & spreken"
V, S = "afstandsonderwijs.vakken", "afstandsonderwijs.vestigingsplaatsen"


def answers(**changes):
    """A full run close to the reference profile: question identity -> answer typed.
    A question missing here is answered with Enter (its default); a list is answered
    in turn when the question is asked again."""
    given = {
        "schooljaar": "2027-2028",
        "academie.naam": ACADEMIE,
        "academie.instellingsnummer": "129999",
        "academie.adres": "Kunstlaan 12, 9999 Voorbeeldstad",
        "academie.directeur": DIRECTEUR,
        "academie.email": "academie@voorbeeldstad.be",
        "academie.website": "https://academie.voorbeeldstad.be",
        # schoolbestuur.soort and .naam: the defaults, gemeente and Gemeente Voorbeeldstad (from the address)
        "schoolbestuur.adres": "Markt 1, 9999 Voorbeeldstad",
        "schoolbestuur.ondernemingsnummer": "0207.654.333",
        "schoolbestuur.burgemeester": "Karel De Smet",
        "schoolbestuur.schepen_van_onderwijs": "Sofie Maes",
        "schoolbestuur.voorzitter_gemeenteraad": "Jan Janssens",
        "schoolbestuur.algemeen_directeur": "Els Claes",
        "schoolbestuur.functionaris_gegevensbescherming.naam": "Pieter Wouters",
        "schoolbestuur.functionaris_gegevensbescherming.email": "dpo@voorbeeldstad.be",
        "reglementen.academiereglement.laatst_vastgesteld_op": "2024-06-24",
        "reglementen.academiereglement.nieuw_hoofdstuk": "7bis",
        "reglementen.academiereglement.invoegen_na_hoofdstuk": "7",
        "reglementen.arbeidsreglement.laatst_vastgesteld_op": "2021-12-20",
        "afstandsonderwijs.platform": "Microsoft Teams",
        f"{V}[0].vak": "Muziekcultuur",
        f"{V}[0].structuuronderdeel": "3de graad",
        f"{V}[0].aandeel_procent": "25",
        f"{V}[0].geevalueerd": "j",
        f"{V}[1]?": "j",
        f"{V}[1].vak": VAK_2,
        f"{V}[1].domein": "woordkunst-drama",
        f"{V}[1].structuuronderdeel": "4de graad",
        f"{V}[1].aandeel_procent": "30",
        f"{V}[1].geevalueerd": "n",
        "afstandsonderwijs.remediering.toegestaan": "j",
        "afstandsonderwijs.remediering.voorwaarden": "De leerling vraagt het zelf aan; de directeur gaat akkoord en de afwezigheid is gewettigd met een attest.",
        f"{S}[0].naam": "Hoofdvestiging Kunstlaan",
        f"{S}[0].lokaal": "mediatheek (lokaal 0.14)",
        f"{S}[0].infrastructuur[0]": "laptop",
        f"{S}[0].infrastructuur[1]": "hoofdtelefoon met microfoon",
        f"{S}[0].toezicht": "een medewerker van het secretariaat",
        f"{S}[1]?": "j",
        f"{S}[1].naam": "Filiaal Dorpsplein",
        f"{S}[1].adres": "Dorpsplein 3, 9998 Voorbeeldstad-Noord",
        f"{S}[1].lokaal": "klaslokaal 1",
        f"{S}[1].infrastructuur[0]": "laptop",
        f"{S}[1].infrastructuur[1]": "wifi",
        f"{S}[1].toezicht": "een personeelslid dat de directeur daarvoor aanwijst",
        "personeel.inzet": "academie_of_thuis",
        "personeel.voorwaarden_thuiswerk": "Een rustige werkplek met neutrale achtergrond en een stabiele internetverbinding.",
        "personeel.professionalisering_nodig": "j",
        "personeel.professionalisering": "Twee nascholingen over synchroon afstandsonderwijs, vóór 1 september.",
        "opnames.leerkrachten": "enkel_met_toestemming",
        "verwerker.naam": "Leerplatform Vlaanderen NV",
        "verwerker.adres": "Stationsstraat 40, 9000 Gent",
        "verwerker.ondernemingsnummer": "0876.543.270",
        "verwerker.bestaande_overeenkomst": "n",
        "verwerker.subverwerkers[0]?": "j",
        "verwerker.subverwerkers[0].naam": "Voorbeeld Cloud Diensten BV",
        "verwerker.subverwerkers[0].dienst": "hosting en opslag",
        "verwerker.subverwerkers[0].locatie": "Nederland",
        "planning.onderhandelingscomite": "2027-02-10",
        "planning.gemeenteraad": "2027-03-22",
        "planning.start_inschrijvingen": "2027-05-03",
    }
    given.update(changes)
    return {key: value for key, value in given.items() if value is not None}


class Script:
    """The prompt function of the interview, answering from a dict keyed by question identity."""

    def __init__(self, given):
        self.given = {key: list(value) if isinstance(value, list) else [value] for key, value in given.items()}
        self.asked: list[str] = []
        self.shown: dict[str, str] = {}

    def __call__(self, key, shown):
        self.asked.append(key)
        self.shown[key] = shown
        assert self.asked.count(key) < 5, f"{key} asked over and over: {shown}"
        queue = self.given.get(key, [])
        return queue.pop(0) if len(queue) > 1 or (queue and self.asked.count(key) == 1) else (queue[0] if queue else "")

    def unused(self):
        return [key for key in self.given if key not in self.asked]


def run(given, capsys):
    script = Script(given)
    text = interview.interview(script)
    assert script.unused() == [], "answers for questions that were never asked"
    return text, script, capsys.readouterr().out


def profile_of(text, tmp_path):
    path = tmp_path / "profiel.yaml"
    path.write_text(text, encoding="utf-8")
    return load_profile(path)


def test_full_run_writes_a_valid_commented_profile(tmp_path, capsys):
    text, script, out = run(answers(), capsys)
    loaded = profile_of(text, tmp_path)
    assert rules.errors(rules.check(loaded)) == []
    assert "# Academieprofiel voor interactief afstandsonderwijs" in text
    assert "# hoe het schoolbestuur zichzelf noemt: gemeente of stad" in text
    assert 'instellingsnummer: "129999"' in text
    assert f'vak: "{VAK_2}"' in text  # ': ' would be misread unquoted

    p = loaded.profiel
    assert p.academie.naam == ACADEMIE and p.academie.directeur == DIRECTEUR
    assert p.schoolbestuur.naam == "Gemeente Voorbeeldstad" and p.schoolbestuur.soort == "gemeente"
    assert p.schoolbestuur.functionaris_gegevensbescherming.naam == "Pieter Wouters"
    assert p.reglementen.academiereglement.laatst_vastgesteld_op == datetime.date(2024, 6, 24)
    assert (p.reglementen.academiereglement.nieuw_hoofdstuk, p.reglementen.academiereglement.invoegen_na_hoofdstuk) == ("7bis", "7")
    assert p.reglementen.arbeidsreglement.nieuw_hoofdstuk is None
    assert [(v.vak, v.domein, v.structuuronderdeel, v.aandeel_procent, v.geevalueerd) for v in p.afstandsonderwijs.vakken] == [
        ("Muziekcultuur", "muziek", "3de graad", 25, True),
        (VAK_2, "woordkunst-drama", "4de graad", 30, False),
    ]
    assert "attest" in p.afstandsonderwijs.remediering.voorwaarden
    sites = p.afstandsonderwijs.vestigingsplaatsen
    assert [s.naam for s in sites] == ["Hoofdvestiging Kunstlaan", "Filiaal Dorpsplein"]
    assert sites[0].adres == "Kunstlaan 12, 9999 Voorbeeldstad"  # default: the academy's address
    assert sites[0].infrastructuur == ["laptop", "hoofdtelefoon met microfoon"]
    assert p.personeel.voorwaarden_thuiswerk.startswith("Een rustige werkplek")
    assert (p.opnames.leerlingen, p.opnames.leerkrachten, p.opnames.bewaartermijn_dagen) == ("verboden", "enkel_met_toestemming", 30)
    assert p.verwerker.bestaande_overeenkomst is False and p.verwerker.opslaglocatie == "EER"
    assert p.verwerker.subverwerkers[0].locatie == "Nederland"
    assert p.verwerker.doorgiften == [] and "doorgiften" not in text  # not asked inside the EEA
    assert p.planning.eerste_lesdag == datetime.date(2027, 9, 1)  # default: 1 September
    assert p.planning.vakanties == []
    # the questions and their defaults come from the declaration
    assert script.shown["schoolbestuur.soort"] == "Is het schoolbestuur een gemeente of een stad? (gemeente, stad) [gemeente]"
    assert script.shown["verwerker.meldtermijn_datalek_uren"].endswith("[24]")
    assert script.shown["academie.website"].endswith("(leeg laten mag)")
    assert "(leeg laten mag)" not in script.shown["afstandsonderwijs.platform"]  # rule R8 wants it
    assert "  academie_of_thuis: vanop de academie of van thuis uit" in out  # Dutch labels of the choices


def test_every_field_can_be_entered(tmp_path, capsys):
    given = answers(
        **{
            "verwerker.opslaglocatie": "buiten_EER",
            "verwerker.registratieland": "Verenigd Koninkrijk",
            "verwerker.ondernemingsregister": "Companies House",
            "verwerker.registratienummer": "01234567",
            "verwerker.doorgiften[0].ontvanger": "Voorbeeld Cloud Diensten BV",
            "verwerker.doorgiften[0].land": "Verenigde Staten",
            "verwerker.doorgiften[0].mechanisme": "adequaatheidsbesluit",
            "planning.vakanties[0]?": "j",
            "planning.vakanties[0].naam": "herfstvakantie",
            "planning.vakanties[0].van": "2027-11-01",
            "planning.vakanties[0].tot": "2027-11-07",
        }
    )
    del given["verwerker.ondernemingsnummer"]  # a KBO number is asked of a Belgian processor only
    text, script, _ = run(given, capsys)
    p = profile_of(text, tmp_path).profiel
    assert rules.errors(rules.check(profile_of(text, tmp_path))) == []
    doorgifte = p.verwerker.doorgiften[0]
    assert (doorgifte.ontvanger, doorgifte.land, doorgifte.mechanisme) == ("Voorbeeld Cloud Diensten BV", "Verenigde Staten", "adequaatheidsbesluit")
    # a foreign processor: its own register and number, asked only when it is not Belgian
    assert (p.verwerker.registratieland, p.verwerker.ondernemingsregister, p.verwerker.registratienummer) == (
        "Verenigd Koninkrijk",
        "Companies House",
        "01234567",
    )
    assert [(v.naam, v.van, v.tot) for v in p.planning.vakanties] == [("herfstvakantie", datetime.date(2027, 11, 1), datetime.date(2027, 11, 7))]
    # every field path of the profile was asked
    asked = {key.split("?")[0].split("!")[0] for key in script.asked}
    expected = {row.split("`")[1].replace("[]", "[0]") for row in __import__("generator.profile.fields", fromlist=["x"]).profile_table().splitlines()[2:]}
    leaves = {path for path in expected if not any(other.startswith(path + ".") for other in expected)}
    missing = {path for path in leaves if not any(key == path or key.startswith(path + "[") for key in asked)}
    assert missing == {"verwerker.ondernemingsnummer"}  # asked in the reference run, of a Belgian processor
    assert p.verwerker.ondernemingsnummer is None


def test_invalid_answers_are_asked_again_in_dutch(tmp_path, capsys):
    given = answers(
        **{
            f"{V}[0].structuuronderdeel": ["1ste graad", "3de graad"],
            f"{V}[0].aandeel_procent": ["100", "25"],
            f"{V}[0].geevalueerd": ["misschien", "j"],
            f"{V}[1].structuuronderdeel": ["2de graad volwassenen", "4de graad"],  # only in muziek
            "planning.gemeenteraad": ["2027-02-30", "2027-02-01", "2027-03-22"],  # impossible, then before the negotiation
            "academie.instellingsnummer": ["12999", "129999"],
            "schoolbestuur.ondernemingsnummer": ["0207.654.334", "0207.654.333"],
            "schoolbestuur.ondernemingsnummer!": "n",  # bad check digits: not kept
            "academie.naam": ["", ACADEMIE],
        }
    )
    text, script, out = run(given, capsys)
    assert "Fout: 'Muziekcultuur' (1ste graad, domein muziek) komt niet in aanmerking voor IAO" in out
    assert "regel R1: IAO kan enkel voor klasgroepen van de 3de graad" in out
    assert f"'{VAK_2}' (2de graad volwassenen, domein woordkunst-drama) komt niet in aanmerking" in out
    assert "Fout: 'Muziekcultuur' heeft 100 %; verwacht meer dan 0 en minder dan 100. (regel R2: Een vak kan nooit volledig als IAO" in out
    assert "Fout: '2027-02-30' bestaat niet: februari 2027 heeft 28 dagen." in out
    assert "de vakbondsonderhandeling moet vóór de gemeenteraad plaatsvinden" in out
    assert "Fout: '12999': verwacht zes cijfers" in out
    assert "Fout: antwoord met j (ja) of n (nee)." in out or "Fout: 'misschien': antwoord met j (ja) of n (nee)." in out
    assert "Let op: '0207.654.334' is geen geldig ondernemingsnummer" in out
    assert "Fout: dit verplichte veld ontbreekt." in out
    assert "Error" not in out
    assert script.asked.count(f"{V}[0].aandeel_procent") == 2
    assert script.asked.count("planning.gemeenteraad") == 3
    p = profile_of(text, tmp_path).profiel
    assert [v.aandeel_procent for v in p.afstandsonderwijs.vakken] == [25, 30]
    assert p.afstandsonderwijs.vakken[0].structuuronderdeel == "3de graad"
    assert p.planning.gemeenteraad == datetime.date(2027, 3, 22)
    assert p.schoolbestuur.ondernemingsnummer == "0207.654.333"


def test_a_warning_may_be_overruled(tmp_path, capsys):
    text, _, out = run(answers(**{"schoolbestuur.ondernemingsnummer": "0207.654.334", "schoolbestuur.ondernemingsnummer!": "j"}), capsys)
    assert "Let op:" in out
    assert profile_of(text, tmp_path).profiel.schoolbestuur.ondernemingsnummer == "0207.654.334"
    assert "W4 schoolbestuur.ondernemingsnummer" in out  # and it is listed again at the end


def test_transfer_to_an_unknown_recipient_is_refused(tmp_path, capsys):
    given = answers(
        **{
            "verwerker.opslaglocatie": "buiten_EER",
            "verwerker.doorgiften[0].ontvanger": ["Andere Cloud Inc", ""],  # then the default: the processor
            "verwerker.doorgiften[0].land": "Verenigde Staten",
            "verwerker.doorgiften[0].mechanisme": "standaardcontractbepalingen",
        }
    )
    text, _, out = run(given, capsys)
    assert "'Andere Cloud Inc' is niet de verwerker of een subverwerker" in out and "regel R11" in out
    assert profile_of(text, tmp_path).profiel.verwerker.doorgiften[0].ontvanger == "Leerplatform Vlaanderen NV"


def test_holidays_are_checked_by_rule_r9(capsys, tmp_path):
    given = answers(
        **{
            "planning.vakanties[0]?": "j",
            "planning.vakanties[0].naam": "kerstvakantie",
            "planning.vakanties[0].van": "2027-12-27",
            "planning.vakanties[0].tot": ["2027-12-20", "2028-01-07"],
        }
    )
    text, _, out = run(given, capsys)
    assert "'kerstvakantie' eindigt (2027-12-20) vóór ze begint (2027-12-27)" in out
    assert profile_of(text, tmp_path).profiel.planning.vakanties[0].tot == datetime.date(2028, 1, 7)


def test_conditional_questions_are_skipped(tmp_path, capsys):
    given = answers(
        **{
            "afstandsonderwijs.remediering.toegestaan": "n",
            "afstandsonderwijs.remediering.voorwaarden": None,
            "personeel.inzet": "academie",
            "personeel.voorwaarden_thuiswerk": None,
            "opnames.leerkrachten": "verboden",
        }
    )
    text, script, _ = run(given, capsys)
    for key in ("afstandsonderwijs.remediering.voorwaarden", "personeel.voorwaarden_thuiswerk", "opnames.bewaartermijn_dagen"):
        assert key not in script.asked
    loaded = profile_of(text, tmp_path)
    assert rules.errors(rules.check(loaded)) == []
    assert loaded.profiel.opnames.bewaartermijn_dagen is None
    assert "voorwaarden:" not in text and "voorwaarden_thuiswerk" not in text and "bewaartermijn_dagen" not in text


def test_inserted_question_does_not_shift_the_answers(tmp_path, capsys, monkeypatch):
    # One more question before every yes/no question changes nothing for the other answers.
    real = interview.ask_yes_no

    def with_extra_question(text, default=None, prompt=None, key=""):
        prompt(f"extra vóór {key}", "Een extra vraag?")
        return real(text, default, prompt, key)

    monkeypatch.setattr(interview, "ask_yes_no", with_extra_question)
    text, script, _ = run(answers(), capsys)
    assert "extra vóór afstandsonderwijs.vakken[1]?" in script.asked
    assert profile_of(text, tmp_path).profiel.afstandsonderwijs.vakken[1].vak == VAK_2


def test_reference_profile_is_what_the_writer_writes(reference_text):
    data, _ = load(reference_text, "voorbeeld.yaml")
    header = reference_text[: reference_text.index("\n\n") + 1]
    assert render(data, header) == reference_text


def test_init_writes_the_interview(tmp_path, monkeypatch):
    monkeypatch.setattr(interview, "terminal_prompt", Script(answers()))
    path = tmp_path / "profiel.yaml"
    result = CliRunner().invoke(cli, ["init", str(path)])
    assert result.exit_code == 0, result.output
    assert "Profiel geschreven" in result.output
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0


def test_existing_file_is_kept_when_not_overwritten(tmp_path):
    path = tmp_path / "profiel.yaml"
    path.write_text("schooljaar: 2026-2027\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(path)], input="n\n")
    assert result.exit_code == 0, result.output
    assert "Niets geschreven" in result.output
    assert path.read_text(encoding="utf-8") == "schooljaar: 2026-2027\n"


@pytest.mark.parametrize(
    "value",
    [
        "129999",
        "0207654333",
        "a: b",
        "a #b",
        "#tag",
        "& Co",
        "*ster",
        "ja",
        "no",
        "true",
        "null",
        "~",
        "2027-03-22",
        "12.5",
        "- lijst",
        "[x]",
        "{x}",
        "'quote'",
        '"dubbel"',
        "Café Zèle",
        "100%",
        "@home",
        "x:",
    ],
)
def test_scalars_round_trip(value):
    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}


def test_long_text_is_folded_and_round_trips():
    long = ("Een tekst met een dubbele punt: zo, een # hekje en een-koppelteken, " * 3).strip()
    from generator.profile.interview import _Writer

    w = _Writer("x:")
    w.value(2, "voorwaarden", long)
    text = w.text()
    assert ">-" in text
    assert yaml.safe_load(text) == {"x": {"voorwaarden": long}}


# --- Without a person (issue 15, point 12): a script, an endless stream, no input ----------


@pytest.mark.parametrize(
    "stream, expected",
    [
        ("y\n" * 100_000, "5 keer een ongeldig antwoord op de vraag schooljaar"),  # `yes | iao init`
        ("j\n" * 100_000, "5 keer een ongeldig antwoord"),
        ("\n" * 100_000, "5 keer een ongeldig antwoord op de vraag academie.naam"),  # Enter, Enter, ...
        ("", "de invoer is op"),  # a closed stdin (< /dev/null)
        ("2027-2028\n", "de invoer is op"),  # the input ends midway
        ("\0" * 1_000_000, "langer dan 2000 tekens"),  # an endless stream without line ends (/dev/zero)
    ],
)
def test_init_without_a_person_ends_with_a_clear_message(tmp_path, stream, expected):
    path = tmp_path / "profiel.yaml"
    result = CliRunner().invoke(cli, ["init", str(path)], input=stream)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert expected in result.output and "niets geschreven" in result.output
    assert not path.exists()


def test_a_list_answered_forever_stops_at_the_list_limit(capsys):
    from generator.profile.yamlsource import MAX_ITEMS

    script = Script(answers(**{"afstandsonderwijs.vestigingsplaatsen[0].infrastructuur[0]": None}))
    endless = lambda key, shown: "scherm" if ".infrastructuur[" in key else script(key, shown)  # noqa: E731
    with pytest.raises(
        interview.InterviewStopped,
        match=f"meer dan {MAX_ITEMS} antwoorden voor "
        r"afstandsonderwijs\.vestigingsplaatsen\[0\]\.infrastructuur",
    ):
        interview.interview(endless)
