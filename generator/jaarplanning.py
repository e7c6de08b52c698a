"""The yearly plan per IAO subject: which lesson weeks are contact and which IAO.

The lesson weeks run from the week of the first lesson day through the last week
that starts in June of the second calendar year. School holidays are NOT known to
the generator (they differ per year and are set by the Flemish government): the
document asks the academy to cross out the holiday weeks and to redo the split on
the remaining weeks. `verdeling` can do that when it is given the weeks to drop.

The split assumes one lesson per week: the number of IAO weeks is the subject's
share of the weeks, rounded to a whole week, at least one and never all. The
first and the last lesson week are always contact lessons; the IAO weeks are
spread evenly over the weeks in between.
"""

from __future__ import annotations

import datetime
import math

from .profile import Profiel

CONTACT, IAO = "contact", "IAO"
KOLOMMEN = 2  # weeks side by side in the table, to keep it compact


def lesweken(profiel: Profiel, geschrapt: frozenset[datetime.date] = frozenset()) -> list[datetime.date]:
    """The Mondays of the lesson weeks (weeks in `geschrapt`, given by their Monday, are left out)."""
    first = profiel.planning.eerste_lesdag
    if first is None:
        return []
    monday = first - datetime.timedelta(days=first.weekday())
    end = datetime.date(profiel.startjaar + 1, 6, 30)
    weeks = []
    while monday <= end:
        if monday not in geschrapt:
            weeks.append(monday)
        monday += datetime.timedelta(weeks=1)
    return weeks


def aantal_iao(weken: int, aandeel_procent: float) -> int:
    """IAO weeks for a share: rounded half up, at least 1, never the first or last week."""
    if weken < 3 or aandeel_procent <= 0:
        return 0
    count = math.floor(weken * aandeel_procent / 100 + 0.5)
    return min(max(count, 1), weken - 2)


def verdeling(weken: int, aandeel_procent: float) -> list[str]:
    """CONTACT or IAO per week, the IAO weeks spread evenly between first and last week."""
    count = aantal_iao(weken, aandeel_procent)
    vormen = [CONTACT] * weken
    inner = weken - 2
    for j in range(count):
        vormen[1 + math.floor((j + 0.5) * inner / count)] = IAO
    return vormen


def _kolommen(weken: list[dict]) -> list[dict]:
    """Rows of the compact table: the weeks run down the first block, then the next."""
    leeg = {"nr": "", "maandag": "", "vorm": ""}
    per_kolom = math.ceil(len(weken) / KOLOMMEN) if weken else 0
    rows = []
    for r in range(per_kolom):
        cells = [weken[c * per_kolom + r] if c * per_kolom + r < len(weken) else leeg for c in range(KOLOMMEN)]
        rows.append(dict(zip("abcdefgh", cells)))
    return rows


def jaarplanning(profiel: Profiel, geschrapt: frozenset[datetime.date] = frozenset()) -> list[dict]:
    """One entry per IAO subject, as plain data for the template."""
    mondays = lesweken(profiel, geschrapt)
    result = []
    for vak in profiel.afstandsonderwijs.vakken:
        vormen = verdeling(len(mondays), vak.aandeel_procent)
        weken = [{"nr": i + 1, "maandag": m, "vorm": v} for i, (m, v) in enumerate(zip(mondays, vormen))]
        iao = vormen.count(IAO)
        voorbeeld = max(len(mondays) - 8, 0)  # e.g. after four holidays of two weeks
        result.append({
            "vak": vak.vak,
            "domein": vak.domein,
            "structuuronderdeel": vak.structuuronderdeel,
            "aandeel_procent": vak.aandeel_procent,
            "aantal_weken": len(mondays),
            "aantal_iao": iao,
            "aantal_contact": len(mondays) - iao,
            "iao_procent": round(100 * iao / len(mondays), 1) if mondays else 0.0,
            "weken": _kolommen(weken),
            "lijst": weken,
            "voorbeeld_weken": voorbeeld,
            "voorbeeld_iao": aantal_iao(voorbeeld, vak.aandeel_procent),
        })
    return result
