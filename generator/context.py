"""Turn a validated profile into the variables the templates use.

Templates see the profile's own sections under their own names (`academie.naam`,
`planning.gemeenteraad`, `afstandsonderwijs.vakken`, ...) plus a few derived
values, listed in DERIVED, that would otherwise be repeated as logic in every
template. Formatting (dates, percentages) is done by template filters in
rendering.py, so legal advisers can see in the template what is printed.
"""

from __future__ import annotations

from .jaarplanning import jaarplanning
from .profile import ORGANEN, Profiel
from .steps import stappen_context

DERIVED = {
    "startjaar": "eerste kalenderjaar van het schooljaar (2027)",
    "eindjaar": "tweede kalenderjaar van het schooljaar (2028)",
    "inwerkingtreding": "1 september van het schooljaar (datum)",
    "bestuur": "'gemeente' of 'stad': hoe het schoolbestuur zichzelf noemt",
    "arbeidsreglement_door": "wie de wijziging van het arbeidsreglement vaststelt, voluit",
    "overeenkomst_door": "wie de verwerkersovereenkomst sluit, voluit",
    "college_beslist": "true als het college het arbeidsreglement of de verwerkersovereenkomst vaststelt",
    "thuiswerk": "true als leerkrachten van thuis uit IAO mogen geven",
    "opnames_toegelaten": "true als leerlingen of leerkrachten met toestemming mogen opnemen",
    "geevalueerde_vakken": "de IAO-vakken waarvan de IAO-leerinhouden geëvalueerd worden",
    "buiten_eer": "true als de gegevens buiten de EER opgeslagen worden",
    "nieuwe_overeenkomst": "true als een nieuwe verwerkersovereenkomst gesloten wordt (false: addendum)",
    "jaarplanning": "per IAO-vak de lesweken (week, maandag, contact of IAO) en de telling: zie generator/jaarplanning.py",
    "stappen": "de stappen van het stappenplan (fase, nr, wat, wie, datum, wanneer, documenten): zie generator/steps.py",
}


def build_context(profiel: Profiel) -> dict:
    """All template variables for one profile."""
    context = profiel.model_dump()
    start = profiel.startjaar
    bestuur = profiel.schoolbestuur
    context.update(
        startjaar=start,
        eindjaar=start + 1,
        inwerkingtreding=profiel.schooljaar_start,
        bestuur=bestuur.soort,
        arbeidsreglement_door=ORGANEN[bestuur.arbeidsreglement_vastgesteld_door],
        overeenkomst_door=ORGANEN[bestuur.verwerkersovereenkomst_gesloten_door],
        college_beslist=profiel.college_beslist,
        thuiswerk=profiel.personeel.inzet in ("thuis", "academie_of_thuis"),
        opnames_toegelaten="enkel_met_toestemming" in (profiel.opnames.leerlingen, profiel.opnames.leerkrachten),
        geevalueerde_vakken=[v for v in context["afstandsonderwijs"]["vakken"] if v["geevalueerd"]],
        buiten_eer=profiel.verwerker.opslaglocatie == "buiten_EER",
        nieuwe_overeenkomst=not profiel.verwerker.bestaande_overeenkomst,
        jaarplanning=jaarplanning(profiel),
        stappen=stappen_context(profiel),
    )
    return context
