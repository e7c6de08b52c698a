"""Prepared templates kept on disk between runs.

Preparing a template (docxtpl's XML patching, compiling its Jinja sources in the sandbox,
compressing the parts rendering does not change) is most of the time of a single
dossier. What it produces depends only on the template's bytes and on the code that
prepares it, so it is kept in the user's cache folder under the sha256 of the template,
in a folder named after a fingerprint of iao's own code and of the versions of Python
and of the libraries involved: an edited or custom template has another hash, and a
new version of iao or of a library another folder, so nothing is ever served stale.

The cache is an optimisation, never a condition: a folder that cannot be written, a
file that is damaged or of another format is ignored and the template prepared afresh.
`IAO_CACHE` names another folder; an empty `IAO_CACHE` switches the cache off.
The files hold compiled Python code (marshal), trusted as the user's own files are.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 2  # of the state a PreparedTemplate saves; another value is ignored
MAX_FILES = 256  # prepared templates kept per version: the default set is 17, custom sets add theirs
_PREFIX = "sjablonen-"
_LIBRARIES = ("Jinja2", "MarkupSafe", "docxtpl", "python-docx", "lxml")


def folder() -> Path | None:
    """The cache folder, or None when IAO_CACHE is set to the empty string."""
    configured = os.environ.get("IAO_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "iao"


@functools.cache
def fingerprint() -> str:
    """What a prepared template depends on besides its own bytes: the source of the
    generator package (the sandbox rewrites every template it compiles) and the
    versions of Python and of the libraries that patch, compile and package it."""
    digest = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=?;".encode())
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()[:24]


def _file(template: bytes) -> Path | None:
    root = folder()
    if root is None:
        return None
    return root / f"{_PREFIX}{fingerprint()}" / f"{hashlib.sha256(template).hexdigest()}.marshal"


def load(template: bytes) -> dict[str, Any] | None:
    """The saved state of a template with these bytes, or None."""
    path = _file(template)
    if path is None:
        return None
    try:
        state = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return state if isinstance(state, dict) and state.get("format") == FORMAT else None


def store(template: bytes, state: dict[str, Any]) -> None:
    """Save the state of a template; silently nothing when the folder cannot be written."""
    path = _file(template)
    if path is None:
        return
    temporary = None
    try:
        new_version = not path.parent.is_dir()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if new_version:
            _forget_other_versions(path.parent)
        else:
            _keep_newest(path.parent, MAX_FILES - 1)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(descriptor, "wb") as out:
            out.write(marshal.dumps({**state, "format": FORMAT}))
        os.replace(temporary, path)  # atomic: a parallel run reads the old file or the new one
    except (OSError, ValueError):
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _forget_other_versions(current: Path) -> None:
    # The folders of earlier versions of iao or of its libraries will never be read again.
    for other in current.parent.glob(f"{_PREFIX}*"):
        if other != current and other.is_dir() and not other.is_symlink():
            shutil.rmtree(other, ignore_errors=True)


def _keep_newest(version: Path, count: int) -> None:
    files = sorted(version.glob("*.marshal"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
    for old in files[count:]:
        old.unlink(missing_ok=True)
