"""Many profiles at once: `iao generate A.yaml B.yaml ... -o uitvoer/`.

    results = run_batch(profiles, folder)   # uitvoer/A/..., uitvoer/B/...
    print(summary(results)); exit(results.exit_code)

Every profile is checked before it is generated; a profile that cannot be read,
breaks a rule, or fails while rendering (even by a bug) produces nothing and is
reported, the others are generated. A profile's folder is named after its file,
proven to stay inside the output folder (output.inside). Generation runs in
a small process pool; each worker renders through generation.generate, the same
code as a single profile (so the files are byte-identical), and keeps its own
prepared templates (rendering.prepared) for every profile it handles. SIGTERM
to the batch ends the workers too.
"""

from __future__ import annotations

import os
import signal
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from generator.dossier import output
from generator.dossier.pdf import PdfSettings
from generator.errors import EXIT_INPUT, EXIT_KEPT, EXIT_OK, EXIT_PDF, EXIT_RULES, IaoError
from generator.profile import checking

MAX_WORKERS = 2

# Worst first: the batch exits with the worst code of its profiles.
#   2 a profile cannot be read, 1 a profile breaks a rule (or a template or
#   --strict refuses it), 4 the documents are written but not the PDFs or the
#   zip, 3 edited documents were kept, 0 all in order.
SEVERITY = (EXIT_INPUT, EXIT_RULES, EXIT_PDF, EXIT_KEPT, EXIT_OK)


@dataclass
class ProfileResult:
    profile: str  # the path as given
    name: str  # the profile file's stem: the name of its folder
    folder: Path
    exit_code: int = 0
    documents: int = 0
    warnings: int = 0
    errors: int = 0
    placeholders: int = 0
    kept: list[str] = field(default_factory=list)
    message: str = ""  # why nothing was made, or (exit code 4) why no PDFs or zip (Dutch)
    files: list[str] = field(default_factory=list)  # the dossier's files, as generation wrote them

    @property
    def failed(self) -> bool:
        return self.exit_code in (EXIT_RULES, EXIT_INPUT)


@dataclass
class BatchResult:
    folder: Path
    profiles: list[ProfileResult]

    @property
    def exit_code(self) -> int:
        codes = {p.exit_code for p in self.profiles}
        return next((code for code in SEVERITY if code in codes), EXIT_OK)


def run_batch(
    profiles: Iterable[str | Path],
    folder: str | Path,
    custom_templates: Path | None = None,
    strict: bool = False,
    force: bool = False,
    workers: int | None = None,
    on_done: Callable[[ProfileResult], None] | None = None,
    reference_doc: Path | None = None,
    pdf: PdfSettings | None = None,
    bundle: bool = False,
) -> BatchResult:
    """Check every profile and generate each good one into folder/<stem>/.

    A profile is checked here before it goes to a worker; the workers generate
    while the next profiles are being checked.

    `workers`: processes to use (default min(2, number of profiles); 1 renders in
    this process). `on_done` is called in this process once per profile, as each
    is finished (for a progress bar).

    `pdf`, `bundle`: once every dossier is written, the PDFs of all of them are
    made in one LibreOffice run, then each dossier's zip."""
    folder = Path(folder)
    profiles = list(profiles)
    done = on_done or (lambda result: None)
    count = min(MAX_WORKERS if workers is None else workers, len(profiles))
    pool = ProcessPoolExecutor(max_workers=count, initializer=_worker_start) if count > 1 else None
    results: list[ProfileResult] = []
    futures = {}
    seen: dict[str, str] = {}
    with output.terminate_raises():  # SIGTERM raises, so that the workers are ended below
        try:
            for profile in profiles:
                result = _checked(profile, folder, seen)
                results.append(result)
                if result.exit_code:
                    done(result)
                    continue
                job = (result.profile, result.folder, custom_templates, strict, force, reference_doc)
                if pool is None:
                    _merge(result, generate_one(*job))
                    done(result)
                else:  # the workers generate while the next profiles are checked
                    futures[pool.submit(generate_one, *job)] = result
            for future in as_completed(futures):
                result = futures[future]
                try:
                    _merge(result, future.result())
                except Exception as exc:  # the worker died (killed, out of memory) or its result was lost
                    _failed(result, exc)
                done(result)
        except BaseException:  # Ctrl+C, SIGTERM: the workers stop now, not after their profile
            if pool is not None:
                _terminate(pool)
            raise
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    made = [result for result in results if not result.failed]
    if pdf is not None and made:
        _add_pdfs(made, pdf, force)
    if bundle:
        _add_bundles([result for result in made if result.exit_code != EXIT_PDF], pdf is not None, force)
    return BatchResult(folder, results)


def _add_pdfs(made: list[ProfileResult], settings: PdfSettings, force: bool) -> None:
    from generator.dossier.generation import docx_names
    from generator.dossier.pdf import write_pdfs

    try:
        reports = write_pdfs({result.folder: docx_names(result.files) for result in made}, settings, force=force)
    except IaoError as exc:  # no LibreOffice, or it hung: the same for every dossier
        for result in made:
            result.exit_code, result.message = EXIT_PDF, f"geen PDF's gemaakt (de Word-documenten wel): {exc}"
        return
    for result in made:
        _kept(result, reports[result.folder].kept)


def _add_bundles(made: list[ProfileResult], with_pdfs: bool, force: bool) -> None:
    from generator.dossier.bundle import write_bundle
    from generator.dossier.generation import bundled_names

    for result in made:
        outcome = checking.check_profile(result.profile)  # the profile again, for the zip's index
        try:
            if outcome.loaded is None:  # changed on disk since it was generated
                raise IaoError(checking.report(outcome))
            _kept(result, write_bundle(result.folder, outcome.loaded.profiel, bundled_names(result.files, with_pdfs), force=force).kept)
        except IaoError as exc:
            result.exit_code, result.message = EXIT_PDF, f"geen zip gemaakt (de documenten wel): {exc}"


def _kept(result: ProfileResult, kept: list[str]) -> None:
    if kept:
        result.kept += kept
        result.exit_code = result.exit_code or EXIT_KEPT


def _worker_start() -> None:
    """A worker ends at SIGTERM (it may have inherited our handler that raises),
    cleaning up a write in progress first (output.terminate_raises)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _terminate(pool: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor has no public way to end its workers before Python 3.14
    # (terminate_workers); without it a worker blocks forever once we are gone.
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()


def _checked(profile: str | Path, folder: Path, seen: dict[str, str]) -> ProfileResult:
    """The result of checking one profile; exit_code set if it cannot be generated."""
    name = Path(profile).stem
    result = ProfileResult(str(profile), name, folder / name)
    try:
        result.folder = output.inside(folder, name)
    except output.OutputError as exc:
        result.exit_code, result.errors = EXIT_INPUT, 1
        result.message = f"{profile}: de map van dit profiel krijgt de naam van het bestand, maar {exc}"
        return result
    key = unicodedata.normalize("NFC", name).casefold()  # one folder on Windows and macOS
    if key in seen:
        result.exit_code, result.errors = EXIT_INPUT, 1
        result.message = f"{profile}: dezelfde mapnaam '{name}' als {seen[key]}; geef de profielen verschillende bestandsnamen."
        return result
    seen[key] = str(profile)
    outcome = checking.check_profile(profile)
    result.warnings = len(outcome.warnings)
    if outcome.exit_code:
        result.exit_code = outcome.exit_code
        result.errors = len(outcome.problems) or len(outcome.errors)
        result.message = checking.report(outcome)
    return result


def generate_one(profile: str, folder: Path, custom_templates: Path | None, strict: bool, force: bool, reference_doc: Path | None = None) -> ProfileResult:
    """One profile, exactly as `iao generate PROFIEL -o folder` (runs in a worker)."""
    from generator.dossier.generation import generate

    result = ProfileResult(profile, Path(profile).stem, Path(folder))
    try:
        outcome = generate(profile, folder, custom_templates, strict=strict, force=force, reference_doc=reference_doc)
    except IaoError as exc:
        result.exit_code = getattr(exc, "exit_code", EXIT_RULES) or EXIT_RULES
        result.errors = 1
        result.message = f"{profile}: {exc}"
        return result
    except Exception as exc:  # a bug or an unforeseen failure: this profile only, the batch goes on
        _failed(result, exc)
        return result
    result.documents = len(outcome.dossier.files)
    result.warnings = len(outcome.outcome.warnings)
    result.placeholders = sum(len(found) for found in outcome.dossier.placeholders.values())
    result.kept = list(outcome.report.kept)
    result.exit_code = EXIT_KEPT if result.kept else EXIT_OK
    result.files = list(outcome.dossier.files)
    return result


def _failed(result: ProfileResult, exc: Exception) -> None:
    result.exit_code, result.errors = EXIT_RULES, 1
    result.message = (
        f"{result.profile}: onverwachte fout bij het maken ({type(exc).__name__}: {exc}); "
        f"dit profiel is overgeslagen. Meer details: iao --debug generate {result.profile}"
    )


def _merge(result: ProfileResult, generated: ProfileResult) -> None:
    for name in ("exit_code", "documents", "warnings", "errors", "placeholders", "kept", "message", "files"):
        setattr(result, name, getattr(generated, name))


def summary(batch: BatchResult) -> str:
    """The table at the end of a batch, and what went wrong, in Dutch."""
    header = ("profiel", "documenten", "waarschuwingen", "fouten")
    rows = [(r.name, str(r.documents), str(r.warnings), str(r.errors)) for r in batch.profiles]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        return "  ".join(cells).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in rows]
    good = [r for r in batch.profiles if not r.failed]
    failed = [r for r in batch.profiles if r.failed]
    lines.append("")
    lines.append(
        f"{len(good)} van {len(batch.profiles)} profielen gemaakt, elk in een eigen map onder {batch.folder}{os.sep}."
        if good
        else f"Geen enkel profiel gemaakt; er is niets geschreven in {batch.folder}."
    )
    placeholders = [r for r in good if r.placeholders]
    if placeholders:
        lines.append(
            "Nog in te vullen (geel gemarkeerd): "
            + ", ".join(f"{r.name} ({r.placeholders})" for r in placeholders)
            + ". Details: iao generate PROFIEL voor één profiel."
        )
    for result in good:
        if result.kept:
            lines.append(f"{result.name}: bewerkte documenten NIET overschreven: {', '.join(result.kept)} (--force vervangt ze, na een kopie).")
    for result in good:
        if result.exit_code == EXIT_PDF:
            lines.append(f"{result.name}: {result.message}")
    for result in failed:
        lines += ["", f"{result.name}: er is niets gemaakt.", result.message]
    return "\n".join(lines)
