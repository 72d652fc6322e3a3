"""Monthly counts per entity: the only rows the indicator pages read.

A row is one count of one fact (a report, a report's category, a deadline's state...)
for one entity and one calendar month. Rows carry codes and counts only — no case id,
no date finer than the month — so they survive crypto-shredding unchanged and a page
reads a few thousand rows whatever the number of cases (docs/INDICATORS.md).
"""

from __future__ import annotations

from django.db import models

from cases.models import Entity


class MonthlyCount(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    dimension = models.CharField(max_length=30)
    code = models.CharField(max_length=80, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "month", "dimension", "code"], name="one_count_per_fact"
            )
        ]
        indexes = [models.Index(fields=["month", "dimension"])]

    def __str__(self) -> str:
        return f"count:{self.entity_id}:{self.month}:{self.dimension}:{self.code}"


class RefreshMark(models.Model):
    """When the counts were last brought up to date (one row)."""

    refreshed_at = models.DateTimeField()
    full = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"refresh:{self.refreshed_at:%Y-%m-%d %H:%M}"


class Publication(models.Model):
    """The published figures of a standard period (a year, an academic year), computed by
    the timer after each refresh so that a page only reads them. Bands and masks only,
    plus the exact counts the page never renders (kept with the rest for the tests and
    the narrative); like the monthly counts, nothing that names anyone."""

    start = models.DateField()
    end = models.DateField()  # the published end: the period's end or the cutoff
    refreshed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["start", "end"], name="one_publication_per_period")
        ]

    def __str__(self) -> str:
        return f"publication:{self.start}:{self.end}"
