"""Turn a validated profile into the variables the templates use.

Templates see the profile's own sections under their own names (`academie.naam`,
`planning.gemeenteraad`, `afstandsonderwijs.vakken`, ...) plus a few derived
values, listed in DERIVED, that would otherwise be repeated as logic in every
template. Formatting (dates, percentages) is done by template filters in
rendering.py, so legal advisers can see in the template what is printed.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.dossier.bronnen import Register, load_register
from generator.dossier.jaarplanning import jaarplanning
from generator.dossier.rendering import article_text, escaped
from generator.dossier.steps import BY_KEY, stappen_context
from generator.profile.model import ORGANEN, Profiel

DERIVED = {
    "startjaar": "eerste kalenderjaar van het schooljaar (2027)",
    "eindjaar": "tweede kalenderjaar van het schooljaar (2028)",
    "inwerkingtreding": "1 september van het schooljaar (datum)",
    "bestuur": "'gemeente' of 'stad': hoe het schoolbestuur zichzelf noemt",
    "bestuur_naam": "het schoolbestuur in lopende tekst, met lidwoord: 'de gemeente Voorbeeldstad', 'de stad Voorbeeldstad'",
    "arbeidsreglement_door": "wie de wijziging van het arbeidsreglement vaststelt, voluit",
    "overeenkomst_door": "wie de verwerkersovereenkomst sluit, voluit",
    "college_beslist": "true als het college het arbeidsreglement of de verwerkersovereenkomst vaststelt",
    "thuiswerk": "true als leerkrachten van thuis uit IAO mogen geven",
    "opnames_toegelaten": "true als leerlingen of leerkrachten met toestemming mogen opnemen",
    "geevalueerde_vakken": "de IAO-vakken waarvan de IAO-leerinhouden geëvalueerd worden",
    "buiten_eer": "true als de gegevens buiten de EER opgeslagen worden",
    "nieuwe_overeenkomst": "true als een nieuwe verwerkersovereenkomst gesloten wordt (false: addendum)",
    "jaarplanning": "de lesweken zonder schoolvakanties en per IAO-vak de verdeling contact/IAO (vakken, vakanties, eigen_kalender, bron): zie generator/dossier/jaarplanning.py",
    "doorgifte": "de doorgifte buiten de EER: `zin` (dezelfde zin in elk document), `ontvangers` (ontvanger, land, grond, module)",
    "bronnen": "het register van juridische bronnen; gebruik bron('sleutel'), bron('sleutel', 'kort') en artikel('sleutel', 'artikel')",
    "vaststelling_arbeidsreglement": "datum waarop de wijziging van het arbeidsreglement vastgesteld wordt (stap 2c: de gemeenteraad, of een week eerder het college)",
    "stappen": "de stappen van het stappenplan (fase, nr, wat, wie, datum, wanneer, documenten): zie generator/dossier/steps.py",
}


def build_context(profiel: Profiel, register: Register | None = None) -> dict:
    """All template variables for one profile (legal references from `register`,
    by default the register of the default templates)."""
    register = register or load_register()
    context = profiel.model_dump()
    start = profiel.startjaar
    bestuur = profiel.schoolbestuur
    context.update(
        startjaar=start,
        eindjaar=start + 1,
        inwerkingtreding=profiel.schooljaar_start,
        bestuur=bestuur.soort,
        bestuur_naam=naam_in_tekst(bestuur.naam, bestuur.soort),
        arbeidsreglement_door=ORGANEN[bestuur.arbeidsreglement_vastgesteld_door],
        overeenkomst_door=ORGANEN[bestuur.verwerkersovereenkomst_gesloten_door],
        college_beslist=profiel.college_beslist,
        thuiswerk=profiel.personeel.inzet in ("thuis", "academie_of_thuis"),
        opnames_toegelaten=profiel.opnames_toegelaten,
        geevalueerde_vakken=[v for v in context["afstandsonderwijs"]["vakken"] if v["geevalueerd"]],
        buiten_eer=profiel.verwerker.opslaglocatie == "buiten_EER",
        nieuwe_overeenkomst=not profiel.verwerker.bestaande_overeenkomst,
        jaarplanning=jaarplanning(profiel),
        stappen=stappen_context(profiel),
        vaststelling_arbeidsreglement=BY_KEY["besluitvorming-2c"].datum(profiel),
        doorgifte=doorgifte(profiel, register),
        bronnen=register,
    )
    return context


def naam_in_tekst(naam: str, soort: str) -> str:
    """The school board as running text names it: 'Gemeente Voorbeeldstad' becomes
    'de gemeente Voorbeeldstad'; a bare name gets its kind ('de stad Voorbeeldstad')."""
    eerste, _, rest = naam.partition(" ")
    if eerste.lower() in ("gemeente", "stad") and rest:
        return f"de {eerste.lower()} {rest}"
    return f"de {soort} {naam}"


def doorgifte(profiel: Profiel, register: Register) -> dict:
    """The transfer outside the EEA, described once for every document that mentions it.

    Module two of the standard contractual clauses covers the processor itself
    outside the EEA, module three a sub-processor there (processor to processor)."""
    verwerker = profiel.verwerker
    if verwerker.opslaglocatie == "EER":
        zin = (
            "De persoonsgegevens worden uitsluitend binnen de Europese Economische Ruimte (EER) "
            "opgeslagen en verwerkt; er worden geen persoonsgegevens doorgegeven naar een land buiten de EER."
        )
        return {"zin": zin, "ontvangers": []}
    ontvangers = []
    for transfer in verwerker.doorgiften:
        module = None
        if transfer.mechanisme == "standaardcontractbepalingen":
            module = "module_twee" if transfer.ontvanger == verwerker.naam else "module_drie"
        ontvangers.append({"ontvanger": transfer.ontvanger, "land": transfer.land, "grond": _grond(transfer.mechanisme, module, register), "module": module})
    # the country in brackets: a free-text name reads right without knowing its article (de Verenigde Staten)
    delen = [Markup("aan {} ({}), op grond van {}").format(escaped(o["ontvanger"]), escaped(o["land"]), o["grond"]) for o in ontvangers]
    zin = Markup("Een deel van de persoonsgegevens wordt doorgegeven naar een land buiten de Europese Economische Ruimte (EER): {}.").format(
        Markup("; ").join(delen)
    )
    return {"zin": zin, "ontvangers": ontvangers}


def _grond(mechanisme: str | None, module: str | None, register: Register) -> Markup:
    if mechanisme == "adequaatheidsbesluit":
        return Markup("een adequaatheidsbesluit van de Europese Commissie voor dat land ({} {})").format(
            article_text(register.artikel("avg", "adequaatheid")), register.bron("avg").kort
        )
    scc = register.bron("scc_2021_914")
    onderdeel = register.artikel("scc_2021_914", module or "module_twee")
    return Markup("{}, {} ({})").format(scc.kort, article_text(onderdeel), onderdeel.onderwerp.split(" (")[0])
