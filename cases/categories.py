"""Default report categories (IMT procedure + the 2024-2026 widened scope)."""

from __future__ import annotations

from typing import Any

# The nine categories of the IMT reporting procedure, then the scope added by the
# 2024-2026 plan. ``article40_review``: facts that are crimes or serious offences
# (viol: crime, art. 222-23 code pénal; agression sexuelle: délit, art. 222-22;
# violences: art. 222-7 ff.) cannot be closed without an Article 40 decision.
DEFAULTS = [
    ("harcelement-moral", "Harcèlement moral", "Moral harassment", False),
    ("harcelement-sexuel", "Harcèlement sexuel", "Sexual harassment", False),
    ("cyberharcelement", "Cyberharcèlement", "Cyber-harassment", False),
    ("agissement-sexiste", "Agissement sexiste", "Sexist behaviour", False),
    ("agression-sexuelle", "Agression sexuelle", "Sexual assault", True),
    ("viol", "Viol", "Rape", True),
    ("discrimination", "Discrimination", "Discrimination", False),
    ("violence", "Violence", "Violence", True),
    (
        "sante-securite",
        "Santé au travail, hygiène et sécurité",
        "Occupational health and safety",
        False,
    ),
    ("racisme", "Racisme", "Racism", False),
    ("antisemitisme", "Antisémitisme", "Antisemitism", False),
    ("lgbt-phobie", "LGBT-phobie", "LGBT-phobia", False),
    ("laicite", "Atteinte à la laïcité", "Breach of secularism (laïcité)", False),
]


def ensure_default_categories(category_model: Any) -> None:
    """Create the defaults that are missing; never changes an edited category.

    ``category_model`` is ``cases.models.Category``, or its historical version when a
    migration calls this.
    """
    if category_model.objects.count() >= len(DEFAULTS):
        return
    for position, (code, fr, en, art40) in enumerate(DEFAULTS):
        category_model.objects.get_or_create(
            code=code,
            defaults={
                "label_fr": fr,
                "label_en": en,
                "article40_review": art40,
                "position": position,
            },
        )
