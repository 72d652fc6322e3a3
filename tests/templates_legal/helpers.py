"""Builders for template files and a full context, shared by the template tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document

from templates_legal.kinds import letter_kind

# One plausible value for every placeholder of every kind.
FULL_CONTEXT: dict[str, object] = {
    "entity_name": "Télécom SudParis",
    "entity_address": "19 place Marguerite Perey\n91120 Palaiseau",
    "entity_city": "Palaiseau",
    "case_reference": "TSP-2026-0042",
    "letter_date": dt.date(2026, 3, 1),
    "recipient_name": "Camille Durand",
    "recipient_address": "12 rue des Écoles\n91000 Évry-Courcouronnes",
    "recipient_salutation": "Madame",
    "recipient_capacity": "témoin",
    "signatory_name": "Claire Lefèvre",
    "signatory_title": "La directrice de l'école",
    "contact_email": "signalement@example.invalid",
    "report_received_date": dt.date(2026, 2, 20),
    "feedback_deadline_date": dt.date(2026, 5, 27),
    "facts_categories": "agression sexuelle",
    "enquiry_opening_date": dt.date(2026, 3, 2),
    "report_due_date": dt.date(2026, 5, 15),
    "investigators_names": "Anne Robert (DRH) et Karim Benali (enseignant-chercheur)",
    "interview_date": dt.date(2026, 3, 12),
    "interview_time": "14 h 30",
    "interview_place": "salle B-204",
    "interviewers_names": "Anne Robert et Karim Benali",
    "interviewee_name": "Dominique Petit",
    "interviewee_capacity": "personne mise en cause",
    "right_to_remain_silent": True,
    "recording_retention": "et détruit un mois après la signature du compte rendu",
    "minutes_text": "Première déclaration.\n\nSeconde déclaration.",
    "court_name": "tribunal judiciaire d'Évry",
    "court_address": "9 rue des Mazières\n91000 Évry-Courcouronnes",
    "facts_summary": "Le 10 février 2026, dans la résidence, des attouchements imposés.",
    "facts_dates": "10 février 2026",
    "facts_place": "Résidence étudiante, Palaiseau",
    "reporting_person_identity": "Alex Martin, étudiante, 06 00 00 00 00",
    "person_implicated_identity": "Dominique Petit, étudiant en 3e année",
    "measures_taken": "Interdiction d'accès à la résidence à titre conservatoire.",
    "enclosures": "deux témoignages écrits",
    "council_name": "le conseil de discipline de l'école",
    # A student's letter unless a test says otherwise.
    "staff_civil_servant": False,
    "staff_contract": False,
    "charges_summary": "Des propos à connotation sexuelle répétés envers une étudiante.",
    "observations_deadline_date": dt.date(2026, 4, 3),
    "file_access_date": dt.date(2026, 3, 27),
    "file_access_place": "au service juridique, sur rendez-vous",
    "staff_file_access_date": dt.date(2026, 3, 20),
    "hearing_date": dt.date(2026, 4, 9),
    "hearing_time": "10 heures",
    "hearing_place": "salle du conseil",
    "decision_text": "Exclusion temporaire de six mois",
    "decision_grounds": "Les faits sont établis par des témoignages concordants.",
    "effective_date": dt.date(2026, 4, 20),
    "appeal_court": "tribunal administratif de Versailles",
    "follow_up_summary": "Une enquête administrative interne a été ouverte.",
    "progress_summary": "Une enquête est en cours ; vous serez entendue le mois prochain.",
    "closing_reason": "Orientation vers le service compétent.",
    "protection_request_date": dt.date(2026, 3, 2),
    "protection_granted": True,
    "protection_grounds": "Agissements subis du fait des fonctions.",
    "protection_measures": "Prise en charge des frais d'avocat",
    "support_resources": "service de santé (01 00 00 00 00), France Victimes (116 006).",
}


def full_context(kind: str) -> dict[str, object]:
    return {name: FULL_CONTEXT[name] for name in letter_kind(kind).context_names}


def docx_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def docx_text(data: bytes) -> str:
    """All visible text: body paragraphs, tables, headers and footers."""
    document = Document(io.BytesIO(data))
    chunks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chunks.extend(p.text for p in cell.paragraphs)
    for section in document.sections:
        chunks.extend(p.text for p in section.footer.paragraphs)
        chunks.extend(p.text for p in section.header.paragraphs)
    return "\n".join(chunks)


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, replace=None) -> bytes:
    """Copy a DOCX, adding parts or rewriting some (``replace``: name -> function)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if replace and item.filename in replace:
                content = replace[item.filename](content)
            target.writestr(item.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return output.getvalue()


def bad_crc(data: bytes, marker: bytes = b"<w:body>") -> bytes:
    """Copy a DOCX stored uncompressed, then alter one byte after ``marker``: a bad CRC-32."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    damaged = output.getvalue()
    at = damaged.index(marker) + 1
    return damaged[:at] + b"W" + damaged[at + 1 :]
