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
