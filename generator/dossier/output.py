"""Write generated files into an output folder without ever losing someone's work.

- Inside the folder: every name we write is one plain file name that resolves
  inside the folder, and nothing we read, back up or replace there may be a
  symbolic link (in a shared folder a colleague could plant one to make us write
  elsewhere). New files are created exclusively, without following links.
- All or nothing: every file (and every backup) is first made under a new name in
  the same folder; only when all are made are they renamed into place, with
  Ctrl+C and SIGTERM held back for those few renames. A failure before that
  removes what was made: nothing is replaced and no temporary file is left, also
  on SIGTERM (it raises during a write, so the cleanup runs).
- The manifest is true at every step: before the renames it accepts both the old
  and the new content of each file being replaced, after them only the new. A
  file we did not get to never looks "edited".
- Edits are kept: the manifest records the hash of each file as we wrote it. A
  file whose content no longer matches (someone edited it in Word) is not
  overwritten unless forced, and then a backup copy is made first.
- Permissions: a new file gets what the umask gives, like any program's; a
  replaced file keeps its own.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import EXIT_INPUT, EXIT_KEPT, IaoError

MANIFEST = ".iao-manifest.json"
PREVIOUS = Path(".iao") / "vorige"  # what iao generated last time, for `iao update`
PREVIOUS_PROFILE = "profiel.yaml"

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)

_REASONS = {  # why a write failed, in Dutch (else the system's own words)
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "het schijfquotum is bereikt",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen schrijfrechten",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.EISDIR: "er staat een map met die naam",
    errno.EEXIST: "er staat al een bestand met die naam",
}


class OutputError(IaoError):
    exit_code = EXIT_INPUT


class KeptError(OutputError):
    """A single output file was edited since iao wrote it (or not written by iao): kept."""

    exit_code = EXIT_KEPT


class Terminated(BaseException):
    """SIGTERM arrived while writing: raised so that the cleanup runs first."""


@dataclass
class WriteReport:
    folder: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by someone: left alone
    backups: list[str] = field(default_factory=list)


@dataclass
class _Existing:
    data: bytes
    info: os.stat_result


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inside(folder: Path, name: str) -> Path:
    """folder/name, proven to stay inside folder: `name` is one plain name (from
    input, e.g. a profile's file name), it is no symbolic link, and it resolves
    inside folder. Otherwise an OutputError."""
    folder = Path(folder)
    if ":" in name:  # a Windows drive or an NTFS stream; the dossier goes to Word users on Windows
        raise OutputError(f"'{name}' bevat een ':', dat Windows in de naam van een bestand niet toelaat; kies een naam zonder ':'.")
    if name in ("", ".", "..") or any(sep in name for sep in ("/", "\\", "\0")):
        raise OutputError(f"'{name}' kan geen naam van een bestand of map in {folder} zijn (leeg, '.', '..' of met een scheidingsteken).")
    path = folder / name
    if path.is_symlink():
        raise OutputError(_link_message(path))
    if path.resolve().parent != folder.resolve():
        raise OutputError(f"{path} komt buiten de uitvoermap {folder} terecht.")
    return path


def write_files(folder: Path, files: dict[str, bytes], force: bool = False, recorded: dict[str, str] | None = None) -> WriteReport:
    """Write {file name: content} into folder, all or nothing, keeping edited files.
    `recorded` gives, per name, the hash to put in the manifest instead of the
    content's: `iao update` writes the user's document with iao's changes tracked,
    which is not iao's own text and so must stay "edited"."""
    folder = _made(Path(folder))
    manifest = read_manifest(folder)
    report = WriteReport(folder)
    current = {name: _existing(inside(folder, name)) for name in files}
    to_write: dict[str, bytes] = {}
    to_back_up: dict[str, _Existing] = {}
    for name, data in files.items():
        found = current[name]
        if found is not None:
            digest = sha256(found.data)
            if digest == sha256(data):
                report.unchanged.append(name)
                manifest[name] = digest
                continue
            if not _matches(manifest.get(name), digest):  # edited since we wrote it
                if not force:
                    report.kept.append(name)
                    continue
                to_back_up[name] = found
        to_write[name] = data
    with terminate_raises():
        report.backups = _replace_all(folder, to_write, current, to_back_up, manifest, recorded or {})
    report.written = list(to_write)
    return report


def _made(folder: Path) -> Path:
    """`folder`, made (with its parents) if missing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"de uitvoermap {folder} kan niet gemaakt worden ({_reason(exc)}).") from exc
    return folder


def write_protected(path: Path, data: bytes, force: bool = False) -> list[str]:
    """One file with the rules of write_files (a file not written by iao, or
    edited since, is kept unless forced); returns the backups made. KeptError if kept."""
    path = Path(path)
    report = write_files(path.parent, {path.name: data}, force=force)
    if report.kept:
        raise KeptError(
            f"{path} is niet overschreven: dat bestand is niet door iao geschreven of is "
            f"sindsdien bewerkt. Kies een andere naam, of gebruik --force (er wordt eerst een "
            f"kopie {path.stem}.bewerkt-1{path.suffix} bewaard)."
        )
    return report.backups


def write_file(path: Path, data: bytes) -> None:
    """Write one file all or nothing (for single outputs such as a new profile)."""
    path = Path(path)
    target = inside(path.parent, path.name)
    with terminate_raises():
        _replace_all(path.parent, {path.name: data}, {path.name: _existing(target)}, {}, None)


def write_manifest(folder: Path, manifest: dict, name: str = MANIFEST) -> None:
    write_file(Path(folder) / name, _json(manifest))


def remember_generated(folder: Path, files: dict[str, bytes], profile: bytes | None = None) -> None:
    """Keep a copy of the files as iao generated them (and the profile they came
    from) in the hidden folder PREVIOUS beside the manifest: `iao update` compares
    them with what a changed profile gives, to carry only the differences into a
    document someone edited since. Written after the documents themselves, all or
    nothing; a copy already there for another name stays. If they cannot be
    written, the old copies of these names go (update would merge against a stale
    version) and the OutputError says that the documents are written."""
    folder = Path(folder)
    if profile is not None:
        files = {**files, PREVIOUS_PROFILE: profile}
    try:
        hidden = _hidden_folder(folder)
        current = {name: _existing(inside(hidden, name)) for name in files}
        with terminate_raises():
            _replace_all(hidden, files, current, {}, None)
    except OutputError as exc:
        _forget(folder, files)
        cause = _reason(exc.__cause__) if isinstance(exc.__cause__, OSError) else "er staat een koppeling of iets anders dan een gewoon bestand"
        raise OutputError(
            f"de documenten zijn geschreven, maar niet de kopie ervan in {folder / PREVIOUS} waarmee iao update werkt ({cause}). "
            "Verhelp dat en voer dezelfde opdracht opnieuw uit; tot dan neemt iao update de wijzigingen in die documenten niet over."
        ) from exc


def _forget(folder: Path, names: Iterable[str]) -> None:
    """Remove what PREVIOUS holds for `names` (a link itself, not what it points to);
    nothing if PREVIOUS is not our own folder."""
    hidden = folder
    try:
        for part in PREVIOUS.parts:
            hidden = inside(hidden, part)
    except OutputError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(hidden / name)


def previous_generated(folder: Path) -> dict[str, bytes]:
    """{file name: content} of the files as iao last generated them into folder
    (see remember_generated); empty if none were kept."""
    if not (Path(folder) / PREVIOUS).is_dir():
        return {}
    hidden = _hidden_folder(Path(folder))
    found = {}
    for path in sorted(hidden.iterdir()):
        if path.name == PREVIOUS_PROFILE or path.name.startswith(".iao-"):
            continue
        try:
            existing = _existing(inside(hidden, path.name))
        except OutputError:  # not a copy iao made (an odd name, a link, a pipe): that document has no previous version
            continue
        if existing is not None:
            found[path.name] = existing.data
    return found


def copy_in(folder: Path, sources: dict[str, Path], force: bool = False) -> list[str]:
    """Copy each source (a file or a folder tree) to folder/name, all or nothing:
    everything is first copied into a staging folder inside `folder`, then renamed
    into place with Ctrl+C and SIGTERM held back. A name already there is the
    user's (an edited register, a template) and is refused (KeptError), unless
    forced: then it is kept as name.bak-<timestamp>. Returns the backups' names."""
    folder = _made(Path(folder))
    present = [name for name in sources if os.path.lexists(inside(folder, name))]
    if present and not force:
        raise KeptError(
            f"{folder} bevat al {', '.join(present)}; die worden niet overschreven. Kies een lege map, of gebruik "
            "--force (er wordt eerst een kopie NAAM.bak-<tijdstip> bewaard)."
        )
    with terminate_raises():
        try:
            staging = Path(tempfile.mkdtemp(prefix=".iao-", dir=folder))
        except OSError as exc:
            raise OutputError(f"schrijven in {folder} mislukt ({_reason(exc)}); er is niets gekopieerd.") from exc
        try:
            _copy_all(folder, sources, staging)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            with _signals_held():
                backups = [_set_aside(folder / name, stamp) for name in present]
                for name in sources:
                    os.replace(staging / name, folder / name)
            return backups
        finally:  # after the renames, only the empty staging folder
            shutil.rmtree(staging, ignore_errors=True)


def _copy_all(folder: Path, sources: dict[str, Path], staging: Path) -> None:
    try:
        for name, source in sources.items():
            _copy(source, staging / name)
    except OSError as exc:
        raise OutputError(f"schrijven in {folder} mislukt ({_reason(exc)}); er is niets gekopieerd en er blijft niets half achter.") from exc


def _copy(source: Path, target: Path) -> None:
    """Copy the file or folder tree `source` to the new `target`."""
    if source.is_dir():
        target.mkdir()
        for child in sorted(source.iterdir()):
            _copy(child, target / child.name)
    else:
        shutil.copyfile(source, target)


def _set_aside(path: Path, stamp: str) -> str:
    """Rename `path` to a free name.bak-<stamp>[-N] beside it; returns that name."""
    backup, n = path.with_name(f"{path.name}.bak-{stamp}"), 1
    while os.path.lexists(backup):
        n += 1
        backup = path.with_name(f"{path.name}.bak-{stamp}-{n}")
    os.rename(path, backup)
    return backup.name


def _hidden_folder(folder: Path) -> Path:
    """folder/.iao/vorige, made if missing, proven inside folder (no links)."""
    path = folder
    for part in PREVIOUS.parts:
        path = inside(path, part)
        try:
            path.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(f"de verborgen map {path} kan niet gemaakt worden ({_reason(exc)}).") from exc
    return path


def is_edited(target: Path, recorded) -> bool:
    """Whether the existing file `target` is no longer what we wrote (hash
    `recorded` in a manifest): someone edited it since."""
    return not _matches(recorded, sha256(target.read_bytes()))


def read_manifest(folder: Path, name: str = MANIFEST) -> dict:
    """{file: sha256 as we last wrote it} from the manifest `name` in `folder`
    (during a write: a list of the old and the new sha256). A manifest that is not
    that (damaged, or forged to name a file outside the folder) is an OutputError."""
    path = inside(Path(folder), name)
    found = _existing(path)
    if found is None:
        return {}
    try:
        manifest = json.loads(found.data.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8 or not JSON; nested too deep
        manifest = None
    problem = _manifest_problem(manifest)
    if problem:
        raise OutputError(
            f"{path} is beschadigd of met de hand gewijzigd ({problem}); er is niets geschreven. "
            "Zet de vorige versie terug, of verwijder het: wat er al staat, geldt dan als bewerkt en wordt niet overschreven."
        )
    return manifest


def _manifest_problem(manifest) -> str | None:
    """What is wrong with a manifest read from JSON, in Dutch; None if nothing."""
    if not isinstance(manifest, dict):
        return "verwacht: een JSON-object met per bestand zijn naam en vingerafdruk"
    for key, value in manifest.items():
        if not _relative_name(key):
            return f"de naam {key[:80]!r} ligt niet in de map"
        if not _hashes(value):
            return f"de vingerafdruk van {key[:80]!r} is geen tekst"
    return None


def _relative_name(name: str) -> bool:
    """Whether a manifest's `name` is a path inside its folder: no absolute path, no '..'."""
    return all(part not in ("", ".", "..") and not any(c in part for c in "\\\0:") for part in name.split("/"))


def _hashes(value) -> bool:
    """Whether a manifest's value is a hash, or (during a write) a list of them."""
    return isinstance(value, str) or isinstance(value, list) and all(isinstance(h, str) for h in value)


def _matches(recorded, digest: str) -> bool:
    return digest == recorded or (isinstance(recorded, list) and digest in recorded)


def _json(manifest: dict) -> bytes:
    return json.dumps(manifest, indent=2, sort_keys=True).encode()


def plain_file(path: Path) -> os.stat_result | None:
    """The status of the plain file at path, None if there is none. A link, a
    folder or a named pipe (which would make a read wait forever) in its place is
    refused without opening it."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{path} kan niet gelezen worden ({_reason(exc)}); er is niets geschreven.") from exc
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(_link_message(path))
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"op de plaats van {path} staat een map of iets anders dan een bestand; er is niets geschreven. Verwijder of hernoem het en probeer opnieuw."
        )
    return info


def _existing(path: Path) -> _Existing | None:
    """The content of the plain file at path, None if there is none. A link or a
    folder in its place is refused before anything is written."""
    info = plain_file(path)
    if info is None:
        return None
    try:
        handle = os.open(path, _READ)
        with os.fdopen(handle, "rb") as stream:
            return _Existing(stream.read(), info)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{path} kan niet gelezen worden ({_reason(exc)}); er is niets geschreven.") from exc


def _replace_all(
    folder: Path,
    files: dict[str, bytes],
    current: dict[str, _Existing | None],
    to_back_up: dict[str, _Existing],
    manifest: dict | None,
    recorded: dict[str, str] | None = None,
) -> list[str]:
    """Stage every file and backup, then rename the files into place; keep
    `manifest` (None: no manifest) true throughout. Returns the backups' names."""
    made: list[Path] = []  # staged files and backups, removed if we stop before the renames
    staged: dict[str, Path] = {}
    try:
        for name, data in files.items():
            found = current.get(name)
            staged[name] = _stage(folder, data, found.info if found else None, made)
        backups = {name: _backup(folder / name, found, made) for name, found in to_back_up.items()}
        if manifest is not None:
            hashes = {name: (recorded or {}).get(name) or sha256(data) for name, data in files.items()}
            final = {**manifest, **hashes}
            staged[MANIFEST] = _stage(folder, _json(final), None, made)
            if files:  # true whether or not each rename below happens
                both = {name: [h for h in (manifest.get(name), hashes[name]) if isinstance(h, str)] for name in files}
                os.replace(_stage(folder, _json({**manifest, **both}), None, made), folder / MANIFEST)
    except OSError as exc:
        _remove(made)
        raise OutputError(f"schrijven in {folder} mislukt ({_reason(exc)}); er is niets vervangen en er blijven geen tijdelijke bestanden achter.") from exc
    except BaseException:
        _remove(made)
        raise
    _rename_all(folder, staged, backups)
    return [backup.name for backup in backups.values()]


def _rename_all(folder: Path, staged: dict[str, Path], backups: dict[str, Path]) -> None:
    """Rename the staged files into place (the manifest last), with Ctrl+C and
    SIGTERM held back; on a failure say exactly what was and was not replaced."""
    done: list[str] = []
    with _signals_held():
        try:
            for name, temp in staged.items():
                os.replace(temp, folder / name)
                done.append(name)
        except OSError as exc:
            undone = [name for name in staged if name not in done]
            _remove([staged[name] for name in undone] + [backups[name] for name in undone if name in backups])
            documents = [name for name in undone if name != MANIFEST]
            raise OutputError(
                f"schrijven in {folder} mislukt bij {undone[0]} ({_reason(exc)}). "
                f"Vervangen: {', '.join(n for n in done if n != MANIFEST) or 'niets'}. "
                f"Niet vervangen (de vorige versie staat er nog): {', '.join(documents) or 'niets'}. "
                "Het manifest klopt voor beide; voer de opdracht opnieuw uit om het dossier af te maken."
            ) from exc


def _stage(folder: Path, data: bytes, like: os.stat_result | None, made: list[Path]) -> Path:
    """data in a new temporary file in folder, with the permissions of `like`."""
    while True:
        temp = folder / f".iao-{secrets.token_hex(6)}.tmp"
        try:
            _create(temp, data, like, made)
            return temp
        except FileExistsError:
            continue


def _backup(target: Path, found: _Existing, made: list[Path]) -> Path:
    """A copy of an edited file, as naam.bewerkt-N.docx: a new file, never
    written through anything (a link, a file) already at that name."""
    n = 1
    while True:
        backup = target.with_name(f"{target.stem}.bewerkt-{n}{target.suffix}")
        try:
            _create(backup, found.data, found.info, made)
        except FileExistsError:
            n += 1
            continue
        os.utime(backup, ns=(found.info.st_atime_ns, found.info.st_mtime_ns), follow_symlinks=False)
        return backup


def _create(path: Path, data: bytes, like: os.stat_result | None, made: list[Path]) -> None:
    """Create the new file path (FileExistsError if anything is there, a link
    included) with data; its permissions those of `like`, else per the umask."""
    handle = os.open(path, _NEW_FILE, 0o666)
    made.append(path)
    with os.fdopen(handle, "wb") as stream:
        if like is not None:
            os.chmod(path, stat.S_IMODE(like.st_mode))
        stream.write(data)  # no fsync: it would triple the time of a batch, for power cuts only


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _link_message(path: Path) -> str:
    return f"{path} is een symbolische koppeling; iao schrijft nooit via een koppeling. Verwijder ze of kies een andere uitvoermap. Er is niets geschreven."


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def terminate_raises() -> Iterator[None]:
    """While inside, SIGTERM raises Terminated so that cleanup code runs; the
    signal is then delivered again to the handler before us (by default: the
    process ends, as it would have)."""
    previous = signal.getsignal(signal.SIGTERM) if _in_main_thread() else None
    if previous in (None, signal.SIG_IGN):  # not ours to change
        yield
        return

    def stop(signum, frame):
        raise Terminated

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)
        raise  # the previous handler let us live
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl+C and SIGTERM during the renames, so that a dossier is not
    left half replaced. A held SIGTERM is delivered afterwards; a held Ctrl+C is
    dropped, as everything it could have stopped is done."""
    if not _in_main_thread():
        yield
        return
    held: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    previous = {sig: handler for sig, handler in previous.items() if handler not in (None, signal.SIG_IGN)}
    for sig in previous:
        signal.signal(sig, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if signal.SIGTERM in held:
        signal.raise_signal(signal.SIGTERM)
