"""The text of a rendered letter as blocks for an HTML preview (no layout, no markup).

Values were escaped by the sandboxed rendering and are escaped again by Django's
templates: a value can never become HTML on the preview page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


@dataclass
class Block:
    kind: str  # "title", "heading", "bullet", "paragraph" or "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def _kind_of(paragraph: Paragraph) -> str:
    name = paragraph.style.name if paragraph.style is not None else ""
    if name == "Title":
        return "title"
    if name.startswith("Heading"):
        return "heading"
    if name.startswith("List"):
        return "bullet"
    return "paragraph"


# The preview is set in the family of the letter's body font, so that it reads as the
# DOCX and its PDF do (LibreOffice renders Arial as the metric-compatible Liberation Sans,
# Times New Roman as Liberation Serif). The page's CSS names each family: no inline style.
SERIF_FONTS = ("times", "liberation serif", "dejavu serif", "georgia", "cambria", "garamond")
MONO_FONTS = ("courier", "mono", "consolas")


def font_family(name: str | None) -> str:
    """``"sans"``, ``"serif"`` or ``"mono"``: the CSS class suffix for a DOCX font name."""
    lowered = (name or "").lower()
    if any(font in lowered for font in MONO_FONTS):
        return "mono"
    if any(font in lowered for font in SERIF_FONTS):
        return "serif"
    return "sans"


def docx_font(data: bytes) -> str:
    """The family of the letter's body text (its ``Normal`` style)."""
    document = Document(io.BytesIO(data))
    return font_family(document.styles["Normal"].font.name)


def docx_blocks(data: bytes) -> list[Block]:
    """Body paragraphs and tables in reading order; empty paragraphs dropped."""
    document = Document(io.BytesIO(data))
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [
                ["\n".join(p.text for p in cell.paragraphs if p.text.strip()) for cell in row.cells]
                for row in item.rows
            ]
            rows = [row for row in rows if any(cell.strip() for cell in row)]
            if rows:
                blocks.append(Block("table", rows=rows))
        elif item.text.strip():
            blocks.append(Block(_kind_of(item), text=item.text))
    return blocks
