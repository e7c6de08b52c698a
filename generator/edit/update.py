"""`iao update`: carry a changed profile into documents edited since, as tracked changes.

    outcome  = checking.check_profile(path)                # refuse a profile with rule errors
    dossier  = generation.build_dossier(...)               # what iao generates now ("new")
    previous = output.previous_generated(folder)           # what it generated last time ("old")
    per document: unedited -> regenerated; edited -> merge(old, new, the user's file)
    output.write_files(..., force=True)                    # all or nothing, a backup of each edited file
    output.remember_generated(...)                         # "new" becomes "old" for the next update

The merge is a three-way merge per block: a body paragraph or a table row. The
blocks of old and new are aligned on their text, and so are those of old and the
user's document; a block whose text in the user's document is still that of old
was not edited by the user. A change from old to new goes into the user's document
as tracked changes of `author` (words deleted and inserted, rows and paragraphs
deleted and inserted) where the user left that block alone. Where the user
edited it too, the user's text stays and the new text follows it as a tracked
insertion, with a comment asking to resolve the conflict. Headers and footers
are merged the same way. Rejecting every change gives back the user's document.
"""

from __future__ import annotations

import datetime
import difflib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn

from generator.dossier import output
from generator.edit import dossierfolder, wordwise
from generator.errors import EXIT_CONFLICT, EXIT_OK, IaoError
from generator.profile import checking
from generator.word import revisions

if TYPE_CHECKING:
    from generator.dossier.generation import Dossier

DEFAULT_AUTHOR = "iao"
_SIMILAR = 0.5  # how alike two blocks must be to count as one block changed


CONFLICT = "Conflict, op te lossen:"  # how every conflict comment starts: a later update finds the open ones


class UpdateError(IaoError):
    """A document in the folder cannot be updated; nothing is written."""


@dataclass
class DocumentUpdate:
    """What happened to one document; `state` is shown to the user (Dutch)."""

    name: str
    state: str
    changes: int = 0
    conflicts: list[str] = field(default_factory=list)
    still_open: int = 0  # conflicts of an earlier update not resolved in Word yet


@dataclass
class UpdateResult:
    documents: list[DocumentUpdate]
    backups: list[str]

    @property
    def exit_code(self) -> int:
        return EXIT_CONFLICT if any(d.conflicts or d.still_open for d in self.documents) else EXIT_OK


# ----------------------------------------------------------------- blocks


@dataclass
class Block:
    element: Any  # a w:p, a w:tr or another body element (kept whole)
    key: str  # kind and text: what the alignment compares


def blocks_of(story) -> list[Block]:
    """The blocks of a body, header or footer: its paragraphs, the rows of its
    tables, and any other element (a content control) as one block."""
    found = []
    for child in story:
        if child.tag == qn("w:p"):
            found.append(Block(child, "p " + wordwise.shown_text(child)))
        elif child.tag == qn("w:tbl"):
            for tr in child.findall(qn("w:tr")):
                found.append(Block(tr, "r " + "\t|".join(wordwise.shown_text(tc) for tc in tr.findall(qn("w:tc")))))
        elif child.tag not in (qn("w:sectPr"),):
            found.append(Block(child, "x " + wordwise.shown_text(child)))
    return found


def align(a: list[str], b: list[str]) -> list[tuple[int | None, int | None]]:
    """Pairs (i, j) of blocks a[i] and b[j] that are the same block (equal, or
    alike enough to be one block changed), (i, None) for a block only in a and
    (None, j) for one only in b; in document order."""
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2))
            continue
        j = j1
        for i in range(i1, i2):
            match = next((k for k in range(j, j2) if _alike(a[i], b[k])), None)
            if match is None:
                pairs.append((i, None))
                continue
            pairs += [(None, k) for k in range(j, match)] + [(i, match)]
            j = match + 1
        pairs += [(None, k) for k in range(j, j2)]
    return pairs


def _alike(a: str, b: str) -> bool:
    if a[:2] != b[:2]:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= _SIMILAR and matcher.ratio() >= _SIMILAR


# ------------------------------------------------------------ the merge


class _Merge:
    """The merge of one story (body, header or footer) of the user's document."""

    def __init__(self, old, new, mine, revision: revisions.Revision, story: str):
        self.old, self.new, self.mine = blocks_of(old), blocks_of(new), blocks_of(mine)
        self.container = mine
        self.revision = revision
        self.story = story
        self.changes = 0
        self.conflicts: list[tuple[Any, str]] = []  # (element to comment on, Dutch text)
        self.unplaced: list[str] = []
        self._rest: list[tuple[int | None, int | None]] = []  # the pairs after the one being merged
        pairs = align([b.key for b in self.old], [b.key for b in self.mine])
        self.mine_of = {i: j for i, j in pairs if i is not None and j is not None}
        self.moved = self._moved(pairs)

    def _moved(self, pairs) -> set[int]:
        """The old blocks the user moved elsewhere (cut and pasted, or a tracked move):
        paired by their text with a block of the user's that pairs with nothing else."""
        free: dict[str, list[int]] = {}
        for i, j in pairs:
            if i is None and j is not None:
                free.setdefault(self.mine[j].key, []).append(j)
        moved = set()
        for i, j in pairs:
            if i is not None and j is None and self.old[i].key[2:].strip() and free.get(self.old[i].key):
                self.mine_of[i] = free[self.old[i].key].pop(0)
                moved.add(i)
        return moved

    def run(self) -> None:
        pairs = align([b.key for b in self.old], [b.key for b in self.new])
        new_paired = {j for i, j in pairs if i is not None and j is not None}
        anchor: Any = None  # the element of the user's document after which new blocks go
        for index, (i, j) in enumerate(pairs):
            self._rest = pairs[index + 1 :]
            if i is None:
                assert j is not None
                anchor = self._insert(self.new[j].element, anchor, pairs[index + 1 :], new_paired)
                continue
            mine = self.mine[self.mine_of[i]] if i in self.mine_of else None
            if j is None:
                self._delete(self.old[i], mine)
            elif self.old[i].key != self.new[j].key:
                anchor = self._change(self.old[i], self.new[j], mine, anchor)
            if mine is not None and i not in self.moved:  # what follows it in iao's text goes here, not where it moved to
                anchor = anchor if _after(anchor, mine.element) else mine.element

    def _edited(self, old: Block, mine: Block | None) -> bool:
        return mine is None or mine.key != old.key

    def _delete(self, old: Block, mine: Block | None) -> None:
        if mine is None:
            return  # the user removed it already
        if self._edited(old, mine) or not all(wordwise.splittable(p) for p in mine.element.iter(qn("w:p"))):
            why = (
                "u hebt het bewerkt"
                if self._edited(old, mine)
                else "het bevat iets wat iao niet kan schrappen (een veld, een verplaatsing of een wijziging die nog openstaat)"
            )
            self.conflicts.append(
                (
                    mine.element,
                    f"{CONFLICT} iao schrapt dit deel in de nieuwe versie, maar {why}; het is blijven staan: {_short(wordwise.shown_text(mine.element))}",
                )
            )
            return
        if mine.element.tag == qn("w:tr"):
            revisions.mark_row(mine.element, self.revision.element("w:del"))
            for p in mine.element.iter(qn("w:p")):
                self._delete_runs(p)
        elif mine.element.tag == qn("w:p"):
            self._delete_runs(mine.element)
            if mine.element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:  # a section break stays
                revisions.mark_paragraph(mine.element, self.revision.element("w:del"))
        else:
            self.conflicts.append((None, f"iao schrapt een deel dat het niet automatisch kan schrappen: {_short(old.key[2:])}"))
            return
        self.changes += 1

    def _delete_runs(self, p) -> None:
        for r in wordwise.shown_runs(p):
            revisions.delete_run(r, self.revision)

    def _change(self, old: Block, new: Block, mine: Block | None, anchor):
        if mine is None or self._edited(old, mine):
            return self._conflict(old, new, mine, anchor)
        if mine.element.tag == qn("w:p") and wordwise.diff_words(mine.element, wordwise.shown_text(new.element), self.revision):
            self.changes += 1
            return anchor
        if mine.element.tag == qn("w:tr") and self._change_row(mine.element, new.element):
            self.changes += 1
            return anchor
        self._delete(old, mine)  # cannot change it word by word: the old block out, the new one in
        return self._place(revisions.inserted_copy(new.element, self.revision), mine.element, new.element.getparent())

    def _change_row(self, mine, new) -> bool:
        """Change a row cell by cell, paragraph by paragraph; False if the cells
        or paragraphs do not correspond one to one."""
        mine_ps = [tc.findall(qn("w:p")) for tc in mine.findall(qn("w:tc"))]
        new_ps = [tc.findall(qn("w:p")) for tc in new.findall(qn("w:tc"))]
        if [len(c) for c in mine_ps] != [len(c) for c in new_ps]:
            return False
        pairs = [(m, n) for mc, nc in zip(mine_ps, new_ps) for m, n in zip(mc, nc) if wordwise.shown_text(m) != wordwise.shown_text(n)]
        if any(not wordwise.splittable(m) for m, _ in pairs):
            return False
        for m, n in pairs:
            wordwise.diff_words(m, wordwise.shown_text(n), self.revision)
        return True

    def _conflict(self, old: Block, new: Block, mine: Block | None, anchor):
        inserted = revisions.inserted_copy(new.element, self.revision)
        placed = self._place(inserted, mine.element if mine is not None else anchor, new.element.getparent())
        if mine is None:
            why = "u hebt dit deel geschrapt; iao wijzigt het in de nieuwe versie (hier ingevoegd)."
        else:
            why = (
                f"u hebt dit deel bewerkt en iao wijzigt het ook. Uw tekst staat erboven ongewijzigd ({_short(wordwise.shown_text(mine.element))}); "
                "de nieuwe tekst van iao staat hier als invoeging."
            )
        self.conflicts.append((inserted, f"{CONFLICT} {why} Was: {_short(old.key[2:])}"))
        return placed

    def _insert(self, new_element, anchor, rest, new_paired):
        """Insert the new block after `anchor`: a row into the table where its
        neighbours are, a row of a table that is new as that whole table."""
        if new_element.tag != qn("w:tr"):
            return self._place(revisions.inserted_copy(new_element, self.revision), anchor)
        table = new_element.getparent()
        if (anchor is None or anchor.tag != qn("w:tr")) and not any(self.new.index(b) in new_paired for b in self.new if b.element.getparent() is table):
            if new_element is table.find(qn("w:tr")):  # the first row brings the whole new table
                return self._place(revisions.inserted_copy(table, self.revision), anchor)
            return anchor
        if (anchor is None or anchor.tag != qn("w:tr")) and self._next_row(rest) is None:
            self.unplaced.append(_short(wordwise.shown_text(new_element)))  # its table is gone from the user's document
            return anchor
        return self._place(revisions.inserted_copy(new_element, self.revision), anchor, table)

    def _next_row(self, rest):
        following = self._next_mine(rest)
        return following if following is not None and following.tag == qn("w:tr") else None

    def _next_mine(self, rest):
        for i, _ in rest:
            if i is not None and i in self.mine_of:
                return self.mine[self.mine_of[i]].element
        return None

    def _place(self, element, anchor, table=None):
        """Put `element` after `anchor` (after its table if that is a row; at the
        start of the story if None); returns it as the next anchor. A row goes into
        a table: after the row `anchor`, before the next row of the user's document,
        or (its table is gone) into a table of its own like `table` (the row's table
        in the new document), inserted as well."""
        if element.tag == qn("w:tr"):
            return self._place_row(element, anchor, table)
        if anchor is None:
            first = next((c for c in self.container if c.tag != qn("w:sectPr")), None)
            if first is not None:
                first.addprevious(element)
            else:
                self.container.append(element)
        else:
            (anchor.getparent() if anchor.tag == qn("w:tr") else anchor).addnext(element)
        self.changes += 1
        return element

    def _place_row(self, row, anchor, table):
        if anchor is not None and anchor.tag == qn("w:tr"):
            anchor.addnext(row)
            self.changes += 1
            return row
        following = self._next_row(self._rest)
        if following is not None:
            following.addprevious(row)
            self.changes += 1
            return anchor
        self._place(revisions.table_around(row, table), anchor)
        return row


def _after(anchor, element) -> bool:
    """Whether `anchor` (an element we inserted) already comes after `element`."""
    if anchor is None:
        return False
    for following in element.itersiblings():
        if following is anchor or (anchor.tag == qn("w:tr") and following is anchor.getparent()):
            return True
    return False


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.replace("\t|", " | ").split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1].rstrip()}…”"


# -------------------------------------------------------- a document


@dataclass
class Merged:
    data: bytes
    changes: int
    conflicts: list[str]


def merge(old: bytes, new: bytes, mine: bytes, author: str = DEFAULT_AUTHOR, when: datetime.datetime | None = None) -> Merged:
    """The user's document `mine` with the changes from `old` to `new` (both as
    iao generated them) as tracked changes of `author`, and comments."""
    from docx import Document
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from generator.edit.parts import keep_unchanged_parts

    when = when or datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
    documents = [Document(io.BytesIO(data)) for data in (old, new, mine)]
    stories = list(zip(*(_stories(d) for d in documents)))
    # revision ids after every id in the document and after the comments still to come (one per block at most)
    first_id = revisions.first_free_id([mine_story for _, _, (_, mine_story) in stories], 1 + sum(len(s[1][1]) for s in stories))
    revision = revisions.Revision(author, when, first_id)
    document = documents[2]
    merges = []
    for (label, old_story), (_, new_story), (_, mine_story) in stories:
        step = _Merge(old_story, new_story, mine_story, revision, label)
        step.run()
        merges.append(step)
    changes = sum(m.changes for m in merges)
    conflicts: list[str] = []
    initials = author.strip()[:3].upper()

    def comment(p_element, text: str) -> None:
        paragraph = Paragraph(p_element, document)
        runs = [Run(r, paragraph) for r in p_element.iter(qn("w:r")) if r.find(qn("w:commentReference")) is None]
        if runs:
            revisions.add_comment(document, runs, text, author, initials, when)

    top = next((p for p in document.element.body.iter(qn("w:p")) if wordwise.shown_runs(p)), None)
    for step in merges:
        for element, text in step.conflicts:
            conflicts.append(f"{step.story}: {text}")
            if element is not None and step.story == "tekst":
                comment(revisions.first_paragraph(element), text)
            elif top is not None:  # Word holds no comments in a header or footer: the nearest place is the top of the text
                comment(top, f"In de {step.story} (Word kan daar geen opmerking plaatsen): {text}")
        for text in step.unplaced:
            conflicts.append(f"{step.story}: een nieuwe tabelrij kon niet geplaatst worden: {text}")
    if (changes or conflicts) and top is not None:
        comment(top, _summary(author, when, changes, conflicts))
    buffer = io.BytesIO()
    document.save(buffer)
    return Merged(keep_unchanged_parts(mine, buffer.getvalue()), changes, conflicts)


def _stories(document) -> list[tuple[str, Any]]:
    """("tekst", body) then ("koptekst"/"voettekst", element) of every header and
    footer, in section order, each part once."""
    found: list[tuple[str, Any]] = [("tekst", document.element.body)]
    seen = set()
    for section in document.sections:
        for label, part in (("koptekst", section.header), ("voettekst", section.footer)):
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            found.append((label, part._element))
    return found


def _summary(author: str, when: datetime.datetime, changes: int, conflicts: list[str]) -> str:
    text = (
        f"Bijgewerkt door iao update op {when:%d-%m-%Y}: {changes} wijziging(en) uit het gewijzigde academieprofiel "
        f"staan als bijgehouden wijzigingen van '{author}'. Aanvaard of weiger ze in Word (Controleren > Wijzigingen)."
    )
    if conflicts:
        text += f" {len(conflicts)} conflict(en) met uw eigen bewerkingen, op te lossen: " + " ".join(conflicts)
    return text


# ----------------------------------------------------------- the folder


def update(
    profile: str | Path, folder: str | Path, author: str = DEFAULT_AUTHOR, custom_templates: Path | None = None, reference_doc: Path | None = None
) -> UpdateResult:
    """Bring the dossier in `folder` up to date with `profile`, keeping every edit
    (`custom_templates` and `reference_doc` as for generate: the same as then)."""
    from generator.dossier.generation import ProfileRejected, build_dossier
    from generator.word.reference import load_reference

    folder = Path(folder)
    outcome = checking.check_profile(profile)
    if outcome.exit_code or outcome.loaded is None:
        raise ProfileRejected(outcome)
    if not (folder / output.MANIFEST).is_file():
        raise UpdateError(f"{folder} is geen uitvoermap van iao (er is geen {output.MANIFEST}); maak de documenten eerst met iao generate.")
    dossier = build_dossier(outcome.loaded, custom_templates, load_reference(reference_doc) if reference_doc is not None else None)
    with _alone_in(folder):
        return _update_folder(folder, dossier, outcome.loaded.source, author)


@contextmanager
def _alone_in(folder: Path) -> Iterator[None]:
    """One update at a time in a folder: a second one would merge against files the
    first is still writing (spurious conflicts, rows twice). The lock file lives in the
    temporary folder, named after the dossier folder, so that the dossier gets no file
    iao did not write; where that folder cannot hold it, update runs unguarded."""
    import hashlib
    import tempfile

    from filelock import FileLock, Timeout

    key = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    lock = FileLock(Path(tempfile.gettempdir()) / f"iao-update-{key}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UpdateError(f"in {folder} loopt al een iao update; wacht tot die klaar is en probeer dan opnieuw. Er is niets geschreven.") from None
    except OSError:  # a read-only or full temporary folder: no lock rather than no update
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _update_folder(folder: Path, dossier: Dossier, profile: bytes, author: str) -> UpdateResult:
    """Plan every document of the new `dossier`, write all or nothing, remember what was generated."""
    dossierfolder.check_documents(folder, dossier.files)
    manifest = output.read_manifest(folder)
    previous = output.previous_generated(folder)
    report: list[DocumentUpdate] = []
    to_write: dict[str, bytes] = {}
    recorded: dict[str, str] = {}
    for name, new in dossier.files.items():
        done = _plan(folder, name, new, manifest.get(name), previous.get(name), author)
        report.append(done)
        if isinstance(done, _Planned):
            to_write[name] = done.data
            if done.merged:
                recorded[name] = output.sha256(new)  # the file is not iao's own text: it stays "edited"
    for name in sorted(manifest):
        if name not in dossier.files and (folder / name).is_file():
            report.append(DocumentUpdate(name, "niet meer van toepassing (niet verwijderd)"))
    written = output.write_files(folder, to_write, force=True, recorded=recorded)
    current = {d.name: dossier.files[d.name] for d in report if isinstance(d, _Planned) or d.state.startswith("ongewijzigd")}
    output.remember_generated(folder, current, profile)
    return UpdateResult(report, written.backups)


@dataclass
class _Planned(DocumentUpdate):
    data: bytes = b""
    merged: bool = False


def _plan(folder: Path, name: str, new: bytes, recorded, old: bytes | None, author: str) -> DocumentUpdate:
    """What to do with one document of the new dossier."""
    target = output.inside(folder, name)
    if not target.exists():
        return _Planned(name, "nieuw", data=new)
    mine = target.read_bytes()
    if not output.is_edited(target, recorded):
        return DocumentUpdate(name, "ongewijzigd") if mine == new else _Planned(name, "opnieuw gemaakt (niet bewerkt)", data=new)
    if old is None or not name.endswith(".docx"):
        why = "iao heeft de vorige versie niet bewaard" if old is None else "dit soort bestand kan niet samengevoegd worden"
        return DocumentUpdate(name, "niet bijgewerkt", conflicts=[f"bewerkt, maar {why}: neem de wijzigingen zelf over"])
    still_open = len(_open_conflicts(name, mine))
    if old == new:
        return DocumentUpdate(name, "ongewijzigd (bewerkt; het profiel verandert er niets aan)", still_open=still_open)
    try:
        merged = merge(old, new, mine, author)
    except Exception:  # a construct of the user's document the merge does not know: this document only, told in Dutch
        why = "iao kon de wijzigingen niet in dit document samenvoegen: neem ze zelf over uit een nieuw gegenereerd document"
        return DocumentUpdate(name, "niet bijgewerkt", conflicts=[why], still_open=still_open)
    if not merged.changes and not merged.conflicts:
        return DocumentUpdate(name, "ongewijzigd (bewerkt; het profiel verandert er niets aan)", still_open=still_open)
    return _Planned(name, "bijgewerkt met bijgehouden wijzigingen", merged.changes, merged.conflicts, still_open, data=merged.data, merged=True)


def _open_conflicts(name: str, mine: bytes) -> list[str]:
    """The conflict comments of an earlier update that are still open in the user's document."""
    from docx import Document

    try:
        document = Document(io.BytesIO(mine))
    except Exception as exc:  # python-docx's own errors are English and technical: the user gets the gist
        raise UpdateError(
            f"{name} kan niet als Word-document (.docx) gelezen worden: het bestand is beschadigd of het is geen Word-document. "
            "Open en bewaar het opnieuw in Word (als .docx), of zet het gegenereerde document terug; er is niets geschreven."
        ) from exc
    return revisions.open_comments(document, CONFLICT)


def summary(result: UpdateResult) -> str:
    """Per document what happened, in Dutch, and what the user should do next."""
    lines = []
    for d in result.documents:
        line = f"  {d.name}: {d.state}"
        if d.changes:
            line += f", {d.changes} wijziging(en)"
        if d.conflicts:
            line += f", {len(d.conflicts)} conflict(en)"
        lines.append(line)
        lines += [f"      - {c}" for c in d.conflicts]
        if d.still_open:
            lines.append(f"      - nog {d.still_open} conflict(en) van een vorige update open: los ze op in Word (of markeer ze als opgelost)")
    if result.backups:
        lines.append(f"Kopie bewaard van de bewerkte bestanden: {', '.join(result.backups)}")
    conflicts = sum(len(d.conflicts) + d.still_open for d in result.documents)
    if conflicts:
        lines.append(f"{conflicts} conflict(en): open de documenten in Word en los de opmerkingen 'Conflict' op.")
    else:
        lines.append("Alles verwerkt zonder conflicten; aanvaard of weiger de wijzigingen in Word.")
    return "\n".join(lines)
