"""The register of legal references: every law, decree or regulation a template cites.

Templates never type a citation; they call `bron("avg")` (the full formal
citation), `bron("avg", "kort")` (the short form) or
`artikel("decreet_lokaal_bestuur", "agenda")` (an article number). The register
is `templates/bronnen.yaml`; a custom template set (--templates) may carry its
own `bronnen.yaml`, whose entries replace the default ones with the same key.

A part of a citation in square brackets ("decreet van [datum] 2024") is a gap that
prints as a highlighted placeholder. An article number that the register marks as not verified is never printed as
if it were certain: the document gets a highlighted placeholder that names the
subject, and `iao bronnen` lists what the legal service still has to check.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.errors import EXIT_RULES, IaoError, Problem, ProfileError
from generator.profile import yamlsource
from generator.resources import templates_dir

REGISTER_FILE = "bronnen.yaml"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Artikel(_Entry):
    nummer: str
    onderwerp: str
    geverifieerd: bool
    noot: str | None = None


class Bron(_Entry):
    titel: str
    kort: str
    bron: str
    gecontroleerd_op: datetime.date
    artikels_geverifieerd: bool
    artikels: dict[str, Artikel] = {}
    noot: str | None = None
    # For an adequacy decision: the names of the country it covers, as a profile may write them.
    landen: list[str] = []


class RegisterError(IaoError):
    """A template asks for a reference the register does not have."""

    exit_code = EXIT_RULES


@dataclass(frozen=True)
class Register:
    entries: dict[str, Bron]
    files: tuple[str, ...]  # where the entries came from, default first

    def bron(self, key: str) -> Bron:
        try:
            return self.entries[key]
        except KeyError:
            raise RegisterError(
                f"het sjabloon verwijst naar de bron '{key}', maar die staat niet in het register "
                f"({', '.join(self.files)}). Bekende bronnen: {', '.join(sorted(self.entries))}."
            ) from None

    def artikel(self, key: str, article: str) -> Artikel:
        bron = self.bron(key)
        try:
            return bron.artikels[article]
        except KeyError:
            raise RegisterError(
                f"het sjabloon verwijst naar artikel '{article}' van de bron '{key}', maar dat staat niet in het "
                f"register. Bekende artikels: {', '.join(sorted(bron.artikels)) or 'geen'}."
            ) from None

    def adequaatheidsbesluit(self, land: str) -> str | None:
        """The key of the adequacy decision the register lists for a country, if any."""
        name = " ".join(land.split()).casefold()
        return next((key for key, bron in self.entries.items() if name in (n.casefold() for n in bron.landen)), None)

    def unverified(self) -> list[tuple[str, str, Artikel]]:
        """(key, article key, article) for every article number still to be checked."""
        return [(key, name, art) for key, bron in self.entries.items() for name, art in bron.artikels.items() if not art.geverifieerd]


def load_register(custom_templates: Path | None = None) -> Register:
    """The default register, with the entries of a custom template set laid over it."""
    files = [templates_dir() / REGISTER_FILE]
    if custom_templates is not None and (custom_templates / REGISTER_FILE).is_file():
        files.append(custom_templates / REGISTER_FILE)
    entries: dict[str, Bron] = {}
    for path in files:
        entries.update(_read_cached(path))
    return Register(entries, tuple(str(f) for f in files))


# A batch builds a context per profile: each register file is parsed once per process,
# and again only when it changed on disk (a long-running `iao web` sees an edit).
_cache: dict[tuple, dict[str, Bron]] = {}


def _read_cached(path: Path) -> dict[str, Bron]:
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache[key] = _read(path)
    return _cache[key]


def _read(path: Path) -> dict[str, Bron]:
    name = str(path)
    data, positions = yamlsource.load(yamlsource.read_text(path), name)
    if not isinstance(data, dict):
        raise ProfileError([Problem(name, 1, "", "verwacht per bron een sleutel met titel, kort, bron, ...")])
    entries, problems = {}, []
    for key, value in data.items():
        try:
            entries[key] = Bron.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors():
                loc = (key, *err["loc"])
                problems.append(Problem(name, yamlsource.line_of(positions, loc), yamlsource.format_path(loc), _message(err)))
    if problems:
        raise ProfileError(problems)
    return entries


def _message(err: Any) -> str:
    if err["type"] == "missing":
        return "dit verplichte veld van een bron ontbreekt."
    if err["type"] == "extra_forbidden":
        return "onbekend veld; een bron heeft titel, kort, bron, gecontroleerd_op, artikels_geverifieerd, artikels, noot en landen."
    return f"ongeldige waarde ({err['msg']})."


def overview(register: Register) -> str:
    """The text `iao bronnen` prints: every reference, its source and what is verified."""
    lines = [f"Register van juridische bronnen ({', '.join(register.files)})", ""]
    for key, bron in register.entries.items():
        lines.append(f"{key}: {bron.titel}")
        lines.append(f"    kort: {bron.kort}")
        lines.append(f"    bron: {bron.bron} (gecontroleerd op {bron.gecontroleerd_op.isoformat()})")
        for name, art in bron.artikels.items():
            state = "geverifieerd" if art.geverifieerd else "NIET GEVERIFIEERD"
            lines.append(f"    - {name}: {art.nummer}, {art.onderwerp} [{state}]")
            if art.noot and not art.geverifieerd:
                lines.append(f"      te controleren: {art.noot}")
        lines.append("")
    open_points = register.unverified()
    lines.append(
        f"{len(register.entries)} bronnen, {sum(len(b.artikels) for b in register.entries.values())} artikels, "
        f"waarvan {len(open_points)} nog te controleren door de juridische dienst."
    )
    return "\n".join(lines)
