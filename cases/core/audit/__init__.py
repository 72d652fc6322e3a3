"""The hash-chained audit trail, its sealing of django-auditlog entries and its labels."""
