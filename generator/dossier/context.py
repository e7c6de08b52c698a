"""Turn a validated profile into the variables the templates use.

Templates see the profile's own sections under their own names (`academie.naam`,
`planning.gemeenteraad`, `afstandsonderwijs.vakken`, ...) plus a few derived
values, listed in DERIVED, that would otherwise be repeated as logic in every
template. Formatting (dates, percentages) is done by template filters in
filters.py, so legal advisers can see in the template what is printed.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.dossier.bronnen import Register, load_register
from generator.dossier.filters import article_text, escaped, placeholder
from generator.dossier.jaarplanning import jaarplanning
from generator.dossier.stappenplan import stappen_context
from generator.dossier.steps import BY_KEY
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
    "doorgifte": "de doorgifte buiten de EER: `zin` (dezelfde zin in elk document), `verbintenis` (in de verwerkersovereenkomst), `verklaring` (de verklaring van de aanbieder), `kopie` (waar de standaardcontractbepalingen op te vragen zijn), `ontvangers` (ontvanger, land, rol, grond, module, besluit, certificering, dpf_mogelijk), `verwerker` en `subverwerkers`",
    "verwerker_registratie": "hoe de verwerker als onderneming geïdentificeerd wordt: in de KBO, of in het register van zijn eigen land",
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
        verwerker_registratie=verwerker_registratie(profiel),
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


def verwerker_registratie(profiel: Profiel) -> Markup:
    """'ingeschreven in ... onder het nummer ...': the KBO for a Belgian company, else
    the register of the country where the processor is registered."""
    verwerker = profiel.verwerker
    if verwerker.belgisch:
        nummer = escaped(verwerker.ondernemingsnummer) if verwerker.ondernemingsnummer else placeholder("ondernemingsnummer van de verwerker")
        return Markup("ingeschreven in de Kruispuntbank van Ondernemingen onder het nummer {}").format(nummer)
    naam = escaped(verwerker.ondernemingsregister) if verwerker.ondernemingsregister else placeholder("naam van het ondernemingsregister")
    nummer = escaped(verwerker.registratienummer) if verwerker.registratienummer else placeholder("registratienummer van de verwerker")
    return Markup("ingeschreven in {} ({}) onder het nummer {}").format(naam, escaped(verwerker.registratieland), nummer)


def doorgifte(profiel: Profiel, register: Register) -> dict:
    """The transfer outside the EEA, described once for every document that mentions it.

    `zin` is the one sentence the regulations, the letter, the consent form and the
    decisions print; `verbintenis` what the processing agreement binds the processor to;
    `verklaring` (storage in the EEA) the provider's own statement that the screening
    checks. When the processor itself is outside the EEA, all data go there (art. 44 AVG):
    `verwerker` is that transfer, `subverwerkers` the onward ones. Module two of the
    standard contractual clauses covers the processor itself, module three a
    sub-processor; `kopie` says where a copy of the clauses can be obtained (art. 13 AVG)."""
    verwerker = profiel.verwerker
    if verwerker.opslaglocatie == "EER":
        verklaring = (
            "Volgens de aanbieder van het platform worden de persoonsgegevens uitsluitend binnen de Europese Economische Ruimte (EER) "
            "opgeslagen en verwerkt en worden er geen persoonsgegevens doorgegeven naar een land buiten de EER."
        )
        zin = Markup("{} De screening van het platform heeft dat bevestigd op {}.").format(verklaring, placeholder("datum van de bevestiging in de screening"))
        verbintenis = (
            "De verwerker verwerkt en bewaart de persoonsgegevens uitsluitend binnen de Europese Economische Ruimte (EER) "
            "en geeft geen persoonsgegevens door naar een land buiten de EER."
        )
        return {"zin": zin, "verklaring": verklaring, "verbintenis": verbintenis, "ontvangers": [], "verwerker": None, "subverwerkers": [], "kopie": None}
    ontvangers = [_ontvanger(transfer, transfer.ontvanger == verwerker.naam, register) for transfer in verwerker.doorgiften]
    eigen = next((o for o in ontvangers if o["rol"] == "verwerker"), None)
    verder = [o for o in ontvangers if o["rol"] != "verwerker"]
    avg = register.bron("avg").kort
    beginsel = Markup("{} van de {}").format(article_text(register.artikel("avg", "doorgifte_beginsel")), avg)
    zinnen = []
    if eigen:
        zinnen.append(
            Markup(
                "{} geeft alle persoonsgegevens die voor het interactief afstandsonderwijs verwerkt worden door naar een land buiten de "
                "Europese Economische Ruimte (EER) ({}): de aanbieder van het platform verwerkt ze als verwerker in een derde land ({}), op grond van {}."
            ).format(
                _hoofdletter(naam_in_tekst(profiel.schoolbestuur.naam, profiel.schoolbestuur.soort)),
                beginsel,
                escaped(eigen["land"]),
                eigen["grond"],
            )
        )
    if verder:
        delen = Markup("; ").join(Markup("aan {} ({}), op grond van {}").format(escaped(o["ontvanger"]), escaped(o["land"]), o["grond"]) for o in verder)
        if eigen:
            zinnen.append(Markup("De verwerker geeft een deel van die persoonsgegevens verder door: {}.").format(delen))
        else:
            zinnen.append(
                Markup("Een deel van de persoonsgegevens wordt doorgegeven naar een land buiten de Europese Economische Ruimte (EER) ({}): {}.").format(
                    beginsel, delen
                )
            )
    zin = Markup(" ").join(zinnen)
    kopie = None
    if any(o["module"] for o in ontvangers):
        dpo = profiel.schoolbestuur.functionaris_gegevensbescherming
        adres = Markup(" ({})").format(escaped(dpo.email)) if dpo and dpo.email else Markup("")
        kopie = Markup(
            "Een kopie van de standaardcontractbepalingen kan opgevraagd worden bij de functionaris voor gegevensbescherming{} ({}, van de {})."
        ).format(adres, article_text(register.artikel("avg", "informatie_doorgifte")), avg)
    return {"zin": zin, "verklaring": zin, "verbintenis": zin, "ontvangers": ontvangers, "verwerker": eigen, "subverwerkers": verder, "kopie": kopie}


def _hoofdletter(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ontvanger(transfer, is_verwerker: bool, register: Register) -> dict:
    """One recipient outside the EEA, with the ground of the transfer cited from the register:
    the adequacy decision for its country by number, or the module of the clauses."""
    module = besluit = None
    if transfer.mechanisme == "standaardcontractbepalingen":
        module = "module_twee" if is_verwerker else "module_drie"
    elif transfer.mechanisme == "adequaatheidsbesluit":
        besluit = register.adequaatheidsbesluit(transfer.land or "")
    in_de_vs = register.adequaatheidsbesluit(transfer.land or "") == "adequaatheidsbesluit_eu_vs"
    return {
        "ontvanger": transfer.ontvanger,
        "land": transfer.land,
        "rol": "verwerker" if is_verwerker else "subverwerker",
        "module": module,
        "besluit": besluit,
        # the EU-US decision covers only organisations on the Data Privacy Framework List
        "certificering": besluit == "adequaatheidsbesluit_eu_vs",
        # a US recipient under the clauses: if it is on that list, the EU-US decision may be the ground
        "dpf_mogelijk": module is not None and in_de_vs,
        "grond": _grond(transfer, module, besluit, register),
    }


def _grond(transfer, module: str | None, besluit: str | None, register: Register) -> Markup:
    avg = register.bron("avg").kort
    if transfer.mechanisme == "adequaatheidsbesluit":
        artikel45 = Markup("{} van de {}").format(article_text(register.artikel("avg", "adequaatheid")), avg)
        if besluit is None:
            nummer = placeholder(f"nummer van het adequaatheidsbesluit voor {transfer.land or 'dat land'}")
            return Markup("een adequaatheidsbesluit van de Europese Commissie voor dat land, {} ({})").format(nummer, artikel45)
        bron = register.bron(besluit)
        nummer = Markup(article_text(bron.artikels["besluit"]))
        if "vernieuwing" in bron.artikels:
            nummer = Markup("{}, vernieuwd bij {}").format(nummer, article_text(bron.artikels["vernieuwing"]))
        if besluit == "adequaatheidsbesluit_eu_vs":
            return Markup("{}, {}, voor zover de ontvanger op de lijst van het EU-VS-gegevensprivacykader staat ({})").format(bron.kort, nummer, artikel45)
        return Markup("{}, {} ({})").format(bron.kort, nummer, artikel45)
    scc = register.bron("scc_2021_914")
    onderdeel = register.artikel("scc_2021_914", module or "module_twee")
    return Markup("{}, {} ({})").format(scc.kort, article_text(onderdeel), onderdeel.onderwerp.split(" (")[0])
