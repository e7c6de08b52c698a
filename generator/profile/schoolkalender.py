"""The Flemish school calendar that part-time arts education (DKO) follows.

For the school year that starts on 1 September of `startjaar`, this module
computes the five holiday periods and the free days on which an academy gives
no lessons. No third-party dependency: `iao plan` imports it too.

Rules (checked on 30 November 2026, see tests/test_schoolkalender.py for the
published dates they reproduce):

- Five holiday periods: herfstvakantie (1 week), kerstvakantie (2 weeks),
  krokusvakantie (1 week), paasvakantie (2 weeks) and zomervakantie (1 July to
  31 August); no lessons on 11 November, Easter Monday, 1 May, Ascension Day and
  Whit Monday either. Source: onderwijs.vlaanderen.be, "Schoolvakanties en andere
  vrije dagen" (http://onderwijs.vlaanderen.be/nl/ouders/organisatie-van-de-school/
  schooljaar-schoolweek-en-schooldag/vakanties-en-vrije-dagen).
- Start of each period, as set by the Flemish Government and restated in the
  edulex circular on the school year in basisonderwijs (edulex document 15795)
  and on schools' sites: herfstvakantie on the Monday of the week of 1 November
  (on 2 November when 1 November is a Sunday); kerstvakantie on the Monday of
  the week of Christmas (the Monday after Christmas when it is a Saturday or
  Sunday); krokusvakantie on the seventh Monday before Easter; paasvakantie on
  the first Monday of April, but on Easter Monday when Easter is in March, and
  on the second Monday before Easter when Easter is after 15 April (the holiday
  then also covers Easter Monday).
- DKO: lessons may be given on Saturday and Sunday, so every holiday period runs
  from Monday through Sunday (the Saturday before it is a lesson day), and only
  Ascension Day itself is free, not the Friday after it as in compulsory
  education. Source: https://pro.katholiekonderwijs.vlaanderen/schoolkalender
  ("deeltijds kunstonderwijs: alleen 9 mei"), and the published calendars of
  academies (e.g. stedelijkonderwijs.be, Academie Hoboken 2022-2023 and 2023-2024).
- Flanders did NOT reform its school calendar in 2022: the two-week autumn and
  spring holidays of 2022-2023 are those of the French Community. The Flemish
  rules above still hold for the published years 2022-2023 up to 2025-2026 and
  the dates announced for 2027-2028.

Not verified: the provision that makes these rules apply to DKO (the
organisatiebesluit DKO of 4 May 2018, or the part "Vakantieperiodes" of circular
DKO/2018/05, edulex document 15245) could not be read, nor the decree texts
themselves; the DKO rules above rest on the sources named. A later reform of the
Flemish calendar would have to be followed here. Days an academy sets itself
(facultatieve verlofdagen, pedagogische studiedagen) cannot be computed: the
profile's `planning.vakanties` holds them, see `vakanties`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

D = datetime.date
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)

BRON = "onderwijs.vlaanderen.be, Schoolvakanties en andere vrije dagen"


@dataclass(frozen=True)
class Vakantie:
    """A holiday period or free day, `van` through `tot` inclusive."""

    naam: str
    van: datetime.date
    tot: datetime.date

    def dagen(self) -> set[datetime.date]:
        return {self.van + i * DAY for i in range((self.tot - self.van).days + 1)}


def pasen(jaar: int) -> datetime.date:
    """Easter Sunday (the Anonymous Gregorian algorithm)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own letters)
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return D(jaar, month, (h + l - 7 * m + 33 * month + 19) % 32)


def _monday_of(day: datetime.date) -> datetime.date:
    return day - day.weekday() * DAY


def _week_from(monday: datetime.date, weeks: int = 1) -> tuple[datetime.date, datetime.date]:
    return monday, monday + weeks * WEEK - DAY


def _herfst(startjaar: int) -> tuple[datetime.date, datetime.date]:
    allerheiligen = D(startjaar, 11, 1)
    # a Sunday 1 November would give the week before it; the holiday then starts on 2 November
    return _week_from(_monday_of(allerheiligen + DAY))


def _kerst(startjaar: int) -> tuple[datetime.date, datetime.date]:
    kerstdag = D(startjaar, 12, 25)
    # Christmas on a Saturday or Sunday: the holiday starts on the Monday after it
    monday = _monday_of(kerstdag) if kerstdag.weekday() < 5 else _monday_of(kerstdag) + WEEK
    return _week_from(monday, 2)


def _paas(jaar: int) -> tuple[datetime.date, datetime.date]:
    easter = pasen(jaar)
    if easter.month == 3:
        return _week_from(easter + DAY, 2)
    if easter > D(jaar, 4, 15):
        van, tot = _week_from(easter - 13 * DAY, 2)
        return van, tot + DAY  # extended with Easter Monday
    first_monday = D(jaar, 4, 1) + (-D(jaar, 4, 1).weekday() % 7) * DAY
    return _week_from(first_monday, 2)


def schoolvakanties(startjaar: int) -> list[Vakantie]:
    """The five holiday periods of the school year startjaar-(startjaar+1), in date order."""
    eindjaar = startjaar + 1
    return [
        Vakantie("Herfstvakantie", *_herfst(startjaar)),
        Vakantie("Kerstvakantie", *_kerst(startjaar)),
        Vakantie("Krokusvakantie", *_week_from(pasen(eindjaar) - 48 * DAY)),
        Vakantie("Paasvakantie", *_paas(eindjaar)),
        Vakantie("Zomervakantie", D(eindjaar, 7, 1), D(eindjaar, 8, 31)),
    ]


def feestdagen(startjaar: int) -> list[Vakantie]:
    """The single free days of the school year (also when they fall in a holiday period)."""
    eindjaar = startjaar + 1
    easter = pasen(eindjaar)
    days = [
        ("Wapenstilstand", D(startjaar, 11, 11)),
        ("Paasmaandag", easter + DAY),
        ("Dag van de Arbeid", D(eindjaar, 5, 1)),
        ("Hemelvaartsdag", easter + 39 * DAY),
        ("Pinkstermaandag", easter + 50 * DAY),
    ]
    return sorted((Vakantie(naam, day, day) for naam, day in days), key=lambda v: v.van)


def vakanties(startjaar: int, override=None) -> list[Vakantie]:
    """The holiday periods the academy uses: the profile's list when given, else the computed ones.

    `override` is the profile's `planning.vakanties` (objects with naam, van, tot):
    it replaces all five computed periods, so an academy that uses it lists every
    period, plus any facultatieve verlofdag or studiedag as a period of one day.
    An empty list (the profile's default) means no override.
    """
    if not override:
        return schoolvakanties(startjaar)
    return sorted((Vakantie(v.naam, v.van, v.tot) for v in override), key=lambda v: v.van)


def kalender(startjaar: int, override=None) -> dict[datetime.date, str]:
    """Every day without lessons, with the name of its holiday period or free day.

    The free days (11 November, Easter Monday, 1 May, Ascension Day, Whit Monday)
    are public holidays and stay free with an override too: an academy cannot
    give lessons on them, so a profile need not repeat them.
    """
    days: dict[datetime.date, str] = {}
    for periode in vakanties(startjaar, override) + feestdagen(startjaar):  # a free day's own name wins
        days.update(dict.fromkeys(periode.dagen(), periode.naam))
    return days


def vrije_dagen(startjaar: int, override=None) -> set[datetime.date]:
    """Every day without lessons: the holiday periods and the free days."""
    return set(kalender(startjaar, override))


def overzicht(startjaar: int, override=None) -> list[Vakantie]:
    """The holiday periods and the free days outside them, in date order: the list a document prints."""
    periods = vakanties(startjaar, override)
    in_a_period = set().union(*(v.dagen() for v in periods))
    losse = [v for v in feestdagen(startjaar) if v.van not in in_a_period]
    return sorted(periods + losse, key=lambda v: v.van)
