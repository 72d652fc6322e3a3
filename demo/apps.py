from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Commands for trying Recueil out (``seed_demo``, ``demo_totp``) and for loading it
    with generated cases (``generate_load``, the benchmarks' data)."""

    name = "demo"
    verbose_name = "Démonstration et charge"
