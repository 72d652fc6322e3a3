"""Entities, staff accounts and the roles they hold in an entity."""
