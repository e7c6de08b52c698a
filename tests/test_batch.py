"""`iao generate A.yaml B.yaml ...`: one folder per profile, bad profiles skipped,
the worst exit code, a summary table; prepared templates; lazy imports."""

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import rendering
from generator.word import docxfile
from tests.dossier import ROOT, kind, variant


def _write(folder: Path, name: str, data: dict) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _generate(*args):
    return CliRunner().invoke(cli, ["generate", *map(str, args)])


@pytest.fixture
def three_profiles(tmp_path):
    good_a = _write(tmp_path, "academie-a.yaml", variant(**{"academie.naam": "Academie A"}))
    good_b = _write(tmp_path, "academie-b.yaml", variant(**{"academie.naam": "Academie B"}))
    bad = _write(tmp_path, "academie-c.yaml", variant(**{"afstandsonderwijs.vakken.0.aandeel_procent": 100}))
    return good_a, good_b, bad


def _table_row(output: str, name: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.split()[:1] == [name])


def test_batch_makes_a_folder_per_good_profile_and_reports_the_bad_one(tmp_path, three_profiles):
    out = tmp_path / "uitvoer"
    result = _generate(*three_profiles, "-o", out)
    assert result.exit_code == 1, result.output
    for name in ("academie-a", "academie-b"):
        assert len(list((out / name).glob("*.docx"))) >= 8
    assert not (out / "academie-c").exists() or not any((out / "academie-c").iterdir())
    assert not list(out.glob("*.docx"))  # nothing directly in -o with several profiles
    assert _table_row(result.output, "profiel") == ["profiel", "documenten", "waarschuwingen", "fouten"]
    documents = len(list((out / "academie-a").glob("*.docx"))) + len(list((out / "academie-a").glob("*.ics")))
    assert _table_row(result.output, "academie-a")[1] == str(documents)
    bad_row = _table_row(result.output, "academie-c")
    assert bad_row[1] == "0" and int(bad_row[3]) >= 1
    assert "R2" in result.output and "niets gemaakt" in result.output


def test_batch_exit_code_is_the_worst(tmp_path, three_profiles):
    good_a, _good_b, bad = three_profiles
    result = _generate(good_a, bad, tmp_path / "bestaat-niet.yaml", "-o", tmp_path / "uitvoer")
    assert result.exit_code == 2, result.output  # unreadable beats a broken rule
    assert (tmp_path / "uitvoer" / "academie-a").is_dir()


def test_batch_output_is_byte_identical_to_single_profile_generation(tmp_path, three_profiles):
    good_a, good_b, _bad = three_profiles
    assert _generate(good_a, "-o", tmp_path / "enkel").exit_code == 0
    assert _generate(good_a, good_b, "-o", tmp_path / "batch").exit_code == 0

    def files(folder):  # every file, the hidden .iao folder of `iao update` included
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert files(tmp_path / "enkel") == files(tmp_path / "batch" / "academie-a")


def test_prepared_template_gives_the_bytes_of_plain_docxtpl():
    """The fast path does what DocxTemplate.render + save + normalize_zip does."""
    from docxtpl import DocxTemplate

    from generator.dossier.context import build_context
    from generator.dossier.generation import template_for
    from generator.profile.loading import profile_from_data

    data = variant(**{"academie.naam": "A & B <{{ x }}>", "schoolbestuur.burgemeester": None})
    context = build_context(profile_from_data(data).profiel)
    for name in ("academiereglement", "verwerkersovereenkomst", "jaarplanning"):
        path = template_for(kind(name), None)
        template = DocxTemplate(str(path))
        template.render(context, jinja_env=rendering.environment(), autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
        # The properties are ours (tests/test_hardening_input.py), the rest is docxtpl's.
        ours = zipfile.ZipFile(io.BytesIO(rendering.render(path, context, notes_as_comments=False)))
        plain = zipfile.ZipFile(io.BytesIO(docxfile.normalize_zip(buffer.getvalue())))
        properties = {"docProps/core.xml", "docProps/app.xml", "_rels/.rels"}
        assert ours.namelist() == plain.namelist(), name
        # ... and the articles after the first on the level "Art. 2." (rendering.number_articles)
        later_articles = re.compile(rb'<w:numPr><w:ilvl w:val="1"/><w:numId w:val="\d+"/></w:numPr>')
        assert all(later_articles.sub(b"", ours.read(n)) == plain.read(n) for n in ours.namelist() if n not in properties), name
        fast = rendering.render(path, context)
        assert rendering.placeholders_in_docx(fast) == rendering.placeholders_in(rendering.document_texts(fast))
        assert docxfile.paragraph_texts(fast) == rendering.document_texts(fast)


def test_a_changed_template_is_prepared_again(tmp_path):
    from docx import Document

    from generator.dossier.context import build_context
    from generator.profile.loading import profile_from_data

    context = build_context(profile_from_data(variant()).profiel)
    path = tmp_path / "sjabloon.docx"
    document = Document()
    document.add_paragraph("Eerst {{ academie.naam }}.")
    document.save(path)
    first = rendering.document_texts(rendering.render(path, context))
    document = Document()
    document.add_paragraph("Daarna, met een langere tekst, {{ academie.naam }}.")
    document.save(path)
    second = rendering.document_texts(rendering.render(path, context))
    assert first[0].startswith("Eerst") and second[0].startswith("Daarna")


def test_help_and_check_do_not_import_the_document_libraries():
    script = (
        "import sys\n"
        "from generator.cli import cli\n"
        "for args in (['--help'], ['check', 'inputs/voorbeeld.yaml']):\n"
        "    try:\n"
        "        cli(args, prog_name='iao')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = {'docxtpl', 'docx', 'lxml', 'babel'} & {m.split('.')[0] for m in sys.modules}\n"
        "print('HEAVY', sorted(heavy), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in done.stderr, done.stderr


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run `iao ARGS` with stderr on a pseudo-terminal; return (exit code, stderr)."""
    import pty

    parent, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=child, env={**os.environ, "COLUMNS": "80"}
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(parent)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pty")
def test_progress_bar_on_a_terminal_and_quiet_with_stil(tmp_path, three_profiles):
    good_a, good_b, _bad = three_profiles
    code, stderr = _run_on_a_terminal(["generate", str(good_a), str(good_b), "-o", str(tmp_path / "a")], ROOT)
    assert code == 0 and "Profielen" in stderr, stderr
    code, stderr = _run_on_a_terminal(["generate", str(good_a), str(good_b), "-o", str(tmp_path / "b"), "-q"], ROOT)
    assert code == 0 and "Profielen" not in stderr, stderr


def test_no_progress_when_not_a_terminal(tmp_path, three_profiles):
    good_a, good_b, _bad = three_profiles
    result = CliRunner().invoke(cli, ["generate", str(good_a), str(good_b), "-o", str(tmp_path / "u")])
    assert result.exit_code == 0, result.output
    assert "Profielen" not in result.output


def test_batch_library_runs_in_process_with_one_worker(tmp_path, three_profiles):
    from generator.dossier.batch import run_batch

    seen = []
    result = run_batch(three_profiles, tmp_path / "u", workers=1, on_done=lambda r: seen.append(r.name))
    assert sorted(seen) == ["academie-a", "academie-b", "academie-c"]
    assert result.exit_code == 1
    assert [r.failed for r in result.profiles] == [False, False, True]
    names = {Path(n).name for n in zipfile.ZipFile(next((tmp_path / "u" / "academie-a").glob("*.docx"))).namelist()}
    assert "document.xml" in names


# ----------------------------------------------- hardening (issue 15): folders, failures, SIGTERM


def _everything_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_a_profile_name_that_would_leave_the_output_folder_is_refused(tmp_path):
    good = _write(tmp_path, "academie-a.yaml", variant())
    dots = _write(tmp_path, "...yaml", variant())  # stem "..": the dossier would land beside uitvoer/
    out = tmp_path / "werk" / "uitvoer"
    before = _everything_under(tmp_path)
    result = _generate(good, dots, "-o", out)
    assert result.exit_code == 2, result.output
    assert "de map van dit profiel krijgt de naam van het bestand" in result.output
    assert "1 van 2 profielen gemaakt" in result.output
    assert {p for p in _everything_under(tmp_path) - before if out not in p.parents} == {out, out.parent}


def test_two_profiles_for_one_folder_do_not_overwrite_each_other(tmp_path):
    (tmp_path / "x").mkdir()
    first = _write(tmp_path, "Academie.yaml", variant(**{"academie.naam": "Eerste"}))
    same = _write(tmp_path / "x", "Academie.yaml", variant(**{"academie.naam": "Tweede"}))
    case = _write(tmp_path / "x", "academie.yaml", variant(**{"academie.naam": "Derde"}))  # one folder on macOS
    out = tmp_path / "uitvoer"
    result = _generate(first, same, case, "-o", out)
    assert result.exit_code == 2 and result.output.count("dezelfde mapnaam") == 2, result.output
    assert [p.name for p in out.iterdir()] == ["Academie"]
    text = docxfile.paragraph_texts(next((out / "Academie").glob("academiereglement*.docx")).read_bytes())
    assert any("Eerste" in t for t in text) and not any("Tweede" in t or "Derde" in t for t in text)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_planted_link_as_a_profile_folder_is_refused(tmp_path, three_profiles):
    good_a, good_b, _bad = three_profiles
    out, elsewhere = tmp_path / "uitvoer", tmp_path / "elders"
    out.mkdir()
    elsewhere.mkdir()
    (out / "academie-a").symlink_to(elsewhere)
    result = _generate(good_a, good_b, "-o", out)
    assert result.exit_code == 2 and "symbolische koppeling" in result.output, result.output
    assert not any(elsewhere.iterdir()) and any((out / "academie-b").glob("*.docx"))


def _failing_template(folder: Path, when: str) -> Path:
    """Custom templates whose academiereglement fails for the academy named `when`."""
    from docx import Document

    assert CliRunner().invoke(cli, ["templates", "export", str(folder)]).exit_code == 0
    template = folder / "academiereglement" / "academiereglement.docx"
    document = Document(template)
    document.add_paragraph("{{ 1 // (0 if academie.naam == '" + when + "' else 1) }}")
    document.save(template)
    return folder


def test_a_profile_failing_in_its_template_does_not_stop_the_others(tmp_path, three_profiles):
    good_a, good_b, _bad = three_profiles
    third = _write(tmp_path, "academie-d.yaml", variant(**{"academie.naam": "Academie D"}))
    templates = _failing_template(tmp_path / "sjablonen", "Academie B")
    out = tmp_path / "uitvoer"
    result = _generate(good_a, good_b, third, "-o", out, "--templates", templates)
    assert result.exit_code == 1, result.output
    assert "2 van 3 profielen gemaakt" in result.output and "academie-b: er is niets gemaakt." in result.output
    assert _table_row(result.output, "academie-b")[1:] == ["0", "0", "1"]
    for name in ("academie-a", "academie-d"):
        assert any((out / name).glob("*.docx"))
    assert not (out / "academie-b").exists() or not any((out / "academie-b").iterdir())


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unexpected_error_in_one_profile_is_reported_and_the_others_are_made(tmp_path, monkeypatch, three_profiles, workers):
    from generator.dossier import generation
    from generator.dossier.batch import run_batch, summary

    real = generation.generate

    def broken_for_b(profile, *args, **kwargs):
        if Path(profile).stem == "academie-b":
            raise RuntimeError("kapot")
        return real(profile, *args, **kwargs)

    monkeypatch.setattr(generation, "generate", broken_for_b)  # the forked workers inherit it
    good_a, good_b, _bad = three_profiles
    result = run_batch([good_b, good_a], tmp_path / "u", workers=workers)
    text = summary(result)
    assert result.exit_code == 1 and "1 van 2 profielen gemaakt" in text
    assert "onverwachte fout bij het maken (RuntimeError: kapot); dit profiel is overgeslagen" in text
    assert any((tmp_path / "u" / "academie-a").glob("*.docx"))


def _children(pid: int) -> set[int]:
    listing = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(field) for field in listing.split()}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and ps --ppid")
def test_sigterm_to_the_batch_ends_its_workers(tmp_path):
    import signal
    import time

    profiles = [_write(tmp_path, f"p{n}.yaml", variant(**{"academie.naam": f"Academie {n}"})) for n in range(8)]
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", *map(str, profiles), "-o", str(tmp_path / "uitvoer"), "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            workers |= _children(process.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the batch started no workers"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == -signal.SIGTERM
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_alive, workers)), "a worker outlived the batch"
        assert not [p for p in (tmp_path / "uitvoer").rglob("*") if p.name.endswith(".tmp")]
    finally:
        for pid in workers | {process.pid}:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
