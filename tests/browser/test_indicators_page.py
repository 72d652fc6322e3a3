"""Steering reads the indicators page: masked small counts, the CSV export, and the
blind-index lookup a referent runs from a case page."""

from __future__ import annotations

from playwright.sync_api import expect

from cases.models import Entity, Role
from tests.builders import case_for, implicated
from tests.people import staff
from tests.workflows.conftest import intake


def test_steering_reads_masked_indicators_and_a_referent_checks_a_name(
    transactional_db, logged_in_page, shoot
):
    school = Entity.objects.create(code="ecole", name="École des Mines")
    headquarters = Entity.objects.create(
        code="dg", name="Direction générale", kind=Entity.Kind.HEADQUARTERS
    )
    listener = staff(Role.LISTENER, school)
    for n in range(7):
        intake(listener, school, consent=n < 6)

    page = logged_in_page(staff(Role.STEERING, headquarters), start="/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs anonymisés")
    expect(page.get_by_text("Signalements transmis")).to_be_visible()
    shoot(page, "indicators-consolidated")
    page.get_by_label("Périmètre").select_option("ecole")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="École des Mines", exact=False)).to_be_visible()
    expect(page.locator("dd").first).to_have_text("6")
    expect(page.locator("dd").nth(1)).to_have_text("< 5")
    shoot(page, "indicators-school")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter (CSV)").click()
    assert download.value.suggested_filename.startswith("indicateurs-")

    # A referent asks, from a case they hold, whether its implicated person is named elsewhere.
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
