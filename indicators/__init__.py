"""Steering indicators: anonymised counts per entity and year, consolidated for the group."""
