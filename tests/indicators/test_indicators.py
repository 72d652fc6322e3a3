"""Steering reads anonymised figures — page, charts, CSV, XLSX, annual report — small
numbers masked, nothing nominative, need to know, fresh code for files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.core.security.recent import SESSION_KEY
from cases.models import AuditEvent, Entity, Role
from tests.indicators.helpers import refreshed, report_on
from tests.people import login, staff
from tests.workflows.conftest import intake

D = dt.date
ROUTES = ("indicators", "indicators-export", "indicators-export-xlsx", "indicators-report")


@pytest.fixture
def listener_a(school_a):
    return staff(Role.LISTENER, school_a)


@pytest.fixture
def headquarters(db) -> Entity:
    return Entity.objects.create(
        code="dg", name="Direction générale", kind=Entity.Kind.HEADQUARTERS
    )


@pytest.fixture
def steering(headquarters):
    return login(Client(), staff(Role.STEERING, headquarters))


@pytest.fixture
def reports(listener_a, school_a):
    for n in range(6):
        report_on(listener_a, school_a, D(2025, 3, 3 + n), narrative="CANARY-INDICATOR-NARRATIVE")
    contact = intake(listener_a, school_a, consent=False)
    type(contact).objects.filter(pk=contact.pk).update(contacted_on=D(2025, 4, 2))
    refreshed()


@pytest.mark.django_db
def test_steering_sees_banded_counts_and_charts_with_nothing_nominative(
    reports, steering, school_a
):
    page = steering.get(reverse("indicators"), {"entity": school_a.code, "year": 2025})
    assert page.status_code == 200
    figures = page.context["figures"]
    assert (figures.reports.text, figures.listening_only.text) == ("5–9", "< 5")
    html = page.content.decode()
    assert "CANARY-INDICATOR-NARRATIVE" not in html and "Léa" not in html
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) >= 8
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert "style=" not in svg and "<script" not in svg  # CSP: no inline style, no script
    assert "Signalements par mois" in html and "Délais médians" in html
    assert AuditEvent.objects.filter(action="indicators.read").count() == 1


@pytest.mark.django_db
def test_the_csv_names_every_indicator_and_carries_the_page_s_figures(reports, steering, school_a):
    params = {"entity": school_a.code, "year": 2025}
    response = steering.get(reverse("indicators-export"), params)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "CANARY-INDICATOR-NARRATIVE" not in text
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == ["Périmètre", "Période", "Indicateur", "Valeur", "Effectif"]
    assert all(line[2] for line in lines[1:])
    assert lines[1][2:] == ["Synthèse", "Signalements transmis", "5–9"]
    assert lines[2][2:] == ["Synthèse", "Fiches d'écoute sans transmission", "< 5"]
    acknowledgement = [line for line in lines if line[2].startswith("Délais légaux : Accusé")]
    assert [line[3] for line in acknowledgement] == [
        "Échus",
        "Respectés",
        "Tenus en retard",
        "Manqués (dossier clos)",
        "En cours, dépassés",
    ]
    assert AuditEvent.objects.filter(action="indicators.export").count() == 1


@pytest.mark.django_db
def test_the_xlsx_carries_the_same_figures_as_the_csv(reports, steering, school_a):
    from openpyxl import load_workbook

    params = {"entity": school_a.code, "period": "academic", "academic": 2024}
    text = steering.get(reverse("indicators-export"), params).content.decode()
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    response = steering.get(reverse("indicators-export-xlsx"), params)
    assert response["Content-Disposition"].endswith('indicateurs-2024-2025.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)] == lines


@pytest.mark.django_db
def test_the_annual_report_is_a_pdf_with_the_year_s_narrative(
    reports, steering, school_a, tmp_path
):
    response = steering.get(reverse("indicators-report"), {"entity": school_a.code, "year": 2025})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    out = tmp_path / "rapport.pdf"
    call_command("annual_report", entity=school_a.code, year=2025, output=str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="indicators.annual_report").exists()


@pytest.mark.django_db
def test_the_narrative_quotes_published_figures_only(reports, school_a):
    from indicators import periods
    from indicators.narrative import narrative
    from indicators.selectors import indicators

    text = " ".join(narrative(indicators([school_a], periods.year(2025), school_a.name)))
    assert "5–9 signalements transmis" in text and "< 5 fiches" in text
    assert not re.search(r"\b6\b", text)  # the exact count never appears


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES[1:])
def test_files_need_a_code_typed_recently(reports, steering, route):
    session = steering.session
    session[SESSION_KEY] = 0
    session.save()
    response = steering.get(reverse(route), {"year": 2025})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="indicators.export").exists()


@pytest.mark.django_db
def test_periods_academic_and_custom_are_chosen_from_the_page(reports, steering, school_a):
    base = {"entity": school_a.code}
    academic = steering.get(reverse("indicators"), {**base, "period": "academic", "academic": 2024})
    assert academic.context["figures"].period.label == "année universitaire 2024-2025"
    custom = steering.get(
        reverse("indicators"), {**base, "period": "custom", "from": "2025-03", "to": "2025-04"}
    )
    assert [p.month.month for p in custom.context["figures"].months] == [3, 4]
    assert custom.context["figures"].reports.text == "5–9"
    wrong = steering.get(
        reverse("indicators"), {**base, "period": "custom", "from": "2025-05", "to": "2025-01"}
    )
    assert wrong.status_code == 200 and wrong.context["figures"].period.kind == "year"


@pytest.mark.django_db
def test_the_group_page_reads_a_constant_number_of_queries(
    steering, listener_a, school_a, school_b
):
    def queries() -> int:
        refreshed()
        with CaptureQueriesContext(connection) as ctx:
            assert steering.get(reverse("indicators"), {"year": 2025}).status_code == 200
        # The figures' queries (sessions and second-factor checks vary with the clock on
        # a loaded machine, not with the data).
        return sum(
            1
            for q in ctx.captured_queries
            if "indicators_" in q["sql"] or '"cases_case"' in q["sql"] or "cases_entity" in q["sql"]
        )

    listener_b = staff(Role.LISTENER, school_b)
    report_on(listener_a, school_a, D(2025, 3, 3))
    queries()  # the first request of a session also loads what it caches
    few = queries()
    for n in range(8):
        report_on(
            listener_b if n % 2 else listener_a, school_b if n % 2 else school_a, D(2025, 1 + n, 3)
        )
    assert queries() == few


@pytest.mark.django_db
def test_steering_of_a_school_reads_only_that_school(school_a, school_b):
    client = login(Client(), staff(Role.STEERING, school_a))
    assert client.get(reverse("indicators")).context["figures"].entity_label == school_a.name
    for route in ROUTES:
        assert client.get(reverse(route), {"entity": school_b.code}).status_code == 404
    assert client.get(reverse("indicators"), {"entity": "all"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.REFERENT, Role.LISTENER, Role.DIRECTOR, Role.ENTITY_ADMIN])
def test_indicators_are_refused_to_everyone_but_steering(role, school_a):
    client = login(Client(), staff(role, school_a))
    for route in ROUTES:
        assert client.get(reverse(route)).status_code == 404


@pytest.mark.django_db
def test_the_page_and_the_csv_read_in_english_when_english_is_chosen(reports, steering, school_a):
    """The language chosen by the cookie is activated by each request: the override puts
    back the language of the tests that follow."""
    from django.conf import settings
    from django.utils import translation

    with translation.override("en"):
        _read_in_english(steering, school_a, settings.LANGUAGE_COOKIE_NAME)


def _read_in_english(steering, school_a, cookie: str) -> None:
    steering.cookies[cookie] = "en"
    params = {"entity": school_a.code, "year": 2025}
    html = steering.get(reverse("indicators"), params).content.decode()
    for label in (
        "Anonymised indicators",
        "Calendar year",
        "Custom period (whole months, 36 at most)",
        "Reports by month",
        "Reports by month, 2025 and a year earlier",
        "A year earlier",
        "Legal deadlines that fell due in the period",
        "Met on time",
        "Open, past due",
        "no deadline fell due",
        "Median delays",
        "Not enough deadlines met to publish a median.",
        "Export (XLSX)",
        "Annual report (PDF)",
    ):
        assert label in html, label
    for french in ("Signalements par mois", "Délais médians", "Respectés", "Échus", "Année civile"):
        assert french not in html, french
    text = steering.get(reverse("indicators-export"), params).content.decode()
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[1][2:] == ["Summary", "Reports handed over", "5–9"]
    assert ["Fell due", "Met on time", "Met late", "Missed (case closed)", "Open, past due"] == [
        line[3] for line in lines if line[2] == "Legal deadlines: Acknowledgement (7 working days)"
    ]
