"""The whole run, top-down: check the profile, build the context, render, write.

outcome  = checking.check_profile(path)        # profile + rules
context  = context.build_context(profiel)      # template variables
dossier  = build_dossier(...)                  # rendered documents, in memory
report   = output.write_files(folder, ...)     # atomic, keeps edited files
pdfs     = pdf.write_pdfs(...)                 # --pdf: beside every .docx, one LibreOffice run
bundle   = bundle.write_bundle(...)            # --zip: the dossier and an index in one zip
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.dossier import documents, output, rendering
from generator.dossier.bronnen import load_register
from generator.dossier.bundle import write_bundle
from generator.dossier.context import build_context
from generator.dossier.pdf import PdfError, PdfSettings, pdf_name, write_pdfs
from generator.errors import EXIT_KEPT, EXIT_OK, EXIT_PDF, EXIT_RULES, IaoError
from generator.profile import checking
from generator.profile.model import LoadedProfile
from generator.resources import templates_dir
from generator.word import huisstijl


class ProfileRejected(IaoError):
    """The profile cannot be read or breaks a rule: nothing is generated."""

    def __init__(self, outcome: checking.Outcome):
        self.exit_code = outcome.exit_code
        super().__init__("er is niets gemaakt.\n" + checking.report(outcome))


class StrictError(IaoError):
    exit_code = EXIT_RULES


@dataclass
class Dossier:
    files: dict[str, bytes] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    placeholders: dict[str, list[str]] = field(default_factory=dict)
    to_check: dict[str, list[str]] = field(default_factory=dict)  # article numbers not verified yet


@dataclass
class Result:
    outcome: checking.Outcome
    dossier: Dossier
    report: output.WriteReport
    pdfs: output.WriteReport | None = None  # --pdf
    pdf_error: PdfError | None = None  # --pdf, but no PDFs: the documents are written all the same
    bundle: output.WriteReport | None = None  # --zip

    @property
    def exit_code(self) -> int:
        if self.pdf_error is not None:
            return EXIT_PDF
        reports = (self.report, self.pdfs, self.bundle)
        return EXIT_KEPT if any(report and report.kept for report in reports) else EXIT_OK


def docx_names(files: dict[str, bytes] | list[str]) -> list[str]:
    return [name for name in files if name.endswith(".docx")]


def bundled_names(files: dict[str, bytes] | list[str], with_pdfs: bool) -> list[str]:
    """The files of a dossier that go into its zip: all of them, and the PDFs if made."""
    return list(files) + ([pdf_name(name) for name in docx_names(files)] if with_pdfs else [])


def template_for(kind: documents.DocumentKind, custom: Path | None) -> Path:
    """The custom template of a kind if the user gave one, else the default."""
    if custom is not None and kind.template(custom).is_file():
        return kind.template(custom)
    return kind.template(templates_dir())


def build_dossier(loaded: LoadedProfile, custom_templates: Path | None = None, reference: huisstijl.Reference | None = None, final: bool = False) -> Dossier:
    context = build_context(loaded.profiel, load_register(custom_templates))
    style = huisstijl.for_run(reference, huisstijl.profile_logo(loaded))
    dossier = Dossier()
    for kind in documents.kinds_for(loaded.profiel):
        name = kind.filename(loaded.profiel)
        data = rendering.render(template_for(kind, custom_templates), context, final=final)
        if style is not None:  # --huisstijl or a logo: without them the bytes stay as rendered
            data = style.apply(data, kind.kind)
        dossier.files[name] = data
        dossier.titles[name] = kind.title
        found = rendering.placeholders_in_docx(data)
        if found:
            dossier.placeholders[name] = found
        checks = rendering.to_check_in_docx(data)
        if checks:
            dossier.to_check[name] = checks
    from generator.dossier import calendar  # the step plan as an agenda file, beside the documents

    name = calendar.filename(loaded.profiel)
    dossier.files[name] = calendar.ics(loaded.profiel)
    dossier.titles[name] = "Stappenplan als agendabestand (iCalendar)"
    return dossier


def _refuse_open(dossier: Dossier) -> None:
    """--definitief: nothing is written while a document still has a blank or an article number to check."""
    lines = []
    for name in dossier.files:
        open_items = dossier.placeholders.get(name, []) + [f"{number} (nog na te kijken)" for number in dossier.to_check.get(name, [])]
        if open_items:
            lines += [f"  {name}:"] + [f"    {item}" for item in dict.fromkeys(open_items)]
    if lines:
        raise StrictError("--definitief: er is niets geschreven, want deze documenten zijn nog niet af:\n" + "\n".join(lines))


def generate(
    profile: str | Path,
    folder: str | Path,
    custom_templates: Path | None = None,
    strict: bool = False,
    force: bool = False,
    reference_doc: Path | None = None,
    pdf: PdfSettings | None = None,
    bundle: bool = False,
    final: bool = False,
) -> Result:
    reference = huisstijl.load_reference(reference_doc) if reference_doc is not None else None
    outcome = checking.check_profile(profile)
    if outcome.exit_code or outcome.loaded is None:
        raise ProfileRejected(outcome)
    dossier = build_dossier(outcome.loaded, custom_templates, reference, final)
    if final:
        _refuse_open(dossier)
    if strict and dossier.placeholders:
        missing = "; ".join(f"{name}: {', '.join(found)}" for name, found in dossier.placeholders.items())
        raise StrictError(f"--strict: er ontbreken gegevens, er is niets geschreven. {missing}")
    report = output.write_files(Path(folder), dossier.files, force=force)
    kept_as_generated = {name: dossier.files[name] for name in report.written + report.unchanged}  # (not the kept ones)
    output.remember_generated(Path(folder), kept_as_generated, Path(profile).read_bytes())
    result = Result(outcome, dossier, report)
    if pdf is not None:
        try:
            result.pdfs = write_pdfs({Path(folder): docx_names(dossier.files)}, pdf, force=force)[Path(folder)]
        except PdfError as exc:
            result.pdf_error = exc
    if bundle and result.pdf_error is None:  # no zip that looks complete without the PDFs asked for
        result.bundle = write_bundle(Path(folder), outcome.loaded.profiel, bundled_names(dossier.files, pdf is not None), force=force)
    return result
