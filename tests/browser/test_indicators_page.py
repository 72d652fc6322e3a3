"""Steering reads the indicators: the group and a school, charts beside their tables, the
periods, the files behind a fresh code; and the blind-index lookup a referent runs from a
case page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Entity, Role
from tests.builders import case_for, implicated
from tests.indicators.helpers import deadline, refreshed, report_on
from tests.people import staff

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Elements that scroll sideways inside the page (a table in a scrolling box, a card).
SIDEWAYS = """() => [...document.querySelectorAll('main *')].filter(el => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1;
}).map(el => `${el.tagName}.${el.className} ${el.id}`)"""


def fits_a_phone(page: Page) -> None:
    """At 390 px every table and chart is read without scrolling sideways: not the page,
    not a box inside it."""
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SIDEWAYS) == []


def test_steering_reads_the_group_and_a_school_with_charts_and_files(
    transactional_db, logged_in_page, shoot, axe_check
):
    year = timezone.localdate().year - 1
    school = Entity.objects.create(code="ecole", name="École des Mines")
    other = Entity.objects.create(code="autre", name="École Télécom")
    headquarters = Entity.objects.create(
        code="dg", name="Direction générale", kind=Entity.Kind.HEADQUARTERS
    )
    listener, listener_b = staff(Role.LISTENER, school), staff(Role.LISTENER, other)
    # Known figures: the school 5 in March and 2 in April, the other school 3 in March.
    cases = [report_on(listener, school, dt.date(year, 3, 2 + n)) for n in range(5)]
    cases += [report_on(listener, school, dt.date(year, 4, 7), channel="email") for _ in range(2)]
    for _ in range(3):
        report_on(listener_b, other, dt.date(year, 3, 9))
    for n, case in enumerate(cases):
        met = dt.date(year, 3, 10) if n < 3 else None
        deadline(case, "acknowledgement", dt.date(year, 3, 12), met)
    refreshed()

    page = logged_in_page(staff(Role.STEERING, headquarters), start="/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs anonymisés")
    page.get_by_label("Année civile").check()
    page.locator("#indicator-year").select_option(str(year))
    page.get_by_role("button", name="Afficher").click()
    summary = page.locator("dl.figures dd")
    expect(summary.first).to_have_text("10–14")  # the group: 10 reports
    expect(page.get_by_role("img", name="Signalements par mois", exact=False)).to_be_visible()
    expect(page.get_by_text("< 5 respectés sur 5–9 échus")).to_be_visible()
    axe_check(page)
    shoot(page, "group-desktop")
    fits_a_phone(page)
    shoot(page, "group-390")
    page.set_viewport_size(DESKTOP)

    page.get_by_label("Périmètre", exact=True).select_option("autre")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="École Télécom", exact=False)).to_be_visible()
    expect(summary.first).to_have_text("< 5")
    page.get_by_label("Périmètre", exact=True).select_option("ecole")
    page.get_by_label("Année universitaire (sept.–août)").check()
    page.locator("#indicator-academic").select_option(str(year - 1))
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="École des Mines", exact=False)).to_be_visible()
    expect(summary.first).to_have_text("5–9")
    axe_check(page)
    shoot(page, "school-desktop")
    fits_a_phone(page)
    shoot(page, "school-390")
    page.set_viewport_size(DESKTOP)
    for link, suffix in (
        ("Exporter (CSV)", ".csv"),
        ("Exporter (XLSX)", ".xlsx"),
        ("Rapport annuel (PDF)", ".pdf"),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=link).click()
        assert download.value.suggested_filename.endswith(suffix)


def test_a_referent_checks_whether_a_name_is_cited_elsewhere(
    transactional_db, logged_in_page, shoot
):
    school = Entity.objects.create(code="ecole", name="École des Mines")
    referent = staff(Role.REFERENT, school)
    earlier = case_for(referent, school)
    implicated(earlier, referent, first="Maxime", last="Lefèvre")
    hidden = case_for(staff(Role.REFERENT, school), school)
    implicated(hidden, hidden_holder(hidden), first="Maxime", last="Lefèvre")
    current = case_for(referent, school)
    implicated(current, referent, first="MAXIME", last="lefevre")
    page = logged_in_page(referent, start=f"/cases/{current.pk}/")
    page.get_by_role("button", name="Déjà citée ailleurs ?").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("autres dossiers")
    expect(page.get_by_role("link", name=earlier.reference)).to_be_visible()
    expect(page.get_by_text("1 dossier auquel vous n'avez pas accès")).to_be_visible()
    shoot(page, "named-elsewhere")


def hidden_holder(case):
    """The referent holding ``case`` (its creator in the builders)."""
    from cases.models import CaseGrant

    return CaseGrant.objects.filter(content_object=case).first().user
