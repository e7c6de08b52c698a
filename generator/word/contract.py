"""What `iao amend` relies on in a template: the style names and the shape of the
inserted chapter. The template builder (authoring) names its styles from here and
checks every bron.txt against it; amend reads the rendered template with it.

The contract, as amend reads a rendered academiereglement or arbeidsreglement:

1. The chapter starts at the first paragraph in the style INSERTED_TEXT whose text,
   after opening quotes, starts with "Hoofdstuk" (markup: ``> “Hoofdstuk <nummer>.
   <titel>``). Everything before it is ignored.
2. From there, in document order, the chapter holds the paragraphs in the styles
   INSERTED_TEXT (``>``), INSERTED_ARTICLE (``[art]``) and INSERTED_LIST (``>-``,
   an enumeration numbered 1°, 2°, ... by the style), and the tables between them. A paragraph in NOTE (``!``) is a note for the legal
   adviser on the piece before it (a Word comment in the amended regulation).
3. The first paragraph in any other style ends the chapter (``{%p ... %}`` lines
   vanish on rendering, so they do not). A line without ``>`` in the middle of the
   chapter therefore cuts it short silently: the build refuses such a source.
4. Bold is the character style STRONG; a highlighted run is a placeholder. A
   closing quote at the end of the chapter is dropped.

The amendment's own articles are in ARTICLE (``[artikel]``), outside the chapter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ARTICLE = "Artikel"
INSERTED_TEXT = "Ingevoegde tekst"
INSERTED_ARTICLE = "Ingevoegd artikel"
INSERTED_LIST = "Ingevoegde opsomming"
# An inserted enumeration is numbered by its style, as Belgian regulations number
# them: 1°, 2°, 3° (Word's level text). Amend writes the label out as text ("1° "),
# since the academy's document has no such numbering; each run of consecutive
# enumeration paragraphs is one list.
ENUMERATION_LEVEL_TEXT = "%1°"
ENUMERATION_LABEL = "{}° "
NOTE = "Noot"
STRONG = "Strong"
# A character style for what only a draft prints (the header's "ONTWERP"): rendering
# leaves its runs out of a final document (iao generate --definitief).
DRAFT_MARK = "Ontwerpvermelding"
STRONG_NAMES = (STRONG, "Zwaar")  # Word may save the built-in name translated

# The chapter's pieces by paragraph style, as amend names them.
INSERTED_PIECES = {INSERTED_TEXT: "tekst", INSERTED_ARTICLE: "artikel", INSERTED_LIST: "opsomming"}
CHAPTER_WORD = "Hoofdstuk"
OPENING_QUOTES = '“"„ '
CLOSING_QUOTE = "”"

_CHAPTER_TITLE = re.compile(r"^Hoofdstuk\s+(?:\{\{.*?\}\}|\[[^\]]*\]|\S+?)\.\s+(.*)$")


def is_chapter_heading(style: str, text: str) -> bool:
    """The paragraph where the inserted chapter starts (rule 1)."""
    return style == INSERTED_TEXT and text.lstrip(OPENING_QUOTES).startswith(CHAPTER_WORD)


def chapter_title(text: str) -> str:
    """'Interactief afstandsonderwijs' from '“Hoofdstuk [nummer]. Interactief afstandsonderwijs'."""
    text = text.strip().lstrip(OPENING_QUOTES)
    match = _CHAPTER_TITLE.match(text)
    return (match.group(1) if match else text).strip()


@dataclass(frozen=True)
class Block:
    """One line of a template source as the contract sees it: `kind` "para" (with
    its paragraph `style`), "table", "jinja" (a whole-line tag) or "pagebreak"."""

    lineno: int
    kind: str
    style: str = ""
    text: str = ""


def _in_chapter(block: Block) -> bool:
    return block.kind in ("table", "jinja") or block.style in INSERTED_PIECES or block.style == NOTE


def chapter_problems(blocks: Iterable[Block], required: bool) -> list[str]:
    """Dutch messages for every way the source breaks the contract; `required`:
    the kind is amended, so it must have a chapter."""
    blocks = list(blocks)
    starts = [i for i, b in enumerate(blocks) if b.kind == "para" and is_chapter_heading(b.style, b.text)]
    if not starts:
        missing = f"geen ingevoegd hoofdstuk: iao amend zoekt een regel '> “{CHAPTER_WORD} <nummer>. <titel>' (stijl '{INSERTED_TEXT}')."
        return [missing] if required else []
    problems = []
    if len(starts) > 1:
        problems.append(
            f"regel {blocks[starts[1]].lineno}: een tweede ingevoegd hoofdstuk (het eerste staat op "
            f"regel {blocks[starts[0]].lineno}); iao amend neemt er maar één over."
        )
    start = starts[0]
    if not _CHAPTER_TITLE.match(blocks[start].text.strip().lstrip(OPENING_QUOTES)):
        problems.append(f"regel {blocks[start].lineno}: de kop van het ingevoegde hoofdstuk heeft niet de vorm '{CHAPTER_WORD} <nummer>. <titel>'.")
    end = next((i for i in range(start + 1, len(blocks)) if not _in_chapter(blocks[i])), len(blocks))
    for block in blocks[end:]:
        if block.kind == "para" and block.style in INSERTED_PIECES:
            stop = blocks[end]
            problems.append(
                f"regel {block.lineno}: '{block.text[:50]}' staat in de stijl '{block.style}' maar na het einde van "
                f"het ingevoegde hoofdstuk, dat op regel {stop.lineno} eindigt ('{stop.text[:50]}' in de stijl "
                f"'{stop.style or stop.kind}'). iao amend zou alles vanaf regel {stop.lineno} weglaten: zet '>' "
                "vooraan die regel als hij bij het hoofdstuk hoort."
            )
            break
    if not any(b.style == INSERTED_ARTICLE for b in blocks[start:end]):
        problems.append(f"regel {blocks[start].lineno}: het ingevoegde hoofdstuk heeft geen enkel artikel ('[art]').")
    return problems
