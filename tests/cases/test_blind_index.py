"""The blind index finds the same person across cases without any name in clear."""

from __future__ import annotations

import pytest

from cases.core.crypto.blind_index import name_digest, normalise_name
from cases.models import AuditEvent, PartyIndexEntry
from cases.services.cases import party_named_elsewhere
from tests.builders import case_for, implicated
from tests.people import Role, staff


def test_names_match_whatever_the_case_accents_spacing_and_order():
    assert normalise_name("  Zoé   LE-GALL ") == normalise_name("le gall zoe")
    assert name_digest("Zoé Le Gall") == name_digest("LE GALL, zoe")
    assert name_digest("Zoé Le Gall") != name_digest("Zoé Le Gal")


@pytest.mark.django_db
def test_the_index_stores_digests_not_names(referent_a, school_a):
    case = case_for(referent_a, school_a)
    implicated(case, referent_a, first="Maxime", last="Lefèvre", email="m.lefevre@example.invalid")
    digests = list(PartyIndexEntry.objects.values_list("digest", flat=True))
    assert len(digests) == 2
    assert all("lef" not in d.lower() for d in digests)


@pytest.mark.django_db
def test_a_referent_learns_the_implicated_person_is_named_in_another_case(referent_a, school_a):
    earlier = case_for(referent_a, school_a)
    implicated(earlier, referent_a, first="Maxime", last="Lefèvre")
    later = case_for(referent_a, school_a)
    party = implicated(later, referent_a, first="maxime", last="LEFEVRE")
    report = party_named_elsewhere(actor=referent_a, party=party)
    assert report.visible == [earlier]
    assert report.hidden_count == 0
    assert AuditEvent.objects.filter(action="index.lookup", object_id=str(later.pk)).exists()


@pytest.mark.django_db
def test_cases_the_referent_may_not_see_are_counted_not_shown(referent_a, school_a):
    other_referent = staff(Role.REFERENT, school_a)
    hidden = case_for(other_referent, school_a)
    implicated(hidden, other_referent, first="Maxime", last="Lefèvre")
    mine = case_for(referent_a, school_a)
    party = implicated(mine, referent_a, first="Maxime", last="Lefèvre")
    report = party_named_elsewhere(actor=referent_a, party=party)
    assert report.visible == []
    assert report.hidden_count == 1


@pytest.mark.django_db
def test_the_index_does_not_cross_entities(referent_a, referent_b, school_a, school_b):
    implicated(case_for(referent_b, school_b), referent_b, first="Maxime", last="Lefèvre")
    party = implicated(case_for(referent_a, school_a), referent_a, first="Maxime", last="Lefèvre")
    assert not party_named_elsewhere(actor=referent_a, party=party).found


def _ask(client, case, party):
    from django.urls import reverse

    return client.post(
        reverse("party-elsewhere", kwargs={"case_id": case.pk, "party_id": party.pk})
    )


@pytest.mark.django_db
def test_the_case_page_lookup_shows_visible_cases_and_counts_hidden_ones(referent_a, school_a):
    from django.test import Client

    from tests.people import login

    other_referent = staff(Role.REFERENT, school_a)
    implicated(case_for(other_referent, school_a), other_referent, first="Maxime", last="Lefèvre")
    earlier = case_for(referent_a, school_a)
    implicated(earlier, referent_a, first="Maxime", last="Lefèvre")
    mine = case_for(referent_a, school_a)
    party = implicated(mine, referent_a, first="MAXIME", last="lefevre")
    client = login(Client(), referent_a)
    assert "Déjà citée ailleurs" in client.get(f"/cases/{mine.pk}/").content.decode()
    html = _ask(client, mine, party).content.decode()
    assert earlier.reference in html
    assert "1 dossier auquel vous n&#x27;avez pas accès" in html or "1 dossier auquel" in html
    assert client.get(f"/cases/{mine.pk}/parties/{party.pk}/elsewhere/").status_code == 405


@pytest.mark.django_db
def test_the_lookup_is_refused_to_anyone_without_triage_on_the_case(
    referent_a, referent_b, school_a
):
    from django.test import Client

    from cases.services.access import access_grant
    from tests.people import login

    mine = case_for(referent_a, school_a)
    party = implicated(mine, referent_a, first="Maxime", last="Lefèvre")
    investigator = staff(Role.INVESTIGATOR, school_a)
    access_grant(
        actor=referent_a, case=mine, user=investigator, permissions=["view_case"], reason="enquête"
    )
    for outsider in (referent_b, staff(Role.REFERENT, school_a), investigator):
        assert _ask(login(Client(), outsider), mine, party).status_code == 404
    assert not AuditEvent.objects.filter(action="index.lookup").exists()
