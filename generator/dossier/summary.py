"""What the CLI tells the user after a run, in Dutch."""

from __future__ import annotations

from collections import Counter

from generator.dossier import output
from generator.dossier.context import DERIVED
from generator.dossier.documents import KINDS
from generator.dossier.generation import Result


def generate_summary(result: Result) -> str:
    assert result.outcome.loaded is not None  # generate() only returns a Result for a readable profile
    profiel = result.outcome.loaded.profiel
    report = result.report
    lines = [f"Documenten voor {profiel.academie.naam} (schooljaar {profiel.schooljaar}) in {report.folder}:"]
    for name, title in result.dossier.titles.items():
        state = "behouden (bewerkt)" if name in report.kept else ("ongewijzigd" if name in report.unchanged else "geschreven")
        lines.append(f"  {name}  {title}  [{state}]")
    if result.dossier.placeholders:
        total = sum(len(v) for v in result.dossier.placeholders.values())
        lines.append(f"Nog in te vullen ({total}, geel gemarkeerd in de documenten):")
        for name, found in result.dossier.placeholders.items():
            lines.append(f"  {name}:")
            lines += _counted(found)
    if result.dossier.to_check:
        total = sum(len(v) for v in result.dossier.to_check.values())
        lines.append(f"Nog na te kijken ({total} artikelnummers, turkoois gemarkeerd; wat er te controleren valt: iao bronnen):")
        for name, found in result.dossier.to_check.items():
            lines.append(f"  {name}: " + "; ".join(_counted(found, indent="")))
    for finding in result.outcome.warnings:
        lines.append(f"Waarschuwing [{finding.rule.id}] {finding.field}: {finding.detail}")
    lines += _protected(report.backups, report.kept, "bewerkte documenten", "Deze documenten zijn na het genereren bewerkt")
    if report.kept:
        lines.append(
            f"Een gewijzigd profiel ook in die bewerkte documenten brengen, als bijgehouden wijzigingen: iao update {result.outcome.file} -o {report.folder}"
        )
    return "\n".join(lines + _pdf_and_zip(result))


def _counted(texts: list[str], indent: str = "    ") -> list[str]:
    """Each text once, with how often it occurs."""
    return [f"{indent}{text}" + (f" ({n}x)" if n > 1 else "") for text, n in Counter(texts).items()]


def _protected(backups: list[str], kept: list[str], what: str, edited: str) -> list[str]:
    """The lines on files someone changed since iao wrote them: saved copies (--force) or kept."""
    lines = []
    if backups:
        lines.append(f"Kopie bewaard van {what}: " + ", ".join(backups))
    if kept:
        lines.append(f"{edited} en dus NIET overschreven: " + ", ".join(kept) + ". Gebruik --force om ze toch te vervangen (er wordt eerst een kopie bewaard).")
    return lines


def _pdf_and_zip(result: Result) -> list[str]:
    """--pdf and --zip: what was made, kept, or could not be made."""
    lines = []
    pdfs = result.pdfs
    if pdfs is not None:
        counts = [f"{len(pdfs.written)} geschreven", f"{len(pdfs.unchanged)} ongewijzigd"] + ([f"{len(pdfs.kept)} behouden"] if pdfs.kept else [])
        lines.append(f"PDF naast elk Word-document: {', '.join(counts)}.")
        if result.report.kept:
            lines.append("De PDF van een behouden (bewerkt) document toont de bewerkte versie.")
        lines += _protected(pdfs.backups, pdfs.kept, "gewijzigde PDF's", "Deze PDF's zijn na het maken gewijzigd (bv. met aantekeningen)")
    if result.pdf_error is not None:
        lines.append(f"Geen PDF's gemaakt (en dus ook geen zip); de Word-documenten zijn wel geschreven. {result.pdf_error}")
    bundle = result.bundle
    if bundle is not None:
        for name in bundle.written + bundle.unchanged:
            lines.append(f"Het dossier in één zip: {name} [{'geschreven' if name in bundle.written else 'ongewijzigd'}]")
        made_by_iao = output.read_manifest(bundle.folder)
        for name in bundle.kept:
            why = "is na het maken gewijzigd" if name in made_by_iao else "bestaat al en is niet door iao gemaakt"
            lines.append(f"{name} {why} en dus NIET overschreven; --force vervangt de zip (na een kopie).")
    if result.bundle_error is not None:
        lines.append(f"Geen zip gemaakt; de documenten zijn wel geschreven. {result.bundle_error}")
    return lines


def templates_overview() -> str:
    from generator.dossier.rendering import template_variables
    from generator.resources import templates_dir

    lines = ["Documentsoorten en hun sjabloon:"]
    for kind in KINDS:
        template = kind.template(templates_dir())
        lines.append(f"  {kind.kind:<24} {kind.title}")
        lines.append(f"  {'':<24} sjabloon: {template}")
        lines.append(f"  {'':<24} variabelen: {', '.join(template_variables(template))}")
    lines += [
        "",
        "Variabelen: alle velden van het profiel onder hun eigen naam (academie.naam,",
        "planning.gemeenteraad, afstandsonderwijs.vakken, ...), en daarnaast:",
    ]
    lines += [f"  {name:<22} {meaning}" for name, meaning in DERIVED.items()]
    lines += ["", "Filters: datum, datum_lang, procent, getal, ja_nee, opsomming, invullen('omschrijving')."]
    lines.append("Per sjabloon staan de gebruikte variabelen in de README.md van zijn map.")
    return "\n".join(lines)
