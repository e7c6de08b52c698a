"""The rules of the step plan and the law (R1-R11) and the warnings (W1, W3, W4).

Every broken profile is written to a file and loaded, so that each finding is
checked for its rule id, its field path (0-based list indices) and its line.
The expected line is found independently, by searching the written YAML text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest

from generator.profile import rules
from generator.profile.loading import load_profile, profile_from_data
from tests.dossier import variant

DELETE = object()


def apply(data: dict, changes: dict) -> dict:
    """Set (or DELETE) values given as dotted paths: {"afstandsonderwijs.vakken.1.domein": "dans"}."""
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        key = int(last) if isinstance(node, list) else last
        if value is DELETE:
            del node[key]
        else:
            node[key] = value
    return data


@dataclass(frozen=True)
class E:
    """An expected finding: rule, field path, a text on its line (n-th match), part of the detail."""

    rule: str
    field: str
    needle: str
    occurrence: int = 1
    detail: str = ""


def findings_in_file(write_profile, tmp_path, data):
    path = write_profile(tmp_path, data)
    return path.read_text(encoding="utf-8"), rules.check(load_profile(path))


def findings_of(data):
    return rules.check(profile_from_data(data))


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


V = "afstandsonderwijs.vakken"
S = "afstandsonderwijs.vestigingsplaatsen"
NON_MUZIEK = ["woordkunst-drama", "dans", "beeldende en audiovisuele kunsten"]

BROKEN = {
    # R1: which class groups may have IAO
    "R1-1ste-graad": (
        {f"{V}.1.structuuronderdeel": "1ste graad"},
        [E("R1", f"{V}[1].structuuronderdeel", "structuuronderdeel: 1ste graad", detail="1ste graad")],
    ),
    "R1-2de-graad-jongeren": (
        {f"{V}.2.structuuronderdeel": "2de graad jongeren"},
        [E("R1", f"{V}[2].structuuronderdeel", "structuuronderdeel: 2de graad jongeren", detail="'Literair atelier'")],
    ),
    "R1-specialisatiegraad": (
        {f"{V}.3.structuuronderdeel": "specialisatiegraad"},
        [E("R1", f"{V}[3].structuuronderdeel", "structuuronderdeel: specialisatiegraad")],
    ),
    **{
        f"R1-2de-graad-volwassenen-{domein}": (
            {f"{V}.1.domein": domein},
            [E("R1", f"{V}[1].structuuronderdeel", "structuuronderdeel: 2de graad volwassenen", detail=f"domein {domein}")],
        )
        for domein in NON_MUZIEK
    },
    "R1-twee-vakken": (
        {f"{V}.0.structuuronderdeel": "1ste graad", f"{V}.3.structuuronderdeel": "2de graad jongeren"},
        [
            E("R1", f"{V}[0].structuuronderdeel", "structuuronderdeel: 1ste graad"),
            E("R1", f"{V}[3].structuuronderdeel", "structuuronderdeel: 2de graad jongeren"),
        ],
    ),
    "R1-lege-lijst-vakken": ({V: []}, [E("R1", V, "vakken: []", detail="geen enkel vak")]),
    "R1-geen-veld-vakken": ({V: DELETE}, [E("R1", V, "afstandsonderwijs:", detail="geen enkel vak")]),
    # R2: never the whole subject
    **{
        f"R2-aandeel-{value}": ({f"{V}.2.aandeel_procent": value}, [E("R2", f"{V}[2].aandeel_procent", f"aandeel_procent: {value}", detail=f"{value:g} %")])
        for value in (0, 100, 100.0, 120, -5)
    },
    # R3: evaluated or not
    "R3-geevalueerd-ontbreekt": ({f"{V}.1.geevalueerd": DELETE}, [E("R3", f"{V}[1].geevalueerd", "- vak: Muziekcultuur", 2, "'Muziekcultuur'")]),
    "R3-geevalueerd-leeg": ({f"{V}.3.geevalueerd": None}, [E("R3", f"{V}[3].geevalueerd", "geevalueerd: null", detail="Kunst- en cultuurbeschouwing")]),
    # R4: sites with room, equipment and supervision
    "R4-lege-lijst": ({S: []}, [E("R4", S, "vestigingsplaatsen: []")]),
    "R4-geen-veld": ({S: DELETE}, [E("R4", S, "afstandsonderwijs:")]),
    "R4-geen-lokaal": ({f"{S}.1.lokaal": DELETE}, [E("R4", f"{S}[1].lokaal", "- naam: Filiaal Dorpsplein", detail="'Filiaal Dorpsplein'")]),
    "R4-leeg-lokaal": ({f"{S}.0.lokaal": ""}, [E("R4", f"{S}[0].lokaal", "lokaal: ''")]),
    "R4-lege-infrastructuur": ({f"{S}.1.infrastructuur": []}, [E("R4", f"{S}[1].infrastructuur", "infrastructuur: []")]),
    "R4-geen-infrastructuur": ({f"{S}.0.infrastructuur": DELETE}, [E("R4", f"{S}[0].infrastructuur", "- naam: Hoofdvestiging")]),
    "R4-geen-toezicht": ({f"{S}.1.toezicht": DELETE}, [E("R4", f"{S}[1].toezicht", "- naam: Filiaal Dorpsplein", detail="toezicht")]),
    "R4-kale-vestiging": (
        {f"{S}.1": {"naam": "Kaal"}},
        [E("R4", f"{S}[1].lokaal", "- naam: Kaal"), E("R4", f"{S}[1].infrastructuur", "- naam: Kaal"), E("R4", f"{S}[1].toezicht", "- naam: Kaal")],
    ),
    # R5: staff deployment
    "R5-inzet-ontbreekt": ({"personeel.inzet": DELETE}, [E("R5", "personeel.inzet", "personeel:")]),
    "R5-inzet-leeg": ({"personeel.inzet": None}, [E("R5", "personeel.inzet", "inzet: null")]),
    "R5-thuis-zonder-voorwaarden": (
        {"personeel.inzet": "thuis", "personeel.voorwaarden_thuiswerk": DELETE},
        [E("R5", "personeel.voorwaarden_thuiswerk", "personeel:", detail="voorwaarden")],
    ),
    "R5-academie-of-thuis-zonder-voorwaarden": ({"personeel.voorwaarden_thuiswerk": DELETE}, [E("R5", "personeel.voorwaarden_thuiswerk", "personeel:")]),
    "R5-thuis-lege-voorwaarden": (
        {"personeel.inzet": "thuis", "personeel.voorwaarden_thuiswerk": "  "},
        [E("R5", "personeel.voorwaarden_thuiswerk", "voorwaarden_thuiswerk: '  '")],
    ),
    # R6: recording and spreading
    **{
        f"R6-{field}-ontbreekt": ({f"opnames.{field}": DELETE}, [E("R6", f"opnames.{field}", "opnames:", detail="verboden of enkel_met_toestemming")])
        for field in ("leerlingen", "leerkrachten", "verspreiden")
    },
    "R6-leerlingen-leeg": ({"opnames.leerlingen": None}, [E("R6", "opnames.leerlingen", "leerlingen: null")]),
    "R6-leerkrachten-toestemming-zonder-bewaartermijn": (
        {"opnames.bewaartermijn_dagen": DELETE},
        [E("R6", "opnames.bewaartermijn_dagen", "opnames:", detail="bewaartermijn")],
    ),
    "R6-leerlingen-toestemming-zonder-bewaartermijn": (
        {"opnames.leerlingen": "enkel_met_toestemming", "opnames.leerkrachten": "verboden", "opnames.bewaartermijn_dagen": DELETE},
        [E("R6", "opnames.bewaartermijn_dagen", "opnames:")],
    ),
    # R7: remediation
    "R7-geen-voorwaarden": (
        {"afstandsonderwijs.remediering.voorwaarden": DELETE},
        [E("R7", "afstandsonderwijs.remediering.voorwaarden", "remediering:", detail="voorwaarden")],
    ),
    "R7-lege-voorwaarden": ({"afstandsonderwijs.remediering.voorwaarden": ""}, [E("R7", "afstandsonderwijs.remediering.voorwaarden", "voorwaarden: ''")]),
    # R8: platform and processor
    "R8-geen-platform": ({"afstandsonderwijs.platform": DELETE}, [E("R8", "afstandsonderwijs.platform", "afstandsonderwijs:", detail="platform")]),
    "R8-geen-verwerker-naam": ({"verwerker.naam": DELETE}, [E("R8", "verwerker.naam", "verwerker:", detail="verwerker")]),
    "R8-bestaande-overeenkomst-ontbreekt": (
        {"verwerker.bestaande_overeenkomst": DELETE},
        [E("R8", "verwerker.bestaande_overeenkomst", "verwerker:", detail="true")],
    ),
    "R8-bestaande-overeenkomst-leeg": (
        {"verwerker.bestaande_overeenkomst": None},
        [E("R8", "verwerker.bestaande_overeenkomst", "bestaande_overeenkomst: null")],
    ),
    "R8-geen-verwerker": ({"verwerker": DELETE}, [E("R8", "verwerker.naam", "schooljaar:"), E("R8", "verwerker.bestaande_overeenkomst", "schooljaar:")]),
    # R9: order of decisions and the school year
    "R9-onderhandeling-zelfde-dag-als-raad": (
        {"planning.onderhandelingscomite": d("2027-03-22")},
        [E("R9", "planning.gemeenteraad", "gemeenteraad: 2027-03-22", detail="vakbondsonderhandeling")],
    ),
    "R9-onderhandeling-na-raad": (
        {"planning.onderhandelingscomite": d("2027-04-01")},
        [E("R9", "planning.gemeenteraad", "gemeenteraad: 2027-03-22", detail="onderhandelingscomite 2027-04-01")],
    ),
    "R9-raad-na-inschrijvingen": (
        {"planning.gemeenteraad": d("2027-05-10")},
        [E("R9", "planning.start_inschrijvingen", "start_inschrijvingen:", detail="vóór de inschrijvingen")],
    ),
    "R9-raad-op-dag-inschrijvingen": (
        {"planning.gemeenteraad": d("2027-05-03")},
        [E("R9", "planning.start_inschrijvingen", "start_inschrijvingen:", detail="gemeenteraad 2027-05-03")],
    ),
    "R9-inschrijvingen-na-eerste-lesdag": (
        {"planning.start_inschrijvingen": d("2027-09-10"), "planning.eerste_lesdag": d("2027-09-05")},
        [E("R9", "planning.eerste_lesdag", "eerste_lesdag:", detail="vóór de eerste lesdag")],
    ),
    **{
        f"R9-{field}-ontbreekt": ({f"planning.{field}": DELETE}, [E("R9", f"planning.{field}", "planning:", detail="ontbreekt")])
        for field in ("onderhandelingscomite", "gemeenteraad", "start_inschrijvingen", "eerste_lesdag")
    },
    "R9-geen-planning": (
        {"planning": DELETE},
        [E("R9", f"planning.{field}", "schooljaar:") for field in ("onderhandelingscomite", "gemeenteraad", "start_inschrijvingen", "eerste_lesdag")],
    ),
    "R9-eerste-lesdag-voor-schooljaar": (
        {"planning.eerste_lesdag": d("2027-08-31")},
        [E("R9", "planning.eerste_lesdag", "eerste_lesdag:", detail="valt niet in het schooljaar 2027-2028")],
    ),
    "R9-eerste-lesdag-na-schooljaar": (
        {"planning.eerste_lesdag": d("2028-09-01")},
        [E("R9", "planning.eerste_lesdag", "eerste_lesdag:", detail="31 augustus 2028")],
    ),
    "R9-schooljaar-2027-2029": ({"schooljaar": "2027-2029"}, [E("R9", "schooljaar", "schooljaar:", detail="verwacht 2027-2028")]),
    "R9-schooljaar-2027-2027": ({"schooljaar": "2027-2027"}, [E("R9", "schooljaar", "schooljaar:", detail="geen schooljaar")]),
    "R9-raad-op-1-september": (
        {"planning.gemeenteraad": d("2027-09-01"), "planning.start_inschrijvingen": d("2027-10-01"), "planning.eerste_lesdag": d("2027-10-15")},
        [E("R9", "planning.gemeenteraad", "gemeenteraad: 2027-09-01", detail="vóór 1 september 2027")],
    ),
    "R9-raad-na-1-september": (
        {"planning.gemeenteraad": d("2027-09-10"), "planning.start_inschrijvingen": d("2027-10-15"), "planning.eerste_lesdag": d("2027-10-20")},
        [E("R9", "planning.gemeenteraad", "gemeenteraad: 2027-09-10", detail="vóór 1 september 2027")],
    ),
    # R10: a DPO
    "R10-geen-functionaris": (
        {"schoolbestuur.functionaris_gegevensbescherming": DELETE},
        [E("R10", "schoolbestuur.functionaris_gegevensbescherming.naam", "schoolbestuur:", detail="DPO")],
    ),
    "R10-functionaris-leeg": (
        {"schoolbestuur.functionaris_gegevensbescherming": None},
        [E("R10", "schoolbestuur.functionaris_gegevensbescherming.naam", "functionaris_gegevensbescherming: null")],
    ),
    "R10-geen-naam": (
        {"schoolbestuur.functionaris_gegevensbescherming.naam": DELETE},
        [E("R10", "schoolbestuur.functionaris_gegevensbescherming.naam", "functionaris_gegevensbescherming:")],
    ),
    "R10-lege-naam": (
        {"schoolbestuur.functionaris_gegevensbescherming.naam": ""},
        [E("R10", "schoolbestuur.functionaris_gegevensbescherming.naam", "naam: ''")],
    ),
    # R9: a holiday ends on or after its first day
    "R9-vakantie-omgekeerd": (
        {"planning.vakanties": [{"naam": "krokusvakantie", "van": d("2028-02-28"), "tot": d("2028-02-20")}]},
        [E("R9", "planning.vakanties[0].tot", "tot: 2028-02-20", detail="'krokusvakantie' eindigt (2028-02-20) vóór ze begint")],
    ),
    # R11: transfers outside the EEA
    "R11-buiten-EER-zonder-doorgifte": ({"verwerker.opslaglocatie": "buiten_EER"}, [E("R11", "verwerker.doorgiften", "verwerker:", detail="buiten de EER")]),
    "R11-onbekende-ontvanger": (
        {
            "verwerker.opslaglocatie": "buiten_EER",
            "verwerker.doorgiften": [{"ontvanger": "Andere Cloud Inc", "land": "Verenigde Staten", "mechanisme": "standaardcontractbepalingen"}],
        },
        [
            E(
                "R11",
                "verwerker.doorgiften[0].ontvanger",
                "ontvanger: Andere Cloud Inc",
                detail="kies uit: 'Leerplatform Vlaanderen NV', 'Voorbeeld Cloud Diensten BV'",
            )
        ],
    ),
    "R11-onvolledige-doorgifte": (
        {"verwerker.opslaglocatie": "buiten_EER", "verwerker.doorgiften": [{"ontvanger": "Leerplatform Vlaanderen NV"}]},
        [
            E("R11", "verwerker.doorgiften[0].land", "- ontvanger: Leerplatform", detail="land"),
            E("R11", "verwerker.doorgiften[0].mechanisme", "- ontvanger: Leerplatform", detail="standaardcontractbepalingen"),
        ],
    ),
    # W1: professionalisation plan
    "W1-geen-plan": ({"personeel.professionalisering": DELETE}, [E("W1", "personeel.professionalisering", "personeel:", detail="professionalisering")]),
    "W1-leeg-plan": ({"personeel.professionalisering": ""}, [E("W1", "personeel.professionalisering", "professionalisering: ''")]),
    # W3: council close to enrolment
    "W3-10-dagen": ({"planning.gemeenteraad": d("2027-04-23")}, [E("W3", "planning.gemeenteraad", "gemeenteraad: 2027-04-23", detail="slechts 10 dagen")]),
    "W3-1-dag": ({"planning.gemeenteraad": d("2027-05-02")}, [E("W3", "planning.gemeenteraad", "gemeenteraad: 2027-05-02", detail="slechts 1 dagen")]),
    "W3-29-dagen": ({"planning.gemeenteraad": d("2027-04-04")}, [E("W3", "planning.gemeenteraad", "gemeenteraad: 2027-04-04", detail="29")]),
    # W4: enterprise numbers
    "W4-schoolbestuur": (
        {"schoolbestuur.ondernemingsnummer": "0207.654.334"},
        [E("W4", "schoolbestuur.ondernemingsnummer", "ondernemingsnummer: 0207.654.334", detail="'0207.654.334'")],
    ),
    "W4-verwerker": (
        {"verwerker.ondernemingsnummer": "0876.543.271"},
        [E("W4", "verwerker.ondernemingsnummer", "ondernemingsnummer: 0876.543.271", detail="KBO")],
    ),
    "W4-te-kort": ({"schoolbestuur.ondernemingsnummer": "12345"}, [E("W4", "schoolbestuur.ondernemingsnummer", "ondernemingsnummer: '12345'")]),
    # W6: free answers that are neither a sentence nor a list item (issue 24, point 6)
    "W6-fragment-zonder-hoofdletter": (
        {"personeel.voorwaarden_thuiswerk": "rustige werkplek, stabiele internetverbinding"},
        [E("W6", "personeel.voorwaarden_thuiswerk", "voorwaarden_thuiswerk: rustige", detail="leest niet als een volzin")],
    ),
    "W6-zonder-punt": (
        {"afstandsonderwijs.remediering.voorwaarden": "Een attest van de afwezigheid"},
        [E("W6", "afstandsonderwijs.remediering.voorwaarden", "voorwaarden: Een attest", detail="eindig met een punt")],
    ),
    "W6-twee-zinnen-in-een-punt": (
        {"personeel.professionalisering": ["nascholing didactiek", "Veilig gebruik. Ook voor ouders"]},
        [E("W6", "personeel.professionalisering[1]", "- Veilig gebruik", detail="punt 2")],
    ),
    # W8: names and addresses that contradict each other or come from the example (issue 24, point 8)
    "W8-zonnedaal-in-voorbeeldstad": (
        {
            "schoolbestuur.naam": "Gemeente Zonnedaal",
            "schoolbestuur.adres": "Markt 1, 9999 Voorbeeldstad",
            "schoolbestuur.burgemeester": "Karel De Smet",
            "academie.email": "academie@zonnedaal.be",
            "academie.website": "https://academie.zonnedaal.be",
        },
        [
            # two findings each (contradiction and example value): test_w8_* below check the messages
            E("W8", "schoolbestuur.adres", "adres: Markt 1"),
            E("W8", "schoolbestuur.adres", "adres: Markt 1"),
            E("W8", "schoolbestuur.functionaris_gegevensbescherming.email", "email: dpo@voorbeeldstad.be"),
            E("W8", "schoolbestuur.functionaris_gegevensbescherming.email", "email: dpo@voorbeeldstad.be"),
            *(
                E("W8", field, needle, occurrence, detail="voorbeeldprofiel")
                for field, needle, occurrence in (
                    ("academie.naam", "naam: Academie voor", 1),
                    ("academie.instellingsnummer", "instellingsnummer:", 1),
                    ("academie.adres", "adres: Kunstlaan 12", 1),
                    ("academie.directeur", "directeur: An Peeters", 1),
                    ("schoolbestuur.ondernemingsnummer", "ondernemingsnummer: 0207", 1),
                    ("schoolbestuur.burgemeester", "burgemeester: Karel", 1),
                    ("schoolbestuur.schepen_van_onderwijs", "schepen_van_onderwijs:", 1),
                    ("schoolbestuur.voorzitter_gemeenteraad", "voorzitter_gemeenteraad:", 1),
                    ("schoolbestuur.algemeen_directeur", "algemeen_directeur: Els", 1),
                    ("schoolbestuur.functionaris_gegevensbescherming.naam", "naam: Pieter", 1),
                    ("afstandsonderwijs.vestigingsplaatsen[0].naam", "- naam: Hoofdvestiging", 1),
                    ("afstandsonderwijs.vestigingsplaatsen[0].adres", "adres: Kunstlaan 12", 2),
                    ("afstandsonderwijs.vestigingsplaatsen[1].naam", "- naam: Filiaal", 1),
                    ("afstandsonderwijs.vestigingsplaatsen[1].adres", "adres: Dorpsplein", 1),
                    ("verwerker.naam", "naam: Leerplatform", 1),
                    ("verwerker.adres", "adres: Stationsstraat", 1),
                    ("verwerker.ondernemingsnummer", "ondernemingsnummer: 0876", 1),
                    ("verwerker.subverwerkers[0].naam", "- naam: Voorbeeld Cloud", 1),
                )
            ),
        ],
    ),
    "W4-beide": (
        {"schoolbestuur.ondernemingsnummer": "0207.654.332", "verwerker.ondernemingsnummer": "BE0876543279"},
        [
            E("W4", "schoolbestuur.ondernemingsnummer", "ondernemingsnummer: 0207.654.332"),
            E("W4", "verwerker.ondernemingsnummer", "ondernemingsnummer: BE0876543279"),
        ],
    ),
}


@pytest.mark.parametrize("changes, expected", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_profile_triggers_exactly_that_rule(changes, expected, profile_data, write_profile, tmp_path, line_of):
    text, findings = findings_in_file(write_profile, tmp_path, apply(profile_data, changes))
    got = sorted((f.rule.id, f.field, f.line) for f in findings)
    want = sorted((e.rule, e.field, line_of(text, e.needle, e.occurrence)) for e in expected)
    assert got == want, "\n".join(f"{f.rule.id} {f.field} r{f.line}: {f.detail}" for f in findings)
    details = {(f.rule.id, f.field): f.detail for f in findings}
    for e in expected:
        assert e.detail in details[(e.rule, e.field)]


def test_every_rule_has_a_broken_case():
    tested = {e.rule for _, expected in BROKEN.values() for e in expected}
    assert tested == {r.id for r in rules.RULES}


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.id)
def test_reference_profile_does_not_trigger(rule, reference_path):
    loaded = load_profile(reference_path)
    assert list(rule.check(loaded.profiel)) == []


def test_reference_profile_has_no_findings(reference_path):
    assert rules.check(load_profile(reference_path)) == []


FINE = {
    **{
        f"R1-{structuur}-{domein}": {f"{V}.0.structuuronderdeel": structuur, f"{V}.0.domein": domein}
        for structuur in ("3de graad", "4de graad", "kortlopende studierichting")
        for domein in ["muziek", *NON_MUZIEK]
    },
    "R1-2de-graad-volwassenen-muziek": {f"{V}.2.structuuronderdeel": "2de graad volwassenen", f"{V}.2.domein": "muziek"},
    **{f"R2-aandeel-{value}": {f"{V}.0.aandeel_procent": value} for value in (99.5, 0.5, 1, 99)},
    "R3-niet-geevalueerd": {f"{V}.0.geevalueerd": False},
    "R4-een-vestiging": {S: [{"naam": "Enige", "lokaal": "A", "infrastructuur": ["laptop"], "toezicht": "secretariaat"}]},
    "R5-academie-zonder-voorwaarden": {"personeel.inzet": "academie", "personeel.voorwaarden_thuiswerk": DELETE},
    "R5-thuis-met-voorwaarden": {"personeel.inzet": "thuis"},
    "R6-alles-verboden-zonder-bewaartermijn": {"opnames.leerkrachten": "verboden", "opnames.bewaartermijn_dagen": DELETE},
    "R7-niet-toegestaan-zonder-voorwaarden": {"afstandsonderwijs.remediering.toegestaan": False, "afstandsonderwijs.remediering.voorwaarden": DELETE},
    "R7-geen-remediering": {"afstandsonderwijs.remediering": DELETE},
    "R8-bestaande-overeenkomst": {"verwerker.bestaande_overeenkomst": True},
    "R9-eerste-lesdag-31-augustus": {"planning.eerste_lesdag": d("2028-08-31")},
    "R9-raad-31-augustus": {
        "planning.gemeenteraad": d("2027-08-31"),
        "planning.start_inschrijvingen": d("2027-10-01"),
        "planning.eerste_lesdag": d("2027-10-15"),
    },
    "R9-ander-schooljaar": {
        "schooljaar": "2026-2027",
        "planning.onderhandelingscomite": d("2026-02-10"),
        "planning.gemeenteraad": d("2026-03-22"),
        "planning.start_inschrijvingen": d("2026-05-03"),
        "planning.eerste_lesdag": d("2026-09-01"),
    },
    "R10-dpo-zonder-email": {"schoolbestuur.functionaris_gegevensbescherming.email": DELETE},
    "W1-niet-nodig": {"personeel.professionalisering_nodig": False, "personeel.professionalisering": DELETE},
    "R11-EER-standaard": {"verwerker.opslaglocatie": DELETE},
    "R11-doorgifte-naar-subverwerker": {
        "verwerker.opslaglocatie": "buiten_EER",
        "verwerker.doorgiften": [{"ontvanger": "Voorbeeld Cloud Diensten BV", "land": "Verenigde Staten", "mechanisme": "adequaatheidsbesluit"}],
    },
    "R9-vakantie-van-een-dag": {"planning.vakanties": [{"naam": "Wapenstilstand", "van": d("2027-11-11"), "tot": d("2027-11-11")}]},
    "W3-30-dagen": {"planning.gemeenteraad": d("2027-04-03")},
    "W3-40-dagen": {"planning.gemeenteraad": d("2027-03-24")},
    "W4-geen-nummers": {"schoolbestuur.ondernemingsnummer": DELETE, "verwerker.ondernemingsnummer": DELETE},
    **{
        f"W4-{number}": {"schoolbestuur.ondernemingsnummer": number}
        for number in ("0207.654.333", "0207654333", "BE0207654333", "BE 0207.654.333", "207654333", "0207 654 333", "0207-654-333")
    },
    **{f"W4-verwerker-{number}": {"verwerker.ondernemingsnummer": number} for number in ("0876.543.270", "0876543270", "876543270")},
    "W6-opsomming": {"personeel.voorwaarden_thuiswerk": ["een rustige werkplek", "een stabiele internetverbinding;"]},
    "W6-volzin-met-haakje": {"personeel.professionalisering": "Twee nascholingen (didactiek en platform) vóór 1 september!"},
    "W8-stad-met-deelgemeente-in-naam": {"schoolbestuur.naam": "Stad Voorbeeldstad", "schoolbestuur.soort": "stad"},
    "W8-dpo-op-subdomein": {"schoolbestuur.functionaris_gegevensbescherming.email": "privacy@ict.voorbeeldstad.be"},
}


@pytest.mark.parametrize("changes", list(FINE.values()), ids=list(FINE))
def test_allowed_variant_has_no_findings(changes, profile_data):
    findings = findings_of(apply(profile_data, changes))
    assert [(f.rule.id, f.field, f.detail) for f in findings] == []


# --- Through the reference file's own text, comments included ---------------


@pytest.mark.parametrize(
    "old, new, rule_id, field, needle",
    [
        (
            "domein: muziek\n      structuuronderdeel: 2de graad volwassenen",
            "domein: dans\n      structuuronderdeel: 2de graad volwassenen",
            "R1",
            f"{V}[1].structuuronderdeel",
            "structuuronderdeel: 2de graad volwassenen",
        ),
        ("aandeel_procent: 30", "aandeel_procent: 100", "R2", f"{V}[2].aandeel_procent", "aandeel_procent: 100"),
        ("      geevalueerd: false\n    - vak: Literair", "    - vak: Literair", "R3", f"{V}[1].geevalueerd", "structuuronderdeel: 2de graad volwassenen"),
        ("      toezicht: een medewerker van het secretariaat\n", "", "R4", f"{S}[0].toezicht", "- naam: Hoofdvestiging Kunstlaan"),
        ("gemeenteraad: 2027-03-22", "gemeenteraad: 2027-02-01", "R9", "planning.gemeenteraad", "gemeenteraad: 2027-02-01"),
        ("ondernemingsnummer: 0876.543.270", "ondernemingsnummer: 0876.543.207", "W4", "verwerker.ondernemingsnummer", "ondernemingsnummer: 0876.543.207"),
        # written unquoted with a leading zero, YAML 1.1 would read an octal number: it must stay the text 0207654334
        ("ondernemingsnummer: 0207.654.333", "ondernemingsnummer: 0207654334", "W4", "schoolbestuur.ondernemingsnummer", "ondernemingsnummer: 0207654334"),
    ],
)
def test_line_numbers_in_reference_text(old, new, rule_id, field, needle, reference_text, write_profile, line_of, tmp_path):
    assert reference_text.count(old) == 1
    text = reference_text.replace(old, new)
    if needle == "structuuronderdeel: 2de graad volwassenen" and rule_id == "R3":
        # a missing field is reported on the line where its list item starts
        expected_line = line_of(text, "- vak: Muziekcultuur", 2)
    else:
        expected_line = line_of(text, needle)
    findings = rules.check(load_profile(write_profile(tmp_path, text)))
    assert [(f.rule.id, f.field, f.line) for f in findings] == [(rule_id, field, expected_line)]


def test_unquoted_valid_number_with_leading_zero_passes(reference_text, write_profile, tmp_path):
    text = reference_text.replace("ondernemingsnummer: 0207.654.333", "ondernemingsnummer: 0207654333")
    loaded = load_profile(write_profile(tmp_path, text))
    assert loaded.profiel.schoolbestuur.ondernemingsnummer == "0207654333"
    assert rules.check(loaded) == []


def test_findings_sorted_errors_first_then_by_line(profile_data, write_profile, tmp_path):
    changes = {
        "verwerker.ondernemingsnummer": "0876.543.271",
        "planning.gemeenteraad": d("2027-02-01"),
        f"{V}.3.structuuronderdeel": "1ste graad",
        f"{V}.0.aandeel_procent": 0,
        "personeel.professionalisering": DELETE,
    }
    text, findings = findings_in_file(write_profile, tmp_path, apply(profile_data, changes))
    assert [f.rule.id for f in findings] == ["R2", "R1", "R9", "W1", "W4"]
    assert [f.is_error for f in findings] == [True, True, True, False, False]
    assert rules.errors(findings) == findings[:3]
    assert rules.warnings(findings) == findings[3:]
    lines = [f.line for f in findings]
    assert lines[:3] == sorted(lines[:3]) and lines[3:] == sorted(lines[3:])


def test_findings_without_file_have_no_line(profile_data):
    findings = findings_of(apply(profile_data, {f"{V}.1.structuuronderdeel": "1ste graad"}))
    assert [(f.rule.id, f.field, f.line) for f in findings] == [("R1", f"{V}[1].structuuronderdeel", None)]


# --- The enterprise number check itself ---------------------------------------


@pytest.mark.parametrize(
    "number, valid",
    [
        ("0207.654.333", True),
        ("0876.543.270", True),
        ("BE0207654333", True),
        ("207654333", True),  # old 9-digit form, leading 0 left off
        ("0000.000.097", True),  # first 8 digits a multiple of 97: check digits are 97
        ("0000.000.000", False),
        ("0207.654.334", False),
        ("1207.654.333", False),
        ("12345", False),
        ("02076543330", False),  # 11 digits
        ("0207.654.33x", False),
        ("0207/654/333", False),
        ("0207.654.33\u00b2", False),  # superscript two is a 'digit' to str.isdigit, not to int()
        ("\u0660\u0662\u0660\u0667\u0666\u0665\u0664\u0663\u0663\u0663", False),  # Arabic-Indic digits
        ("", False),
    ],
)
def test_is_valid_ondernemingsnummer(number, valid):
    assert rules.is_valid_ondernemingsnummer(number) is valid


# --- The rule table -----------------------------------------------------------

DUTCH_WORDS = {"de", "het", "een", "van", "voor", "en", "of", "is", "kan", "op", "met", "staan", "er", "niet", "buiten"}


def test_rule_table():
    ids = [r.id for r in rules.RULES]
    assert ids == [f"R{i}" for i in range(1, 12)] + ["W1", "W3", "W4", "W6", "W8"]  # W2 became R11
    assert len(set(ids)) == len(ids)
    for r in rules.RULES:
        assert r.severity == (rules.FOUT if r.id.startswith("R") else rules.WAARSCHUWING), r.id
        assert r.title.strip() and r.title.endswith("."), r.id
        assert r.title[0].isupper(), r.id
        words = set(re.findall(r"[a-zë]+", r.title.lower()))
        assert words & DUTCH_WORDS, f"{r.id}: title does not read as Dutch: {r.title}"
        assert r.source.strip(), r.id
        assert callable(r.check)


def _zonnedaal(**changes):
    """A profile of another municipality with its own names, numbers and addresses."""
    data = variant(
        **{
            "academie.naam": "Academie Zonnedaal",
            "academie.instellingsnummer": "120001",
            "academie.adres": "Kerkstraat 2, 9990 Zonnedaal",
            "academie.directeur": "Mira Goossens",
            "academie.email": "academie@zonnedaal.be",
            "academie.website": "https://academie.zonnedaal.be",
            "schoolbestuur.naam": "Gemeente Zonnedaal",
            "schoolbestuur.adres": "Dorp 1, 9990 Zonnedaal",
            "schoolbestuur.ondernemingsnummer": None,
            "schoolbestuur.burgemeester": "Luc Vermeulen",
            "schoolbestuur.schepen_van_onderwijs": "Ines Wouters",
            "schoolbestuur.voorzitter_gemeenteraad": "Tom Segers",
            "schoolbestuur.algemeen_directeur": "Greet Maes",
            "schoolbestuur.functionaris_gegevensbescherming": {"naam": "Rik Smets", "email": "dpo@zonnedaal.be"},
            "afstandsonderwijs.vestigingsplaatsen.0.naam": "Hoofdgebouw",
            "afstandsonderwijs.vestigingsplaatsen.0.adres": "Kerkstraat 2, 9990 Zonnedaal",
            "afstandsonderwijs.vestigingsplaatsen.1.naam": "Filiaal Molenhoek",
            "afstandsonderwijs.vestigingsplaatsen.1.adres": "Molenhoek 5, 9990 Zonnedaal",
            "verwerker.naam": "Klasplatform BV",
            "verwerker.adres": "Havenlaan 3, 2000 Antwerpen",
            "verwerker.ondernemingsnummer": None,
            "verwerker.subverwerkers": [],
        }
    )
    data.update(changes)
    return data


def test_w8_a_profile_of_another_municipality_of_its_own_is_fine():
    assert [(f.rule.id, f.field) for f in rules.check(profile_from_data(_zonnedaal()))] == []


def test_w8_name_and_seat_contradict():
    data = _zonnedaal()
    data["schoolbestuur"]["adres"] = "Stadhuisplein 1, 9999 Voorbeeldstad"
    (finding,) = [f for f in rules.check(profile_from_data(data)) if f.rule.id == "W8"]
    assert finding.field == "schoolbestuur.adres"
    assert "heet 'Gemeente Zonnedaal', maar het gemeente- of stadhuis ligt in 'Voorbeeldstad'" in finding.detail


def test_w8_dpo_mail_domain_unlike_the_academy():
    data = _zonnedaal()
    data["schoolbestuur"]["functionaris_gegevensbescherming"]["email"] = "dpo@andere-gemeente.be"
    (finding,) = [f for f in rules.check(profile_from_data(data)) if f.rule.id == "W8"]
    assert finding.field == "schoolbestuur.functionaris_gegevensbescherming.email"
    assert "'andere-gemeente.be', de academie op zonnedaal.be" in finding.detail


def test_w8_a_value_left_from_the_example_profile():
    data = _zonnedaal()
    data["schoolbestuur"]["burgemeester"] = "Karel De Smet"
    (finding,) = [f for f in rules.check(profile_from_data(data)) if f.rule.id == "W8"]
    assert finding.field == "schoolbestuur.burgemeester"
    assert finding.detail == "'Karel De Smet' komt uit het voorbeeldprofiel (Gemeente Voorbeeldstad); vul het eigen gegeven in."


def test_w3_title_names_the_margin():
    w3 = next(r for r in rules.RULES if r.id == "W3")
    assert f"{rules.PUBLICATION_MARGIN_DAYS} dagen" in w3.title
