# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
IAO    := $(VENV)/bin/iao
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench templates readme systeempakketten clean

# The venv is (re)built when the project's dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(IAO) check inputs/voorbeeld.yaml
	$(IAO) generate inputs/voorbeeld.yaml -o uitvoer/

# LibreOffice converts the generated documents to PDF in the tests;
# pdftoppm (poppler-utils) renders pages for a visual check; Debian's Chromium
# (with its driver) runs the browser tests of `iao web` (Playwright downloads no browser).
systeempakketten:
	@command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && \
	  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui poppler-utils fonts-liberation fonts-dejavu-core chromium chromium-driver ; }

# Lint and types first (seconds), then the full test suite.
test: $(VENV)/.installed systeempakketten
	$(PY) -m ruff check generator tests bench templates/bouwen.py
	$(PY) -m ruff format --check generator tests bench templates/bouwen.py
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n 2

# Speed: the dossier for 200 copies of the reference profile, naive docxtpl
# against our batch path (bench/run.py --quick: 20). Not part of `make test`.
bench: $(VENV)/.installed
	$(PY) bench/run.py

# The README's profile table, made anew from the declaration in generator/profile/model.py
# (after adding or changing a profile field; tests/test_profile.py checks it).
readme: $(VENV)/.installed
	$(PY) -c "import pathlib, re; from generator.profile.fields import profile_table; p = pathlib.Path('README.md'); \
	  p.write_text(re.sub(r'\| veld \| betekenis \|\n(?:\|.*\n)+', lambda m: profile_table().rstrip('\n') + '\n', p.read_text(encoding='utf-8'), count=1), encoding='utf-8')"

templates: $(VENV)/.installed
	$(PY) templates/bouwen.py

clean:
	rm -rf $(VENV) uitvoer build dist *.egg-info
