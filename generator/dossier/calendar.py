"""The step plan as an iCalendar file (.ics) for Outlook, Google Agenda, ...

One all-day event per dated step. The output is byte-identical for the same
profile: UIDs come from the academy and the step, DTSTAMP from the plan's
earliest date (never the clock). The icalendar package does the RFC 5545
escaping and line folding.
"""

from __future__ import annotations

import datetime
import hashlib

from generator.dossier.stappenplan import document_names
from generator.dossier.steps import STAPPEN, fase_nr
from generator.profile.model import Profiel

PRODID = "-//iao//Stappenplan interactief afstandsonderwijs//NL"


def filename(profiel: Profiel) -> str:
    return f"stappenplan-{profiel.schooljaar}.ics"


def _one_line(text: str) -> str:
    # A name may hold a line break (a quoted "\n" in the profile); a calendar
    # property line may not (the description's own lines are escaped by icalendar).
    return " ".join(text.split())


def _academie_id(profiel: Profiel) -> str:
    if profiel.academie.instellingsnummer:
        return profiel.academie.instellingsnummer
    return hashlib.sha256(profiel.academie.naam.encode("utf-8")).hexdigest()[:12]


def ics(profiel: Profiel) -> bytes:
    from icalendar import Calendar, Event

    dated = [(stap, date) for stap in STAPPEN if (date := stap.datum(profiel)) is not None]
    first = min((date for _, date in dated), default=datetime.date(profiel.startjaar, 1, 1))
    stamp = datetime.datetime(first.year, first.month, first.day, tzinfo=datetime.UTC)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    naam = _one_line(profiel.academie.naam)
    cal.add("x-wr-calname", f"Stappenplan IAO {naam} {profiel.schooljaar}")
    for stap, date in dated:
        event = Event()
        event.add("uid", f"{stap.key}-{profiel.schooljaar}-{_academie_id(profiel)}@iao-stappenplan")
        event.add("dtstamp", stamp)
        event.add("dtstart", date)
        event.add("dtend", date + datetime.timedelta(days=1))
        event.add("summary", _one_line(f"IAO {fase_nr(stap)}: {stap.titel}"))
        lines = [stap.wat, f"Wie: {stap.wie(profiel)}", f"Wanneer: {'uiterlijk ' if stap.is_voorgesteld(profiel) else ''}{stap.wanneer(profiel)}"]
        names = document_names(stap, profiel)
        if names:
            lines.append(f"Document: {', '.join(names)}")
        if stap.is_voorgesteld(profiel):
            lines.append("Voorgestelde uiterste datum, af te stemmen op de eigen planning.")
        lines.append(f"Academie: {naam}")
        event.add("description", "\n".join(lines))
        event.add("categories", [f"IAO {stap.fase}"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
