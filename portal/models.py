"""What the portal keeps: the slow hash of each receipt code, and its rate counters.

Nothing here says who sent a report: no address, no browser, no time finer than the
case's own dates (T6).
"""

from __future__ import annotations

from django.db import models


class ReceiptCode(models.Model):
    """A receipt code, as only a slow hash (scrypt) with a short public lookup prefix.

    The prefix (the first group, 20 bits) lets a login find its row in one indexed
    lookup; the other 80 bits are the secret, checked against ``digest``.
    """

    thread = models.OneToOneField(
        "threads.ReporterThread", on_delete=models.CASCADE, related_name="receipt_code"
    )
    prefix = models.CharField(max_length=8, db_index=True)
    salt = models.BinaryField(max_length=16)
    digest = models.BinaryField(max_length=64)
    created_on = models.DateField(auto_now_add=True)

    def __str__(self) -> str:
        return f"receipt-code:{self.pk}"


class RateCounter(models.Model):
    """Hits of one bucket in one time window, shared by every node (in the database).

    A bucket names what is counted (``submit:all``, ``code:K7QM``…), never who.
    """

    bucket = models.CharField(max_length=64)
    window = models.BigIntegerField()  # epoch seconds // window length
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "window"], name="one_counter_per_window")
        ]

    def __str__(self) -> str:
        return f"rate:{self.bucket}:{self.window}"
