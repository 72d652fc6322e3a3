"""Every benchmark of ``make bench`` runs on a small generated data set (so none rots)."""

from __future__ import annotations

import pytest

from bench import harness, retention, suites
from bench.loadgen import generate_load
from bench.report import comparisons

pytestmark = pytest.mark.django_db


def test_every_benchmark_runs_and_reports_a_ratio_against_its_baseline(monkeypatch, settings):
    monkeypatch.setattr(harness, "REPEAT_FACTOR", 0.05)
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    generate_load(cases=80, entities=2, seed=11)
    results = []
    for name, bench in suites.ALL.items():
        if name.startswith("letter") or name == "apply_retention":
            continue  # LibreOffice-bound (tests/templates_legal); retention: its own test below
        outcome = bench()
        data = outcome if isinstance(outcome, dict) else outcome.as_dict()
        assert data["ratio"] > 0, name
        results.append(data)
    # Staff pages check their query count for the smallest and largest holder; the
    # indicators pages (vs COUNT(*)) and the portal (no holder) are checked elsewhere.
    pages = [r for r in results if "queries_small" in r.get("extra", {})]
    assert pages and all(r["extra"]["query_count_constant"] for r in pages), [
        (r["name"], r["extra"]["queries_small"], r["extra"]["queries_large"]) for r in pages
    ]
    table = comparisons({"database": "test", "cases": 80, "date": "now", "results": results})
    assert "| page_inbox |" in table


def test_apply_retention_is_measured_against_a_bare_key_erase_and_leaves_the_data_as_it_was():
    generate_load(cases=20, entities=1, seed=5)
    from cases.models import AuditEvent, Case, CaseKey

    before = (
        Case.objects.count(),
        AuditEvent.objects.count(),
        CaseKey.objects.filter(wrapped=None).count(),
    )
    data = retention.apply_retention_speed(count=300, batch=100)
    assert data["cases"] == 300 and data["ratio"] > 0
    assert data["recueil_cases_per_second"] > 0 and data["baseline_cases_per_second"] > 0
    after = (
        Case.objects.count(),
        AuditEvent.objects.count(),
        CaseKey.objects.filter(wrapped=None).count(),
    )
    assert after == before


def test_the_letter_benchmark_renders_its_baseline_with_every_value_the_letter_needs(
    monkeypatch,
):
    # The DOCX path only (the PDF one is LibreOffice-bound): its baseline context must
    # follow the letter's required values, the signature block included.
    from bench import letters

    monkeypatch.setattr(harness, "REPEAT_FACTOR", 0.05)
    generate_load(cases=10, entities=1, seed=3)
    result = letters.letter_docx()
    assert result.ratio > 0
    assert result.extra["docx_bytes"] > 0
