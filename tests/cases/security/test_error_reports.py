"""Error reports never carry local variables or posted values (T7)."""

from __future__ import annotations

import sys

from django.test import RequestFactory
from django.views.debug import ExceptionReporter


def test_an_error_report_omits_local_variables_and_posted_values():
    # Built at run time so that the source lines shown in the report do not contain them.
    posted, local = "-".join(["POSTED", "SECRET"]), "-".join(["LOCAL", "SECRET"])
    request = RequestFactory().post("/cases/x/", {"narrative": posted})
    try:
        narrative = local  # noqa: F841  (a decrypted value in a frame)
        raise ValueError("boom")
    except ValueError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    text = reporter.get_traceback_text()
    html = reporter.get_traceback_html()
    for report in (text, html):
        assert local not in report
        assert posted not in report
    assert "boom" in text
