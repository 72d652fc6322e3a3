"""Page layout of the shipped letters: a French administrative letter built with python-docx.

Kept free of Django so that ``build.py`` runs anywhere python-docx is installed.

Layout (A4, margins 2 cm / 2.5 cm on the binding side): letterhead block on the left
(entity, service, address), date and addressee block on the right where a window
envelope shows it, then the references line ("N/Réf."), the object ("Objet :"), the
enclosures, the salutation, a justified body, the closing formula and the signature
block on the right. A confidential footer with the reference and page numbers.

Every placeholder is written inside one run so that docxtpl sees ``{{ name }}`` whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans.
INK = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x1F, 0x38, 0x64)
MUTED = RGBColor(0x55, 0x55, 0x55)
NBSP = "\u00a0"
# A fixed date keeps the generated files byte-stable in their XML (test_defaults).
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}


class Bold(str):
    """A bold run."""


class Italic(str):
    """An italic run."""


Part = str | Bold | Italic


def _fonts(element: BaseOxmlElement, name: str) -> None:
    """Set every script's font and drop the theme fonts, which would win in Word."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), name)


def _language(element: BaseOxmlElement, tag: str) -> None:
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def _field(paragraph: Paragraph, instruction: str, size: Pt) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size.pt * 2)))
    rpr.append(sz)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


class Letter:
    """One shipped template. Methods append blocks in reading order."""

    def __init__(self, *, language: str, title: str, confidential_label: str) -> None:
        self.language = language
        self.doc = Document()
        self._styles()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(1.8), Cm(2)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2)
        section.footer_distance = Cm(1)
        self.width = Cm(16.5)
        properties = self.doc.core_properties
        properties.title = title
        properties.author = "Recueil"
        properties.last_modified_by = "Recueil"
        properties.language = LANG_TAGS[language]
        properties.created = properties.modified = FIXED_DATE
        properties.revision = 1
        properties.comments = ""
        properties.subject = ""
        properties.keywords = ""
        self._footer(confidential_label)

    # -- styles -------------------------------------------------------------------------
    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.font.color.rgb = INK
        _fonts(normal.element, FONT)
        _language(normal.element, LANG_TAGS[self.language])
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.12
        for name, size in (("Title", 13), ("Heading 1", 11.5), ("Heading 2", 10.5)):
            style = styles[name]
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = ACCENT
            _fonts(style.element, FONT)
            style.paragraph_format.space_before = Pt(10)
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
        title = styles["Title"]
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_before = Pt(14)
        title.paragraph_format.space_after = Pt(10)
        # The default Title style draws a blue rule under the text; a plain title reads
        # better on an administrative act.
        ppr = title.element.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
            ppr.remove(ppr.find(qn("w:pBdr")))
        title.font.all_caps = True
        for name in ("List Bullet", "Header", "Footer"):
            _fonts(styles[name].element, FONT)
        # Bullets stay tight among themselves (contextual spacing), with air after the list.
        styles["List Bullet"].paragraph_format.space_after = Pt(8)

    def _footer(self, confidential_label: str) -> None:
        footer = self.doc.sections[0].footer
        paragraph = footer.paragraphs[0]
        # The built-in Footer style has a centre tab first; one right tab only.
        footer_style = self.doc.styles["Footer"]
        footer_style.paragraph_format.tab_stops.clear_all()
        paragraph.paragraph_format.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        size = Pt(8)
        run = paragraph.add_run(f"{confidential_label} · N/Réf.{NBSP}{{{{ case_reference }}}}")
        run.font.size = size
        run.font.color.rgb = MUTED
        run = paragraph.add_run("\t")
        run.font.size = size
        _field(paragraph, "PAGE", size)
        run = paragraph.add_run(" / ")
        run.font.size = size
        _field(paragraph, "NUMPAGES", size)

    # -- blocks ---------------------------------------------------------------------------
    def _runs(self, paragraph: Paragraph, parts: Iterable[Part], size: float | None = None) -> None:
        for part in parts:
            run = paragraph.add_run(str(part))
            if isinstance(part, Bold):
                run.bold = True
            if isinstance(part, Italic):
                run.italic = True
            if size is not None:
                run.font.size = Pt(size)

    def letterhead(
        self,
        *,
        service: str,
        date_line: str,
        recipient: Iterable[Part] = (),
        sending_mode: str = "",
    ) -> None:
        """Entity block on the left, date and addressee on the right (window envelope)."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _no_borders(table)
        widths = (Cm(8.5), Cm(8.0))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        left, right = table.rows[0].cells
        left.width, right.width = widths

        name = left.paragraphs[0]
        run = name.add_run("{{ entity_name }}")
        run.bold = True
        run.font.size = Pt(13)
        run.font.color.rgb = ACCENT
        name.paragraph_format.space_after = Pt(2)
        service_line = left.add_paragraph()
        run = service_line.add_run(service)
        run.font.size = Pt(9)
        run.italic = True
        run.font.color.rgb = MUTED
        service_line.paragraph_format.space_after = Pt(2)
        address = left.add_paragraph()
        run = address.add_run("{% if entity_address %}{{ entity_address }}{% endif %}")
        run.font.size = Pt(9)
        run.font.color.rgb = MUTED

        date = right.paragraphs[0]
        date.add_run(date_line)
        date.paragraph_format.space_after = Pt(20)
        if sending_mode:
            mode = right.add_paragraph()
            run = mode.add_run(sending_mode)
            run.font.size = Pt(8.5)
            run.italic = True
            run.font.all_caps = True
            mode.paragraph_format.space_after = Pt(4)
        lines = list(recipient)
        for index, line in enumerate(lines):
            paragraph = right.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            self._runs(paragraph, [line])
            if index == 0:
                paragraph.runs[0].bold = True
        self.spacer(14)

    def references(
        self, *, reference_label: str, subject_label: str, subject: str, enclosures: str = ""
    ) -> None:
        """The "N/Réf." and "Objet :" lines, plus "P.J. :" when the letter has enclosures."""
        rows: list[tuple[str, str]] = [(reference_label, "{{ case_reference }}")]
        rows.append((subject_label, subject))
        if enclosures:
            rows.append(("P.J." + NBSP + ":", enclosures))
        for label, value in rows:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.left_indent = Cm(2.2)
            paragraph.paragraph_format.first_line_indent = Cm(-2.2)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(2.2))
            run = paragraph.add_run(label + "\t")
            run.bold = True
            paragraph.add_run(value)
        self.spacer(12)

    def form_head(self, *, service: str, title: str, subtitle: str = "") -> None:
        """Head of a form or internal act: entity on the left, then a centred title."""
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run("{{ entity_name }}")
        run.bold = True
        run.font.size = Pt(13)
        run.font.color.rgb = ACCENT
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(service)
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = MUTED
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run("{% if entity_address %}{{ entity_address }}{% endif %}")
        run.font.size = Pt(9)
        run.font.color.rgb = MUTED
        self.doc.add_paragraph(title, style="Title")
        if subtitle:
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(subtitle)
            run.italic = True
            paragraph.paragraph_format.space_after = Pt(12)

    def facts_table(self, rows: Iterable[tuple[str, str]]) -> None:
        """A two-column summary (label, value), used by forms, minutes and the report."""
        rows = list(rows)
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        widths = (Cm(5.2), Cm(11.3))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row, (label, value) in zip(table.rows, rows, strict=True):
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
            label_paragraph = row.cells[0].paragraphs[0]
            label_paragraph.paragraph_format.space_after = Pt(2)
            run = label_paragraph.add_run(label)
            run.bold = True
            run.font.size = Pt(9.5)
            value_paragraph = row.cells[1].paragraphs[0]
            value_paragraph.paragraph_format.space_after = Pt(2)
            run = value_paragraph.add_run(value)
            run.font.size = Pt(9.5)
        self.spacer(8)

    def salutation(self, text: str) -> None:
        paragraph = self.doc.add_paragraph(text)
        paragraph.paragraph_format.space_after = Pt(10)

    def para(
        self, *parts: Part, align: str = "justify", indent: float = 0, keep_with_next: bool = False
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = keep_with_next
        paragraph.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        if indent:
            paragraph.paragraph_format.left_indent = Cm(indent)
        self._runs(paragraph, parts)
        return paragraph

    def control(self, tag: str) -> None:
        """A docxtpl paragraph tag (``{%p if … %}``): the whole paragraph disappears."""
        self.doc.add_paragraph(tag)

    def heading(self, text: str, level: int = 2) -> None:
        self.doc.add_paragraph(text, style=f"Heading {level}")

    def bullet(self, *parts: Part) -> None:
        paragraph = self.doc.add_paragraph(style="List Bullet")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        self._runs(paragraph, parts)

    def spacer(self, points: float) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = Pt(points)

    def signature(self, *lines: str, space: float = 36, keep: bool = True) -> None:
        """Signature block on the right: title, room for the signature, name."""
        first, *rest = lines
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(9)
        paragraph.paragraph_format.space_before = Pt(14)
        paragraph.paragraph_format.keep_with_next = keep
        paragraph.paragraph_format.keep_together = True
        paragraph.add_run(first)
        for index, line in enumerate(rest):
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(9)
            paragraph.paragraph_format.keep_together = True
            if index == len(rest) - 1:
                paragraph.paragraph_format.space_before = Pt(space)
                run = paragraph.add_run(line)
                run.bold = True
            else:
                paragraph.paragraph_format.keep_with_next = True
                paragraph.add_run(line)

    def signature_boxes(self, labels: Iterable[tuple[str, str]], height: float = 2.6) -> None:
        """Side-by-side boxes for handwritten signatures (forms, minutes, report)."""
        labels = list(labels)
        table = self.doc.add_table(rows=2, cols=len(labels))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        width = Cm(16.5 / len(labels))
        for column in table.columns:
            column.width = width
        for cell, (label, detail) in zip(table.rows[0].cells, labels, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(label)
            run.bold = True
            run.font.size = Pt(9.5)
            if detail:
                paragraph = cell.add_paragraph()
                run = paragraph.add_run(detail)
                run.italic = True
                run.font.size = Pt(8.5)
        for cell in table.rows[1].cells:
            cell.width = width
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        table.rows[1].height = Cm(height)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
