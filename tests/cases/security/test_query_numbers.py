"""Security test finding 5: a number typed into a URL never makes a 500.

Each page reading a whole number from the query string answers with a clear result
(first or last page, this year with a message, or a 400 saying why).
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases.core.security.params import LAST_PAGE, query_int, query_page
from cases.models import Entity, Role
from indicators import periods
from tests.people import login, staff

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
BAD_PAGES = [HUGE, "99999999999999999999", "abc", "-3", "²", "1e400", "", " 7", "0"]
BAD_YEARS = ["0", "1", HUGE, "99999", "abc", "²", "-2026"]


def _request(**params: str):
    return RequestFactory().get("/", params)


@pytest.mark.parametrize(
    ("given", "page"),
    [("3", 3), ("0", 1), ("abc", 1), ("²", 1), ("-3", 1), (HUGE, LAST_PAGE), ("", 1)],
)
def test_a_page_number_is_read_as_a_page_or_the_first_or_the_last(given, page):
    assert query_page(_request(page=given)) == page


def test_a_number_outside_its_bounds_or_not_a_number_is_refused():
    assert query_int(_request(year="2026"), "year", low=2000, high=2027) == 2026
    for given in BAD_YEARS:
        assert query_int(_request(year=given), "year", low=2000, high=2027) is None


@pytest.mark.parametrize("given", BAD_PAGES)
def test_the_case_list_answers_any_page_number_without_an_error(referent_a, given):
    client = login(Client(raise_request_exception=True), referent_a)
    response = client.get(reverse("case-list"), {"page": given})
    assert response.status_code == 200


@pytest.mark.parametrize("given", BAD_PAGES)
def test_the_inbox_answers_any_page_numbers_without_an_error(referent_a, given):
    client = login(Client(raise_request_exception=True), referent_a)
    response = client.get(reverse("inbox"), {"mine": given, "pool": given})
    assert response.status_code == 200


@pytest.fixture
def steering(db):
    headquarters = Entity.objects.create(
        code="dg", name="Direction générale", kind=Entity.Kind.HEADQUARTERS
    )
    return staff(Role.STEERING, headquarters)


@pytest.mark.parametrize("given", BAD_YEARS)
def test_indicators_for_a_year_that_is_not_valid_show_this_year_with_a_message(
    steering, school_a, given
):
    client = login(Client(raise_request_exception=True), steering)
    response = client.get(reverse("indicators"), {"year": given})
    assert response.status_code == 200
    assert response.context["period"] == periods.year(timezone.localdate().year)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]


@pytest.mark.parametrize("given", BAD_YEARS)
def test_the_indicators_export_for_a_year_that_is_not_valid_is_a_400_that_says_why(
    steering, school_a, given
):
    client = login(Client(raise_request_exception=True), steering)
    response = client.get(reverse("indicators-export"), {"year": given})
    assert response.status_code == 400
    assert "période n'est pas valide" in response.content.decode()


def test_the_indicators_export_without_a_year_is_this_years(steering, school_a):
    client = login(Client(raise_request_exception=True), steering)
    response = client.get(reverse("indicators-export"))
    assert response.status_code == 200
    assert f"indicateurs-{timezone.localdate().year}.csv" in response["Content-Disposition"]
