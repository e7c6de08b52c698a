"""The Flemish school calendar for DKO (generator/profile/schoolkalender.py), against published dates."""

from __future__ import annotations

import datetime

import pytest
from dateutil.easter import easter  # installed with icalendar
from hypothesis import given
from hypothesis import strategies as st

from generator.profile import schoolkalender
from generator.profile.schoolkalender import Vakantie

D = datetime.date

# Published holiday periods per school year: (herfst, kerst, krokus, paas, zomer), each (from, to) inclusive.
PUBLISHED = {
    # https://www.stedelijkonderwijs.be/academiehoboken/vakantiedagen-2 (an academy for DKO)
    2022: [
        (D(2022, 10, 31), D(2022, 11, 6)),
        (D(2022, 12, 26), D(2023, 1, 8)),
        (D(2023, 2, 20), D(2023, 2, 26)),
        (D(2023, 4, 3), D(2023, 4, 16)),
        (D(2023, 7, 1), D(2023, 8, 31)),
    ],
    # https://pro.katholiekonderwijs.vlaanderen/schoolkalender
    2023: [
        (D(2023, 10, 30), D(2023, 11, 5)),
        (D(2023, 12, 25), D(2024, 1, 7)),
        (D(2024, 2, 12), D(2024, 2, 18)),
        (D(2024, 4, 1), D(2024, 4, 14)),
        (D(2024, 7, 1), D(2024, 8, 31)),
    ],
    # https://pro.katholiekonderwijs.vlaanderen/schoolkalender (Easter after 15 April: Easter Monday added)
    2024: [
        (D(2024, 10, 28), D(2024, 11, 3)),
        (D(2024, 12, 23), D(2025, 1, 5)),
        (D(2025, 3, 3), D(2025, 3, 9)),
        (D(2025, 4, 7), D(2025, 4, 21)),
        (D(2025, 7, 1), D(2025, 8, 31)),
    ],
    # https://www.akademiemeise.be/product/1465/vakantiedagen (an academy for DKO)
    2025: [
        (D(2025, 10, 27), D(2025, 11, 2)),
        (D(2025, 12, 22), D(2026, 1, 4)),
        (D(2026, 2, 16), D(2026, 2, 22)),
        (D(2026, 4, 6), D(2026, 4, 19)),
        (D(2026, 7, 1), D(2026, 8, 31)),
    ],
    # https://kampkompas.be/schoolvakanties-2027-2028-vlaanderen-belgie (the reference profile's year)
    2027: [
        (D(2027, 11, 1), D(2027, 11, 7)),
        (D(2027, 12, 27), D(2028, 1, 9)),
        (D(2028, 2, 28), D(2028, 3, 5)),
        (D(2028, 4, 3), D(2028, 4, 17)),
        (D(2028, 7, 1), D(2028, 8, 31)),
    ],
}

# Published free days (11 November, Easter Monday, 1 May, Ascension Day only in DKO, Whit Monday), same sources.
PUBLISHED_FREE_DAYS = {
    2022: [D(2022, 11, 11), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 18), D(2023, 5, 29)],
    2023: [D(2023, 11, 11), D(2024, 4, 1), D(2024, 5, 1), D(2024, 5, 9), D(2024, 5, 20)],
    2024: [D(2024, 11, 11), D(2025, 4, 21), D(2025, 5, 1), D(2025, 5, 29), D(2025, 6, 9)],
    2025: [D(2025, 11, 11), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 14), D(2026, 5, 25)],
    2027: [D(2027, 11, 11), D(2028, 4, 17), D(2028, 5, 1), D(2028, 5, 25), D(2028, 6, 5)],
}


@pytest.mark.parametrize("startjaar", sorted(PUBLISHED))
def test_holiday_periods_match_the_published_calendar(startjaar):
    periods = schoolkalender.schoolvakanties(startjaar)
    assert [v.naam for v in periods] == ["Herfstvakantie", "Kerstvakantie", "Krokusvakantie", "Paasvakantie", "Zomervakantie"]
    assert [(v.van, v.tot) for v in periods] == PUBLISHED[startjaar]


@pytest.mark.parametrize("startjaar", sorted(PUBLISHED_FREE_DAYS))
def test_free_days_match_the_published_calendar(startjaar):
    assert [v.van for v in schoolkalender.feestdagen(startjaar)] == PUBLISHED_FREE_DAYS[startjaar]


def test_dko_keeps_the_friday_after_ascension():
    vrij = schoolkalender.vrije_dagen(2027)
    assert D(2028, 5, 25) in vrij and D(2028, 5, 26) not in vrij


def test_edge_rules():
    # 1 November 2026 is a Sunday: the autumn holiday starts on 2 November
    assert schoolkalender.schoolvakanties(2026)[0].van == D(2026, 11, 2)
    # Easter 2027 is on 28 March: the Easter holiday starts on Easter Monday
    assert schoolkalender.schoolvakanties(2026)[3] == Vakantie("Paasvakantie", D(2027, 3, 29), D(2027, 4, 11))


@given(st.integers(1900, 2200))
def test_easter(jaar):
    assert schoolkalender.pasen(jaar) == easter(jaar)


@given(st.integers(1990, 2100))
def test_periods_run_monday_to_sunday(startjaar):
    for v in schoolkalender.schoolvakanties(startjaar)[:4]:
        assert v.van.weekday() == 0 and (v.tot.weekday() == 6 or v.tot - v.van == datetime.timedelta(days=14))
    assert len(schoolkalender.vrije_dagen(startjaar)) >= 7 + 14 + 7 + 14 + 62


def test_override_replaces_the_periods_but_keeps_the_public_holidays():
    eigen = [Vakantie("herfstvakantie", D(2027, 10, 25), D(2027, 11, 7)), Vakantie("facultatieve verlofdag", D(2027, 10, 4), D(2027, 10, 4))]
    assert [v.naam for v in schoolkalender.vakanties(2027, eigen)] == ["facultatieve verlofdag", "herfstvakantie"]
    vrij = schoolkalender.vrije_dagen(2027, eigen)
    assert D(2027, 10, 4) in vrij and D(2027, 10, 25) in vrij
    assert D(2027, 12, 28) not in vrij  # the computed Christmas holiday is replaced
    assert {D(2027, 11, 11), D(2028, 5, 1), D(2028, 5, 25), D(2028, 6, 5)} <= vrij  # public holidays stay


def test_overview_lists_free_days_outside_the_holidays_only():
    overview = schoolkalender.overzicht(2023)
    assert [v.naam for v in overview] == [
        "Herfstvakantie",
        "Wapenstilstand",
        "Kerstvakantie",
        "Krokusvakantie",
        "Paasvakantie",
        "Dag van de Arbeid",
        "Hemelvaartsdag",
        "Pinkstermaandag",
        "Zomervakantie",
    ]  # Easter Monday 1 April 2024 is in the Easter holiday
    assert schoolkalender.kalender(2023)[D(2024, 4, 1)] == "Paasmaandag"  # a free day keeps its own name
