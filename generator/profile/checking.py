"""Check a profile file: read it, apply the rules, and say the outcome in Dutch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import EXIT_INPUT, EXIT_OK, EXIT_RULES, Problem, ProfileError
from generator.profile import rules
from generator.profile.loading import LoadedProfile, load_profile


@dataclass
class Outcome:
    file: str
    loaded: LoadedProfile | None = None
    problems: list[Problem] = field(default_factory=list)  # the file could not be read
    findings: list[rules.Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[rules.Finding]:
        return rules.errors(self.findings)

    @property
    def warnings(self) -> list[rules.Finding]:
        return rules.warnings(self.findings)

    @property
    def exit_code(self) -> int:
        if self.problems:
            return EXIT_INPUT
        return EXIT_RULES if self.errors else EXIT_OK


def check_profile(path: str | Path) -> Outcome:
    try:
        loaded = load_profile(path)
    except ProfileError as exc:
        return Outcome(str(path), problems=exc.problems)
    return Outcome(str(path), loaded, findings=rules.check(loaded))


def report(outcome: Outcome) -> str:
    """The text `iao check` prints: grouped errors and warnings, then a verdict."""
    lines = [f"Controle van {outcome.file}", ""]
    if outcome.problems:
        lines.append(f"Het profiel kan niet gelezen worden ({_count(len(outcome.problems), 'probleem', 'problemen')}):")
        lines += [f"  {_where(p.line)}{p.field + ': ' if p.field else ''}{p.message}" for p in outcome.problems]
        lines += ["", "Besluit: niet in orde. Verbeter het bestand en controleer opnieuw."]
        return "\n".join(lines)
    for title, group in (("Fouten", outcome.errors), ("Waarschuwingen", outcome.warnings)):
        if group:
            lines.append(f"{title} ({len(group)}):")
            lines += [_finding(f) for f in group]
            lines.append("")
    counts = f"{_count(len(outcome.errors), 'fout', 'fouten')}, {_count(len(outcome.warnings), 'waarschuwing', 'waarschuwingen')}"
    if outcome.errors:
        lines.append(f"Besluit: niet in orde ({counts}). Pas het profiel aan; er worden geen documenten gemaakt.")
    else:
        lines.append(f"Besluit: in orde ({counts}).")
    return "\n".join(lines)


def _finding(f: rules.Finding) -> str:
    return f"  {_where(f.line)}{f.field}: {f.detail}\n      [{f.rule.id}] {f.rule.title} (bron: {f.rule.source})"


def _where(line: int | None) -> str:
    return f"regel {line}: " if line else ""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
