"""`pip install .` gives a working iao whose templates and example profile ship inside the package."""

import subprocess
import sys
import zipfile

import pytest

from tests.dossier import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)], check=True, capture_output=True, timeout=300)
    return next(out.glob("iao-*.whl"))


def test_wheel_ships_templates_and_example_profile(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "generator/inputs/voorbeeld.yaml" in names
    assert "generator/templates/academiereglement/academiereglement.docx" in names
    assert any(n.startswith("iao-") and n.endswith("entry_points.txt") for n in names)


def test_installed_package_generates_from_its_own_templates(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; from generator.resources import templates_dir, example_profile;"
        "assert str(templates_dir()).startswith(sys.argv[1]), templates_dir();"
        "from generator.cli import main; sys.argv=['iao','generate',str(example_profile()),'-o',sys.argv[2]]; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site), str(tmp_path / "uitvoer")], capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(site)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "uitvoer" / "academiereglement-wijziging-2027-2028.docx").is_file()
