"""The form renderer: Django's widget templates and Recueil's field template, in Jinja2.

Every form field of the site is drawn by ``config/jinja2/recueil/field.html`` through
``{{ form.name.as_field_group }}`` (Django's field-group rendering), and its widget by
Django's own Jinja2 widget templates. The pages stay Django templates. Measured on the
intake form (docs/PERFORMANCE.md): the Django template engine spent most of the page's
time including the field template and rendering checkbox lists option by option.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import Jinja2

_HERE = Path(__file__).resolve().parent


class FormRenderer(Jinja2):
    field_template_name = "recueil/field.html"

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [_HERE / "jinja2", Path(django.forms.__file__).parent / "jinja2"],
                "NAME": "recueilforms",
                "OPTIONS": {},
            }
        )
