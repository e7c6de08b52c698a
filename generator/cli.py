"""The `iao` command line: a thin layer over the library.

Heavy libraries (pydantic, docxtpl, python-docx, Babel) are imported inside the
commands that need them, so `iao --help` starts fast.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from generator import __version__
from generator.dossier.documents import KINDS
from generator.dossier.pdf import DEFAULT_TIMEOUT as DEFAULT_PDF_TIMEOUT
from generator.dossier.pdf import PdfSettings
from generator.errors import EXIT_OK, EXIT_RULES, IaoError


class _Group(click.Group):
    """Prints our Dutch errors without a traceback (unless --debug)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except IaoError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Fout: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.Abort, EOFError, KeyboardInterrupt):
            click.echo("\nAfgebroken; er is niets geschreven.", err=True)
            ctx.exit(EXIT_RULES)


def templates_option(help: str):
    """--templates MAP: the same option for every command that renders templates."""
    return click.option("--templates", "sjablonen", type=click.Path(exists=True, file_okay=False, path_type=Path), help=help)


def huisstijl_option(help: str):
    return click.option("--huisstijl", type=click.Path(dir_okay=False, path_type=Path), metavar="REFERENTIE.docx", help=help)


auteur_option = click.option(
    "--auteur",
    default="iao",
    show_default=True,
    callback=lambda ctx, param, value: _word_text(param, value),
    help="Naam bij de bijgehouden wijzigingen in Word.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="iao", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Toon bij een fout de volledige technische melding.")
@click.pass_context
def cli(ctx, debug):
    """Ontwerpdocumenten voor interactief afstandsonderwijs (IAO) in een academie (DKO).

    Vul een academieprofiel in (iao init), controleer het (iao check) en maak
    de documenten (iao generate).
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("profiel", type=click.Path(path_type=Path))
def check(profiel):
    """Controleer PROFIEL tegen de regels van het stappenplan.

    Exitcode 0: in orde (waarschuwingen kunnen), 1: regels geschonden,
    2: het bestand kan niet gelezen worden.
    """
    from generator.profile.checking import check_profile, report

    outcome = check_profile(profiel)
    click.echo(report(outcome))
    sys.exit(outcome.exit_code)


@cli.command()
def schema():
    """Schrijf het JSON Schema van het profiel (voor editors die YAML aanvullen)."""
    import json

    from generator.profile.model import profile_schema

    click.echo(json.dumps(profile_schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("bestand", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--voorbeeld", is_flag=True, help="Schrijf het voorbeeldprofiel zonder vragen.")
def init(bestand, voorbeeld):
    """Maak een nieuw academieprofiel BESTAND door vragen te beantwoorden."""
    from generator.dossier.output import write_file
    from generator.profile.interview import ask_yes_no
    from generator.resources import example_profile

    if bestand.exists() and not ask_yes_no(f"{bestand} bestaat al. Overschrijven?", default=False):
        click.echo("Niets geschreven.")
        sys.exit(EXIT_OK)
    if voorbeeld:
        text = example_profile().read_text(encoding="utf-8")
    else:
        from generator.profile.interview import interview

        text = interview()
    write_file(bestand, text.encode("utf-8"))
    click.echo(f"Profiel geschreven: {bestand}. Controleer het met: iao check {bestand}")


@cli.command()
@click.argument("profielen", metavar="PROFIEL...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--uitvoer",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("uitvoer"),
    show_default=True,
    help="Map waarin de documenten komen (bij meer profielen: een submap per profiel).",
)
@templates_option("Map met eigen sjablonen (zelfde indeling als 'iao templates export').")
@click.option("--strict", is_flag=True, help="Weiger als er gegevens ontbreken in plaats van '[in te vullen]' te zetten.")
@click.option(
    "--definitief", is_flag=True, help="Maak de definitieve versie, zonder 'ONTWERP' in de koptekst; weigert zolang er iets in te vullen of na te kijken is."
)
@click.option("--force", is_flag=True, help="Overschrijf ook bewerkte documenten (er wordt eerst een kopie bewaard).")
@click.option("-q", "--stil", is_flag=True, help="Geen voortgangsbalk bij meer profielen.")
@huisstijl_option("Neem lettertypes, kleuren, stijlen, marges en het briefhoofd over uit dit Word-document van de gemeente.")
@click.option("--pdf", "pdf", is_flag=True, help="Maak naast elk Word-document ook een PDF (met LibreOffice).")
@click.option("--pdf-a", "pdf_a", is_flag=True, help="Maak de PDF's als PDF/A-2b, om te archiveren (houdt --pdf in).")
@click.option(
    "--pdf-tijdslimiet",
    type=click.FloatRange(min=1),
    default=DEFAULT_PDF_TIMEOUT,
    show_default=True,
    metavar="SECONDEN",
    help="Stop LibreOffice als het zo lang geen PDF afmaakt.",
)
@click.option("--zip", "bundel", is_flag=True, help="Bundel het dossier in één zip: de documenten, de PDF's, het agendabestand en een inhoudslijst.")
def generate(profielen, uitvoer, sjablonen, strict, definitief, force, stil, huisstijl, pdf, pdf_a, pdf_tijdslimiet, bundel):
    """Maak alle documenten voor PROFIEL in de uitvoermap.

    Met meer profielen (iao generate profielen/*.yaml -o uitvoer/) komt elk
    dossier in een eigen map, genoemd naar het profielbestand; een profiel met
    fouten wordt overgeslagen. Exitcode: de ergste van de profielen
    (2 onleesbaar, 1 regels geschonden, 4 geen PDF's: LibreOffice ontbreekt of
    liep vast, de Word-documenten zijn wel geschreven, 3 bewerkte documenten
    behouden, 0 in orde).
    """
    pdfs = PdfSettings(archive=pdf_a, timeout=pdf_tijdslimiet) if pdf or pdf_a else None
    if len(profielen) > 1:
        if definitief:
            raise click.UsageError("--definitief maakt één dossier tegelijk: geef één profiel.")
        from generator.dossier.batch import run_batch, summary

        if huisstijl is not None:
            from generator.word.huisstijl import load_reference

            load_reference(huisstijl)  # a bad reference stops the batch before any profile

        try:
            if not stil and sys.stderr.isatty():
                with click.progressbar(length=len(profielen), label="Profielen", file=sys.stderr) as bar:
                    result = run_batch(
                        profielen,
                        uitvoer,
                        sjablonen,
                        strict=strict,
                        force=force,
                        reference_doc=huisstijl,
                        pdf=pdfs,
                        bundle=bundel,
                        on_done=lambda _profile: bar.update(1),
                    )
            else:
                result = run_batch(profielen, uitvoer, sjablonen, strict=strict, force=force, reference_doc=huisstijl, pdf=pdfs, bundle=bundel)
        except KeyboardInterrupt:  # some dossiers may be done: "niets geschreven" would not be true
            click.echo(f"\nAfgebroken; elk dossier onder {uitvoer} is volledig gemaakt of niet aangeraakt.", err=True)
            sys.exit(EXIT_RULES)
        click.echo(summary(result))
        sys.exit(result.exit_code)

    from generator.dossier.generation import generate as run
    from generator.dossier.summary import generate_summary

    result = run(profielen[0], uitvoer, sjablonen, strict=strict, force=force, reference_doc=huisstijl, pdf=pdfs, bundle=bundel, final=definitief)
    click.echo(generate_summary(result))
    sys.exit(result.exit_code)


@cli.command()
@click.argument("profiel", type=click.Path(path_type=Path))
@click.option("--vandaag", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="JJJJ-MM-DD", help="Datum waarop de stand bepaald wordt (standaard: vandaag).")
def plan(profiel, vandaag):
    """Toon het stappenplan van PROFIEL als tijdlijn, met de stand van elke stap.

    Exitcode 0: in orde, 1: het profiel schendt regels (bv. data in de verkeerde
    volgorde), 2: het bestand kan niet gelezen worden.
    """
    import datetime

    from generator.dossier.steps import plan_tekst
    from generator.profile.checking import check_profile, report

    outcome = check_profile(profiel)
    if outcome.loaded is None:
        click.echo(report(outcome))
        sys.exit(outcome.exit_code)
    today = vandaag.date() if vandaag else datetime.date.today()
    click.echo(plan_tekst(outcome.loaded.profiel, today))
    if outcome.errors:
        click.echo("")
        click.echo(report(outcome))
    elif outcome.warnings:
        click.echo(f"{len(outcome.warnings)} waarschuwing(en) bij het profiel: zie 'iao check {profiel}'.")
    sys.exit(outcome.exit_code)


@cli.command()
@click.argument("profiel", type=click.Path(path_type=Path))
@click.argument("bestaand", type=click.Path(path_type=Path))
@click.option("--reglement", required=True, type=click.Choice([k.kind for k in KINDS.amended()]), help="Welk reglement BESTAAND is.")
@click.option(
    "-o",
    "--uitvoer",
    required=True,
    type=click.Path(path_type=Path),  # a folder: amend refuses it in Dutch
    help="Het nieuwe .docx-bestand (nooit BESTAAND zelf).",
)
@click.option("--na", metavar="KOPTEKST", help="Voeg in na het deel dat begint met deze kop (standaard: vóór de slotbepalingen, anders aan het einde).")
@auteur_option
@templates_option("Map met eigen sjablonen, zoals bij 'iao generate': het hoofdstuk komt dan uit het eigen sjabloon.")
@click.option("--force", is_flag=True, help="Overschrijf ook een bewerkt of niet door iao geschreven -o-bestand (er wordt eerst een kopie bewaard).")
def amend(profiel, bestaand, reglement, uitvoer, na, auteur, sjablonen, force):
    """Voeg het IAO-hoofdstuk in het eigen reglement BESTAAND in, als bijgehouden wijzigingen.

    De academie of de juridische dienst ziet in Word precies wat er verandert en
    kan elk deel goedkeuren of weigeren. Exitcode 0: geschreven, 1: het profiel
    schendt regels, 2: een bestand kan niet gelezen of gebruikt worden, 3: het
    -o-bestand bestaat al en is bewerkt (of niet door iao geschreven): behouden.
    """
    from generator.edit.amend import amend as run

    result = run(profiel, bestaand, reglement, uitvoer, na=na, author=auteur, custom_templates=sjablonen, force=force)
    click.echo(f"Hoofdstuk ingevoegd in {bestaand.name} {result.where}.")
    click.echo(
        f"{len(result.articles)} artikels ({result.articles[0]} tot {result.articles[-1]}), "
        f"als bijgehouden wijzigingen van '{auteur.strip()}'; "
        f"{1 + result.notes} opmerking(en) voor de juridische dienst."
        if result.articles
        else f"Als bijgehouden wijzigingen van '{auteur.strip()}'."
    )
    if result.placeholders:
        click.echo("Nog in te vullen: " + "; ".join(dict.fromkeys(result.placeholders)))
    if result.backups:
        click.echo(f"Kopie bewaard van het bewerkte bestand: {', '.join(result.backups)}")
    click.echo(f"Geschreven: {uitvoer}")


@cli.command()
@click.argument("profiel", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--uitvoer",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="De uitvoermap van een eerdere 'iao generate', met de bewerkte documenten.",
)
@auteur_option
@templates_option("Map met eigen sjablonen, dezelfde als bij 'iao generate'.")
@huisstijl_option("Dezelfde huisstijl als bij 'iao generate'.")
def update(profiel, uitvoer, auteur, sjablonen, huisstijl):
    """Neem een gewijzigd PROFIEL over in de documenten, ook in de bewerkte.

    Een document dat niemand bewerkte, wordt opnieuw gemaakt. In een bewerkt
    document komen de wijzigingen als bijgehouden wijzigingen in Word; uw eigen
    bewerkingen blijven zoals ze zijn en er wordt eerst een kopie bewaard.
    Exitcode 0: alles verwerkt, 5: er zijn conflicten op te lossen (opmerkingen
    'Conflict' in Word), 1: het profiel schendt regels, 2: een bestand kan niet
    gelezen of gebruikt worden.
    """
    from generator.edit.update import summary
    from generator.edit.update import update as run

    result = run(profiel, uitvoer, author=auteur.strip(), custom_templates=sjablonen, reference_doc=huisstijl)
    click.echo(f"Bijgewerkt in {uitvoer}:")
    click.echo(summary(result))
    sys.exit(result.exit_code)


@cli.group()
def templates():
    """Bekijk of kopieer de sjablonen van de documenten."""


@templates.command("list")
def templates_list():
    """Toon de documentsoorten, hun sjabloon en de variabelen."""
    from generator.dossier.summary import templates_overview

    click.echo(templates_overview())


@templates.command("export")
@click.argument("map_", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
def templates_export(map_):
    """Kopieer de standaardsjablonen naar MAP om ze zelf aan te passen."""
    from generator.dossier.bronnen import REGISTER_FILE
    from generator.resources import templates_dir

    names = [k.kind for k in KINDS] + [REGISTER_FILE]
    existing = [name for name in names if (map_ / name).exists() or (map_ / name).is_symlink()]
    if existing:  # a register or template the user may have edited is never overwritten
        raise click.ClickException(f"{map_} bevat al sjablonen ({', '.join(existing)}); kies een lege map.")
    for kind in KINDS:
        shutil.copytree(templates_dir() / kind.kind, map_ / kind.kind)
    shutil.copyfile(templates_dir() / REGISTER_FILE, map_ / REGISTER_FILE)
    click.echo(f"{len(KINDS)} sjablonen en het register {REGISTER_FILE} gekopieerd naar {map_}. Gebruik ze met: iao generate PROFIEL --templates {map_}")


@cli.command()
@templates_option("Map met eigen sjablonen; haar bronnen.yaml vervangt bronnen met dezelfde sleutel.")
def bronnen(sjablonen):
    """Toon het register van juridische bronnen: citeerwijze, officiële bron, wat nog te controleren is.

    Elk sjabloon haalt zijn verwijzingen naar wetten, decreten en verordeningen uit dit
    register; een juridische dienst past één plaats aan voor alle documenten.
    """
    from generator.dossier.bronnen import load_register, overview

    click.echo(overview(load_register(sjablonen)))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres waarop het formulier luistert; een ander adres dan deze computer vraagt --token.")
@click.option("--poort", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Poort waarop het formulier luistert (0: een vrije poort).")
@click.option("--token", envvar="IAO_WEB_TOKEN", help="Wachtwoord dat de browser moet geven (ook via IAO_WEB_TOKEN); verplicht voor een ander adres.")
@click.option(
    "--server",
    type=click.Choice(["werkzeug", "waitress"]),
    default="werkzeug",
    show_default=True,
    help="werkzeug: voor één persoon op deze computer; waitress: een productieserver voor meer gebruikers (ook op Windows).",
)
@click.option(
    "--achter-proxy",
    "proxies",
    type=click.IntRange(0, 5),
    default=0,
    show_default=True,
    help="Aantal reverse proxy's voor de server wier X-Forwarded-koppen gelden (0: geen proxy).",
)
def web(host, poort, token, server, proxies):
    """Vul het academieprofiel in een webformulier in, met de controles, en download het dossier.

    Start een kleine webtoepassing op deze computer en toont het adres om in de
    browser te openen. Ze bewaart niets: de antwoorden staan in de browser.
    """
    from generator.web import serve

    serve(host, poort, token, click.echo, server, proxies)


def _word_text(param, value: str) -> str:
    """An option value that goes into a Word document: refuse what Word cannot hold."""
    from generator.profile.yamlsource import unwritable

    reason = unwritable(value)
    if reason:
        raise click.BadParameter(f"{reason}.", param=param)
    return value


def main() -> None:
    # A console that cannot show a character (PYTHONIOENCODING=ascii, an old Windows
    # code page) shows '?' instead of stopping with a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    cli(prog_name="iao")
