"""An enquiry whose case is closed takes no change; it can still be ended, so that its
commission loses access (``enquiries.services.common.require_running``)."""

from __future__ import annotations

import pytest

from cases.models import Case, Party
from cases.services.closed import CaseClosed
from enquiries.models import Enquiry
from enquiries.services import enquiry_end, witness_add

pytestmark = pytest.mark.django_db


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)


def test_a_commission_member_adds_no_witness_once_the_case_is_closed(enquiry, commission, alice):
    close(enquiry.case)
    parties = Party.objects.filter(case=enquiry.case).count()
    with pytest.raises(CaseClosed, match="rouvrez-le"):
        witness_add(actor=alice, enquiry=enquiry, identity={"first_name": "Léa"}, status="student")
    assert Party.objects.filter(case=enquiry.case).count() == parties


def test_a_running_enquiry_of_a_closed_case_is_still_ended(enquiry, commission, referent_a):
    close(enquiry.case)
    ended = enquiry_end(actor=referent_a, enquiry=enquiry, reason="Dossier clos")
    assert ended.status == Enquiry.Status.ENDED
    assert not enquiry.members.filter(ended_at__isnull=True).exists()
