"""Read a YAML file into plain Python values, remembering the line of every value.

PyYAML's safe loader silently keeps the last of two equal keys, expands aliases
(a few nested anchors can blow up memory) and forgets where a value stood. We
compose the node tree ourselves so that every problem can name its line.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from generator.errors import Problem, ProfileError

MAX_BYTES = 1_000_000  # a profile is a few kB; anything this big is a mistake
MAX_DEPTH = 20  # a profile nests four levels deep; the composer recurses per level
MAX_ITEMS = 250  # items in one list: more subjects than any academy teaches

# Characters XML 1.0 (and so Word) cannot hold: control characters, lone
# surrogates (from "\uDC80" in a quoted YAML value) and the non-characters.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Path_ = tuple[str | int, ...]


def unwritable(text: str) -> str | None:
    """Why Word cannot hold `text` (in Dutch), or None if it can."""
    match = XML_ILLEGAL.search(text)
    if match is None:
        return None
    code = ord(match.group())
    kind = "een ongeldig teken (een losse surrogaat)" if 0xD800 <= code <= 0xDFFF else "het onzichtbare stuurteken"
    return f"bevat {kind} U+{code:04X}, dat niet in een Word-document kan; verwijder het"


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases (anchors are never needed in a profile)
    and nesting deeper than MAX_DEPTH (the composer would overflow the stack)."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if self.check_event(AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "alias", event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(None, None, "depth", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _file_problem(name: str, message: str, line: int | None = None) -> ProfileError:
    """The error for a file that cannot be read as a profile at all (no field to name)."""
    return ProfileError([Problem(name, line, "", message)])


def read_text(path: Path) -> str:
    """Read a profile file as UTF-8 text, with a Dutch error for every way it can fail."""
    name = str(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, ValueError) as exc:  # a name too long, a NUL in the name, ...
        raise _file_problem(name, f"het bestand kan niet geopend worden ({getattr(exc, 'strerror', None) or exc}).") from None
    if not exists:
        raise _file_problem(name, "het bestand bestaat niet.")
    if is_dir:
        raise _file_problem(name, "dit is een map, geen profielbestand (.yaml).")
    raw = _read_capped(path, name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_problem(name, "het bestand is opgeslagen als UTF-16; sla het op als UTF-8 (in Kladblok: 'Opslaan als', codering UTF-8).")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _file_problem(name, "het bestand bevat binaire gegevens; verwacht een tekstbestand in YAML.", line=line)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _file_problem(name, "het bestand is geen geldige UTF-8-tekst; sla het op als UTF-8.", line=line) from None


def _too_big(name: str, size: str) -> ProfileError:
    return _file_problem(name, f"het bestand is te groot ({size} bytes); een profiel is hooguit {MAX_BYTES:,} bytes.".replace(",", "."))


def _read_capped(path: Path, name: str) -> bytes:
    """The bytes of a regular file or a pipe, never more than MAX_BYTES + 1: the
    size is checked before reading, and a device (/dev/zero) is refused."""
    try:
        with open(path, "rb") as file:
            status = os.fstat(file.fileno())
            if stat.S_IFMT(status.st_mode) not in (stat.S_IFREG, stat.S_IFIFO):
                raise _file_problem(name, "dit is geen gewoon bestand (maar bv. een apparaat); verwacht een profielbestand (.yaml).")
            if status.st_size > MAX_BYTES:
                raise _too_big(name, f"{status.st_size:,}")
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _file_problem(name, f"het bestand kan niet gelezen worden ({exc.strerror or exc}).") from None
    if len(raw) > MAX_BYTES:  # a pipe, or a file that grew while we read it
        raise _too_big(name, f"meer dan {MAX_BYTES:,}")
    return raw


def load(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text; return the data and a map from field path to line number."""
    try:
        # The reader checks every character up front, in the constructor.
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise _file_problem(name, f"dit bestand bevat een onzichtbaar stuurteken (U+{exc.character:04X}); verwijder het.", line=line) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise ProfileError([_yaml_problem(exc, name)]) from None
    except yaml.YAMLError as exc:  # errors without a position
        raise _file_problem(name, f"ongeldige YAML ({exc}).") from None
    finally:
        loader.dispose()
    if node is None or (node.tag == "tag:yaml.org,2002:null" and node.value == ""):  # nothing, or only '---'
        raise _file_problem(name, "het bestand is leeg; verwacht een academieprofiel (zie 'iao init').")
    if not isinstance(node, yaml.MappingNode):
        raise _file_problem(
            name, "het profiel moet een lijst van velden zijn ('sleutel: waarde'), geen losse waarde of opsomming.", line=node.start_mark.line + 1
        )
    positions: dict[Path_, int] = {}
    problems: list[Problem] = []
    data = _construct(node, (), positions, problems, name)
    if problems:
        raise ProfileError(problems)
    return data, positions


def _construct(node, path: Path_, positions, problems, name) -> Any:
    positions.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and len(node.value) > MAX_ITEMS:
        problems.append(
            Problem(name, node.start_mark.line + 1, format_path(path), f"te veel onderdelen ({len(node.value)}); hier zijn er hooguit {MAX_ITEMS} toegelaten.")
        )
        return [] if isinstance(node, yaml.SequenceNode) else {}
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            reason = unwritable(key)
            if reason:
                problems.append(Problem(name, line, format_path(path), f"een veldnaam {reason}."))
                continue
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
        value = _constructor().construct_object(node)
    except Exception:  # ValueError for 2027-02-30; ConstructorError, KeyError, ... for explicit tags (!foo, !!bool x)
        if node.tag == "tag:yaml.org,2002:timestamp":
            message = f"'{node.value}' is geen bestaande datum; verwacht JJJJ-MM-DD, bijvoorbeeld 2027-03-22."
        else:
            message = f"'{node.value}' kan niet gelezen worden met het label {node.tag.replace('tag:yaml.org,2002:', '!!')}; laat het label (!...) weg."
        problems.append(Problem(name, node.start_mark.line + 1, format_path(path), message))
        return node.value
    finally:
        # The shared constructor caches every node (and so the whole text) it has built.
        _constructor().constructed_objects.clear()
        _constructor().recursive_objects.clear()
    reason = unwritable(value) if isinstance(value, str) else None
    if reason:
        problems.append(Problem(name, node.start_mark.line + 1, format_path(path), f"de waarde {reason}."))
        return None
    return value


_CONSTRUCTORS = threading.local()


def _constructor() -> yaml.SafeLoader:
    """This thread's scalar constructor: PyYAML's keeps the objects it is building in the
    instance, so the web form's parallel requests must not share one."""
    constructor = getattr(_CONSTRUCTORS, "loader", None)
    if constructor is None:
        constructor = _CONSTRUCTORS.loader = yaml.SafeLoader("")
    return constructor


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = exc.problem or ""
    if problem == "alias":
        message = "ankers en verwijzingen (& en *) zijn in een profiel niet toegestaan; schrijf de waarde voluit."
    elif "'\\t'" in problem:
        message = "een tab is hier niet toegestaan; spring in met spaties."
    elif problem == "depth":
        message = f"de velden zijn te diep genest (meer dan {MAX_DEPTH} niveaus); een profiel heeft er hooguit een paar."
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
