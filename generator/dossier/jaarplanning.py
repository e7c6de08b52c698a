"""The yearly plan per IAO subject: which lesson weeks are contact and which IAO.

The calendar weeks (Monday to Sunday) run from the week of the first lesson day
through the last week that starts in June of the second calendar year. The
school holidays and free days come from schoolkalender (or from the profile's
`planning.vakanties`, which replaces the computed holiday periods):

- The profile has no weekday per subject, so the plan assumes one lesson per
  week on some day of that week. DKO teaches on all seven days, so a week with
  four or more days without lessons (a holiday week, or the week that ends in
  the summer holiday) is no lesson week and is left out.
- A lesson week with one to three free days (11 November, 1 May, Ascension
  Day, Whit Monday, Easter Monday after the Easter holiday) stays in the plan
  and is marked with those days: only the subjects whose lesson falls on such a
  day move it.
- Week 1 always stays (the first lesson day is in it); its days before the
  first lesson day are marked too: the end of the summer holiday, or the first
  days of September before the lessons start.

The IAO share in the academiereglement is a ceiling: the number of IAO weeks is
the share of the lesson weeks rounded DOWN, so it never exceeds the share (zero
when even one week would). The first and the last lesson week are always
contact lessons; the IAO weeks are spread evenly over the weeks in between. The
share that this gives is printed rounded to one decimal (23,68 % reads 23,7 %).
"""

from __future__ import annotations

import datetime
import math
from fractions import Fraction

from generator.profile import schoolkalender
from generator.profile.model import Profiel

CONTACT, IAO = "contact", "IAO"
KOLOMMEN = 2  # weeks side by side in the table, to keep it compact
MEESTAL_VRIJ = 4  # free days (of 7) from which a week is no lesson week


def lesweken(profiel: Profiel) -> list[tuple[datetime.date, list[dict]]]:
    """(Monday, its free days grouped by name) of every lesson week of the school year."""
    first = profiel.planning.eerste_lesdag
    if first is None:
        return []
    monday = first - datetime.timedelta(days=first.weekday())
    vrij = schoolkalender.kalender(profiel.startjaar, profiel.planning.vakanties) | _voor_de_start(monday, first, profiel.schooljaar_start)
    end = datetime.date(profiel.startjaar + 1, 6, 30)
    weeks = []
    while monday <= end:
        free = [d for d in (monday + datetime.timedelta(days=i) for i in range(7)) if d in vrij]
        if len(free) < MEESTAL_VRIJ or monday <= first:
            weeks.append((monday, _per_naam(free, vrij)))
        monday += datetime.timedelta(weeks=1)
    return weeks


def _voor_de_start(monday: datetime.date, first: datetime.date, start: datetime.date) -> dict[datetime.date, str]:
    """The days of week 1 before the first lesson day: the summer holiday until 31 August, then
    school days on which the lessons have not started yet."""
    days = (monday + datetime.timedelta(days=i) for i in range(first.weekday()))
    return {day: "Zomervakantie" if day < start else "Vóór de eerste lesdag" for day in days}


def _per_naam(days: list[datetime.date], vrij: dict[datetime.date, str]) -> list[dict]:
    """[{naam, dagen}]: the week's free days under the name of their holiday or free day."""
    groups: dict[str, list[datetime.date]] = {}
    for day in days:
        groups.setdefault(vrij[day], []).append(day)
    return [{"naam": naam, "dagen": dagen} for naam, dagen in groups.items()]


def aantal_iao(weken: int, aandeel_procent: float) -> int:
    """IAO weeks for a share: rounded down (a ceiling), never the first or last week."""
    if weken < 3:
        return 0
    count = math.floor(Fraction(weken) * Fraction(aandeel_procent) / 100)  # exact: no float rounding up
    return max(min(count, weken - 2), 0)


def verdeling(weken: int, aandeel_procent: float) -> list[str]:
    """CONTACT or IAO per week, the IAO weeks spread evenly between first and last week."""
    count = aantal_iao(weken, aandeel_procent)
    vormen = [CONTACT] * weken
    inner = weken - 2
    for j in range(count):
        vormen[1 + math.floor((j + 0.5) * inner / count)] = IAO
    return vormen


def _procent(deel: int, geheel: int, plafond: float) -> float:
    """deel of geheel in percent, rounded to one decimal; rounded down only where rounding
    would print more than the ceiling (a ceiling with two decimals, 12,36 %)."""
    if not geheel:
        return 0.0
    exact = Fraction(1000 * deel, geheel)
    rounded = math.floor(exact + Fraction(1, 2)) / 10
    return rounded if rounded <= plafond else math.floor(exact) / 10


def _kolommen(weken: list[dict]) -> list[dict]:
    """Rows of the compact table: the weeks run down the first block, then the next."""
    leeg = {"nr": "", "maandag": "", "vorm": "", "vrij": []}
    per_kolom = math.ceil(len(weken) / KOLOMMEN) if weken else 0
    rows = []
    for r in range(per_kolom):
        cells = [weken[c * per_kolom + r] if c * per_kolom + r < len(weken) else leeg for c in range(KOLOMMEN)]
        rows.append(dict(zip("abcdefgh", cells)))
    return rows


def _vakantie(v: schoolkalender.Vakantie) -> dict:
    return {"naam": v.naam, "van": v.van, "tot": v.tot}


def jaarplanning(profiel: Profiel) -> dict:
    """The holidays used and one entry per IAO subject, as plain data for the template."""
    weeks = lesweken(profiel)
    vakken = []
    for vak in profiel.afstandsonderwijs.vakken:
        vormen = verdeling(len(weeks), vak.aandeel_procent)
        weken = [{"nr": i + 1, "maandag": monday, "vorm": vorm, "vrij": free} for i, ((monday, free), vorm) in enumerate(zip(weeks, vormen))]
        iao = vormen.count(IAO)
        vakken.append(
            {
                "vak": vak.vak,
                "domein": vak.domein,
                "structuuronderdeel": vak.structuuronderdeel,
                "aandeel_procent": vak.aandeel_procent,
                "aantal_weken": len(weeks),
                "aantal_iao": iao,
                "aantal_contact": len(weeks) - iao,
                "iao_procent": _procent(iao, len(weeks), vak.aandeel_procent),
                "weken": _kolommen(weken),
                "lijst": weken,
                "met_vrije_dag": [w for w in weken if w["vrij"]],
            }
        )
    return {
        "vakken": vakken,
        "vakanties": [_vakantie(v) for v in schoolkalender.overzicht(profiel.startjaar, profiel.planning.vakanties)],
        "eigen_kalender": bool(profiel.planning.vakanties),
        "bron": schoolkalender.BRON,
    }
