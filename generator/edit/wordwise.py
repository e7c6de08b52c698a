"""Text as Word shows it with changes tracked, and a paragraph changed word by word as tracked changes (for `update`)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from docx.oxml.ns import qn

from generator.word import revisions

_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
_TEXT = {"w:t": None, "w:tab": "\t", "w:ptab": "\t", "w:br": "\n", "w:cr": "\n", "w:noBreakHyphen": "-"}
_TEXT_TAGS = {qn(tag): value for tag, value in _TEXT.items()}
_HIDDEN = {qn("w:del"), qn("w:moveFrom")}  # text no longer shown
_SPLITTABLE = {qn("w:p"), qn("w:hyperlink")}  # where a run may be split and wrapped


def shown_text(element) -> str:
    """The text of an element as Word shows it with changes tracked (deleted text
    left out), tabs as "\\t" and line breaks as "\\n"."""
    parts = []
    for el in element.iter(*_TEXT_TAGS):
        if el.getparent().tag != qn("w:r") or any(a.tag in _HIDDEN for a in el.iterancestors()):
            continue
        parts.append(shown_text_of_child(el))
    return "".join(parts)


def shown_runs(p) -> list:
    return [r for r in p.iter(qn("w:r")) if not any(a.tag in _HIDDEN for a in r.iterancestors())]


def splittable(p) -> bool:
    """Whether every run with text of `p` may be split and deleted: runs of the paragraph
    itself, of a hyperlink, or of a pending tracked insertion there (iao's own earlier
    update, or another author's), not of a field, a move or a content control."""
    return all(_holder(r).getparent().tag in _SPLITTABLE for r in shown_runs(p) if _run_length(r))


def _holder(r):
    """The run, or the pending insertion (w:ins) that holds it."""
    parent = r.getparent()
    return parent if parent.tag == qn("w:ins") else r


def _put_beside(r, element, revision: revisions.Revision, *, after: bool) -> None:
    """Put `element` (a new w:ins) right after (or before) the w:r `r`, outside the
    deletion and the pending insertion that may hold `r`: such an insertion is cut in
    two there, as Word does when one types inside another author's insertion."""
    if r.getparent().tag == qn("w:del"):
        r = r.getparent()
    holder = r.getparent()
    if holder.tag == qn("w:ins"):
        if after:
            _cut_after(holder, r, revision)
            r = holder
        elif r.getprevious() is not None:
            _cut_after(holder, r.getprevious(), revision)
            r = holder.getnext()  # the second half, which starts with r
        else:
            r = holder
    if after:
        r.addnext(element)
    else:
        r.addprevious(element)


def _cut_after(holder, child, revision: revisions.Revision) -> None:
    """Move what follows `child` in the w:ins `holder` into a second w:ins right after
    it, with the same author and date and a fresh id."""
    rest = list(child.itersiblings())
    if rest:
        twin = holder.makeelement(holder.tag, holder.attrib)
        twin.set(qn("w:id"), str(revision.next_id()))
        twin.extend(rest)
        holder.addnext(twin)


def _run_length(r) -> int:
    return len(shown_text(r))


def diff_words(p, new_text: str, revision: revisions.Revision) -> bool:
    """Change the text of the w:p `p` into `new_text` as tracked changes, word by
    word, keeping the look of its runs; False (nothing changed) if its runs
    cannot be split (inside someone's tracked change, a field)."""
    if not splittable(p):
        return False
    old_text = shown_text(p)
    a, b = _WORDS.findall(old_text), _WORDS.findall(new_text)
    a_at = [0]
    for token in a:
        a_at.append(a_at[-1] + len(token))
    edits = [
        (a_at[i1], a_at[i2], "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal"
    ]
    for start, end, text in reversed(edits):  # from the end: earlier offsets stay valid
        pieces = _split_at(p, start, end)
        removed = [r for r, s, e in pieces if start <= s and e <= end and e > s]
        before = next((r for r, s, e in reversed(pieces) if e <= start and e > s), None)
        after = next((r for r, s, e in pieces if s >= end and e > s), None)
        for r in removed:
            revisions.delete_run(r, revision)
        if not text:
            continue
        look = (removed or [before or after])[0]
        wrapper = revision.element("w:ins")
        wrapper.append(revisions.text_run(text, look.find(qn("w:rPr")) if look is not None else None))
        if removed or before is not None:
            _put_beside((removed or [before])[-1], wrapper, revision, after=True)
        elif after is not None:
            _put_beside(after, wrapper, revision, after=False)
        else:
            p.append(wrapper)
    return True


def _split_at(p, *offsets: int) -> list[tuple[Any, int, int]]:
    """Split the shown runs of `p` so that each offset falls between two runs;
    returns (run, start, end) for every shown run."""
    for offset in offsets:
        position = 0
        for r in shown_runs(p):
            length = _run_length(r)
            if position < offset < position + length:
                _split_run(r, offset - position)
                break
            position += length
    found, position = [], 0
    for r in shown_runs(p):
        length = _run_length(r)
        found.append((r, position, position + length))
        position += length
    return found


def _split_run(r, at: int) -> None:
    """Split the w:r `r` after `at` characters of its text into two runs with the same look."""
    from copy import deepcopy

    right = deepcopy(r)
    for child in [c for c in right if c.tag != qn("w:rPr")]:
        right.remove(child)
    position = 0
    for child in [c for c in r if c.tag != qn("w:rPr")]:
        length = len(shown_text_of_child(child))
        if position >= at:
            right.append(child)  # (moves it)
        elif position + length > at:  # a w:t that straddles the split
            cut = at - position
            rest = deepcopy(child)
            rest.text, child.text = child.text[cut:], child.text[:cut]
            for t in (child, rest):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            right.append(rest)
        position += length
    r.addnext(right)


def shown_text_of_child(child) -> str:
    """The text one child of a w:r stands for ("" for a field mark, a drawing ...)."""
    if child.tag not in _TEXT_TAGS:
        return ""
    fixed = _TEXT_TAGS[child.tag]
    return fixed if fixed is not None else child.text or ""
