"""The step plan read for one profile: order problems, documents per step, the timeline, the rows for the templates and the text of `iao plan`."""

from __future__ import annotations

import datetime

from generator.dossier.steps import BY_KEY, GEEN_DATUM, GEPLAND, NIET_NODIG, STAPPEN, VANDAAG, VERSTREKEN, Stap, datum, fase_nr
from generator.profile.model import Profiel


def volgorde(profiel: Profiel) -> dict[str, list[str]]:
    """Steps dated before a step they depend on: {key: [Dutch explanation, ...]}."""
    problems: dict[str, list[str]] = {}
    for stap in STAPPEN:
        date = stap.datum(profiel)
        if date is None:
            continue
        for key in stap.na:
            before = BY_KEY[key]
            earlier = before.datum(profiel)
            if earlier is not None and date < earlier:
                problems.setdefault(stap.key, []).append(
                    f"{fase_nr(stap)} ({datum(date)}) valt vóór {fase_nr(before)} ({datum(earlier)}), die eerst moet gebeuren"
                )
    return problems


def document_names(stap: Stap, profiel: Profiel) -> list[str]:
    """File names of the step's documents that the generator makes for this profile."""
    names = []
    for kind in stap.kinds(profiel):
        if kind.applies(profiel) and kind.filename(profiel) not in names:
            names.append(kind.filename(profiel))
    return names


def document_titles(stap: Stap, profiel: Profiel) -> list[str]:
    """Titles (documents.KINDS) of the step's documents that the generator makes for this profile."""
    titles = []
    for kind in stap.kinds(profiel):
        if kind.applies(profiel) and kind.title not in titles:
            titles.append(kind.title)
    return titles


def tijdlijn(profiel: Profiel) -> list[Stap]:
    """The steps in date order; undated steps last, in plan order."""
    order = {s.key: i for i, s in enumerate(STAPPEN)}
    return sorted(STAPPEN, key=lambda s: (s.datum(profiel) is None, s.datum(profiel) or datetime.date.min, order[s.key]))


def stappen_context(profiel: Profiel) -> list[dict]:
    """The steps as plain data for the templates (no today's date: reproducible)."""
    problems = volgorde(profiel)
    rows = []
    for stap in STAPPEN:
        nodig = stap.nodig(profiel)
        rows.append(
            {
                "fase": stap.fase,
                "nr": stap.nr,
                "wat": stap.wat,
                "wie": stap.wie(profiel),
                "datum": stap.datum(profiel),
                "wanneer": stap.wanneer(profiel),
                "voorgesteld": stap.is_voorgesteld(profiel),
                "van_toepassing": nodig,
                # one per line in Word; a step that does not apply names no document
                "documenten": "\n".join(document_names(stap, profiel)) if nodig else "",
                "documenttitels": "\n".join(document_titles(stap, profiel)) if nodig else "",
                "volgorde": "; ".join(problems.get(stap.key, [])),
            }
        )
    return rows


def plan_tekst(profiel: Profiel, vandaag: datetime.date) -> str:
    """The timeline that `iao plan` prints: date, status, phase, step, who; flags.
    A step that does not apply keeps its line, marked "niet van toepassing"."""
    problems = volgorde(profiel)
    counts: dict[str, int] = {}
    lines = [
        f"Stappenplan IAO voor {profiel.academie.naam} (schooljaar {profiel.schooljaar})",
        f"Stand op {datum(vandaag)}. Data met 'uiterlijk' zijn voorgestelde uiterste data.",
        "",
    ]
    for stap in tijdlijn(profiel):
        date = stap.datum(profiel)
        status = stap.status(profiel, vandaag)
        counts[status] = counts.get(status, 0) + 1
        shown = (f"uiterlijk {datum(date)}" if stap.is_voorgesteld(profiel) else datum(date)) if date else "-"
        mark = "!" if status == VERSTREKEN or stap.key in problems else " "
        lines.append(f"{mark} {shown:<26} {status:<11} {fase_nr(stap):<18} {stap.titel}")
        if status != NIET_NODIG:
            lines.append(f"{'':<29} wie: {stap.wie(profiel)}")
        for problem in problems.get(stap.key, []):
            lines.append(f"{'':<29} VOLGORDE: {problem}")
    lines.append("")
    lines.append("Samen: " + ", ".join(f"{counts[s]} {s}" for s in (VERSTREKEN, VANDAAG, GEPLAND, GEEN_DATUM, NIET_NODIG) if counts.get(s)) + ".")
    if counts.get(VERSTREKEN):
        lines.append("Een ! vooraan: de datum is voorbij (ga na of de stap gedaan is) of de volgorde klopt niet.")
    if problems:
        lines.append(f"Volgorde niet in orde bij {len(problems)} stap(pen): pas de data in 'planning' aan.")
    return "\n".join(lines)
