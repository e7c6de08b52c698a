"""The `iao` command line: a thin layer over the library.

Heavy libraries (pydantic, docxtpl, python-docx, Babel) are imported inside the
commands that need them, so `iao --help` starts fast.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from . import __version__
from .errors import IaoError

EXIT_OK, EXIT_RULES, EXIT_INPUT = 0, 1, 2


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
    from .checking import check_profile, report

    outcome = check_profile(profiel)
    click.echo(report(outcome))
    sys.exit(outcome.exit_code)


@cli.command()
def schema():
    """Schrijf het JSON Schema van het profiel (voor editors die YAML aanvullen)."""
    import json

    from .profile import profile_schema

    click.echo(json.dumps(profile_schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("bestand", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--voorbeeld", is_flag=True, help="Schrijf het voorbeeldprofiel zonder vragen.")
def init(bestand, voorbeeld):
    """Maak een nieuw academieprofiel BESTAND door vragen te beantwoorden."""
    from .resources import example_profile

    if bestand.exists() and not click.confirm(f"{bestand} bestaat al. Overschrijven?", default=False):
        click.echo("Niets geschreven.")
        sys.exit(EXIT_OK)
    if voorbeeld:
        shutil.copyfile(example_profile(), bestand)
    else:
        from .interview import interview

        bestand.write_text(interview(), encoding="utf-8")
    click.echo(f"Profiel geschreven: {bestand}. Controleer het met: iao check {bestand}")


def main() -> None:
    cli(prog_name="iao")
