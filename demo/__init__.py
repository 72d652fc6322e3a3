"""Tooling: demonstration data and load generation. Nothing in Recueil imports it."""
