"""Write generated files into an output folder without ever losing someone's work.

- Atomic: every file is first written under a temporary name in the same folder;
  only when all are written are they renamed into place. A failing run leaves
  no half file and no half dossier.
- Edits are kept: a manifest records the hash of each file as we wrote it. A file
  whose content no longer matches (someone edited it in Word) is not overwritten
  unless forced, and then a backup copy is made first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IaoError

MANIFEST = ".iao-manifest.json"


class OutputError(IaoError):
    exit_code = 2


@dataclass
class WriteReport:
    folder: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by someone: left alone
    backups: list[str] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_files(folder: Path, files: dict[str, bytes], force: bool = False) -> WriteReport:
    """Write {file name: content} into folder atomically, keeping edited files."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"de uitvoermap {folder} kan niet gemaakt worden ({exc.strerror}).")
    manifest = read_manifest(folder)
    report = WriteReport(folder)
    to_write: dict[str, bytes] = {}
    for name, data in files.items():
        target = folder / name
        if target.is_file():
            current = sha256(target.read_bytes())
            if current == sha256(data):
                report.unchanged.append(name)
                manifest[name] = current
                continue
            if is_edited(target, manifest.get(name)):
                if not force:
                    report.kept.append(name)
                    continue
                report.backups.append(_backup(target))
        to_write[name] = data
    _replace_all(folder, to_write)
    report.written = list(to_write)
    manifest.update({name: sha256(data) for name, data in to_write.items()})
    write_manifest(folder, manifest)
    return report


def write_file(path: Path, data: bytes) -> None:
    """Write one file atomically (for single outputs such as a new profile)."""
    _replace_all(Path(path).parent, {Path(path).name: data})


def _replace_all(folder: Path, files: dict[str, bytes]) -> None:
    temporary: dict[str, str] = {}
    try:
        for name, data in files.items():
            handle, temp = tempfile.mkstemp(dir=folder, prefix=".iao-", suffix=".tmp")
            temporary[name] = temp
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        for name, temp in temporary.items():
            os.replace(temp, folder / name)
    except OSError as exc:
        raise OutputError(f"schrijven in {folder} mislukt ({exc.strerror}); er is niets half geschreven.") from exc
    finally:
        for temp in temporary.values():
            if os.path.exists(temp):
                os.unlink(temp)


def write_manifest(folder: Path, manifest: dict[str, str], name: str = MANIFEST) -> None:
    _replace_all(folder, {name: json.dumps(manifest, indent=2, sort_keys=True).encode()})


def is_edited(target: Path, recorded: str | None) -> bool:
    """Whether the existing file `target` is no longer what we wrote (hash
    `recorded` in a manifest): someone edited it since."""
    return recorded != sha256(target.read_bytes())


def read_manifest(folder: Path, name: str = MANIFEST) -> dict[str, str]:
    """{file: sha256 as we last wrote it} from the manifest `name` in `folder`."""
    path = folder / name
    if not path.is_file():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return {}  # a damaged manifest only makes us more careful: every file counts as edited


def _backup(target: Path) -> str:
    n = 1
    while (backup := target.with_name(f"{target.stem}.bewerkt-{n}{target.suffix}")).exists():
        n += 1
    shutil.copy2(target, backup)
    return backup.name
