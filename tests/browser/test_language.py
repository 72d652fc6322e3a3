"""The FR/EN switch in the header, clicked in a browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cases.models import Role, User
from tests.people import staff
from tests.workflows.conftest import intake


def test_the_inbox_switches_to_english_and_back(logged_in_page, shoot, school_a, referent_a: User):
    intake(staff(Role.LISTENER, school_a, username="listener.a"), school_a)
    page: Page = logged_in_page(referent_a, "/inbox/")
    expect(page.get_by_role("button", name="Français")).to_have_attribute("aria-current", "true")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    expect(page.get_by_role("heading", name="To do now")).to_be_visible()
    expect(page.get_by_text("No task is assigned to you.")).to_be_visible()
    expect(page.get_by_role("link", name="Acknowledge the report")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    shoot(page, "inbox-english")

    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
