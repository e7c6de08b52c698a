"""The register of legal references (templates/bronnen.yaml) and `iao bronnen`."""

from __future__ import annotations

import pytest

from generator import bronnen
from generator.errors import ProfileError

CUSTOM = """\
avg:
  titel: eigen titel van de AVG
  kort: AVG
  bron: https://eur-lex.europa.eu/eli/reg/2016/679/oj
  gecontroleerd_op: 2026-11-30
  artikels_geverifieerd: false
  artikels:
    verwerker:
      nummer: artikel 28
      onderwerp: verwerker
      geverifieerd: false
      noot: controleer het nummer
"""


def test_custom_register_replaces_an_entry_of_the_default(tmp_path):
    (tmp_path / "bronnen.yaml").write_text(CUSTOM, encoding="utf-8")
    register = bronnen.load_register(tmp_path)
    assert register.bron("avg").titel == "eigen titel van de AVG"
    assert register.files[-1] == str(tmp_path / "bronnen.yaml")
    assert ("avg", "verwerker") in [(key, name) for key, name, _ in register.unverified()]


def test_unknown_reference_is_a_dutch_error(tmp_path):
    register = bronnen.load_register()
    with pytest.raises(bronnen.RegisterError, match="'bestaat_niet', maar die staat niet in het register"):
        register.bron("bestaat_niet")
    with pytest.raises(bronnen.RegisterError, match="artikel 'bestaat_niet'"):
        register.artikel("avg", "bestaat_niet")


def test_broken_register_names_file_line_and_field(tmp_path):
    (tmp_path / "bronnen.yaml").write_text(CUSTOM.replace("  kort: AVG\n", ""), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        bronnen.load_register(tmp_path)
    problem = info.value.problems[0]
    assert problem.field == "avg.kort" and problem.file.endswith("bronnen.yaml")
    assert "ontbreekt" in problem.message


def test_overview_lists_every_reference_with_source_and_state():
    register = bronnen.load_register()
    text = bronnen.overview(register)
    for key, bron in register.entries.items():
        assert f"{key}: {bron.titel}" in text and bron.bron in text
    assert f"waarvan {len(register.unverified())} nog te controleren" in text
