"""Read a YAML file into plain Python values, remembering the line of every value.

PyYAML's safe loader silently keeps the last of two equal keys, expands aliases
(a few nested anchors can blow up memory) and forgets where a value stood. We
compose the node tree ourselves so that every problem can name its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import Problem, ProfileError

MAX_BYTES = 1_000_000  # a profile is a few kB; anything this big is a mistake

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases (anchors are never needed in a profile)."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "alias", event.start_mark
            )
        return super().compose_node(parent, index)


def _file_problem(name: str, message: str, line: int | None = None) -> ProfileError:
    """The error for a file that cannot be read as a profile at all (no field to name)."""
    return ProfileError([Problem(name, line, "", message)])


def read_text(path: Path) -> str:
    """Read a profile file as UTF-8 text, with a Dutch error for every way it can fail."""
    name = str(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, ValueError) as exc:  # a name too long, a NUL in the name, ...
        raise _file_problem(name, f"het bestand kan niet geopend worden ({getattr(exc, 'strerror', None) or exc}).")
    if not exists:
        raise _file_problem(name, "het bestand bestaat niet.")
    if is_dir:
        raise _file_problem(name, "dit is een map, geen profielbestand (.yaml).")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _file_problem(name, f"het bestand kan niet gelezen worden ({exc.strerror}).")
    if len(raw) > MAX_BYTES:
        raise _file_problem(name, f"het bestand is te groot ({len(raw):,} bytes); een profiel is hooguit {MAX_BYTES:,} bytes.".replace(",", "."))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_problem(name, "het bestand is opgeslagen als UTF-16; sla het op als UTF-8 (in Kladblok: 'Opslaan als', codering UTF-8).")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _file_problem(name, "het bestand bevat binaire gegevens; verwacht een tekstbestand in YAML.", line=line)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _file_problem(name, "het bestand is geen geldige UTF-8-tekst; sla het op als UTF-8.", line=line)


def load(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text; return the data and a map from field path to line number."""
    try:
        # The reader checks every character up front, in the constructor.
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise _file_problem(name, f"dit bestand bevat een onzichtbaar stuurteken (U+{exc.character:04X}); verwijder het.", line=line)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise ProfileError([_yaml_problem(exc, name)])
    except yaml.YAMLError as exc:  # errors without a position
        raise _file_problem(name, f"ongeldige YAML ({exc}).")
    finally:
        loader.dispose()
    if node is None or (node.tag == "tag:yaml.org,2002:null" and node.value == ""):  # nothing, or only '---'
        raise _file_problem(name, "het bestand is leeg; verwacht een academieprofiel (zie 'iao init').")
    if not isinstance(node, yaml.MappingNode):
        raise _file_problem(name, "het profiel moet een lijst van velden zijn ('sleutel: waarde'), geen losse waarde of opsomming.", line=node.start_mark.line + 1)
    positions: dict[Path_, int] = {}
    problems: list[Problem] = []
    data = _construct(node, (), positions, problems, name)
    if problems:
        raise ProfileError(problems)
    return data, positions


def _construct(node, path: Path_, positions, problems, name) -> Any:
    positions.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in result:
                first = positions[path + (key,)]
                problems.append(Problem(name, line, format_path(path + (key,)), f"dubbele sleutel '{key}' (staat ook op regel {first}); houd er één."))
                continue
            positions[path + (key,)] = line
            result[key] = _construct(value_node, path + (key,), positions, problems, name)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), positions, problems, name) for i, item in enumerate(node.value)]
    return _scalar(node, path, problems, name)


def _scalar(node, path: Path_, problems, name) -> Any:
    # Numbers with a leading zero (ondernemingsnummer 0207654333) are identifiers,
    # not octal integers as YAML 1.1 would read them.
    if node.tag == "tag:yaml.org,2002:int" and node.value.startswith("0") and node.value.isdigit() and len(node.value) > 1:
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node)
    except Exception:  # ValueError for 2027-02-30; ConstructorError, KeyError, ... for explicit tags (!foo, !!bool x)
        if node.tag == "tag:yaml.org,2002:timestamp":
            message = f"'{node.value}' is geen bestaande datum; verwacht JJJJ-MM-DD, bijvoorbeeld 2027-03-22."
        else:
            message = f"'{node.value}' kan niet gelezen worden met het label {node.tag.replace('tag:yaml.org,2002:', '!!')}; laat het label (!...) weg."
        problems.append(Problem(name, node.start_mark.line + 1, format_path(path), message))
        return node.value
    finally:
        # The shared constructor caches every node (and so the whole text) it has built.
        _CONSTRUCTOR.constructed_objects.clear()
        _CONSTRUCTOR.recursive_objects.clear()


_CONSTRUCTOR = yaml.SafeLoader("")


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = exc.problem or ""
    if problem == "alias":
        message = "ankers en verwijzingen (& en *) zijn in een profiel niet toegestaan; schrijf de waarde voluit."
    elif "'\\t'" in problem:
        message = "een tab is hier niet toegestaan; spring in met spaties."
    elif "but found another document" in problem:
        message = "het bestand bevat meer dan één YAML-document ('---'); een profiel is één document."
    else:
        message = f"de YAML-opbouw klopt niet: controleer inspringing, dubbele punten en aanhalingstekens (technisch: {problem})."
    return Problem(name, line, "", message)


def format_path(path: Path_) -> str:
    """('afstandsonderwijs', 'vakken', 2, 'aandeel_procent') -> afstandsonderwijs.vakken[2].aandeel_procent"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def line_of(positions: dict[Path_, int], path: Path_) -> int | None:
    """The line of a path, or of its nearest ancestor that is in the file."""
    path = tuple(path)
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path)
