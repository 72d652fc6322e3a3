"""Error reports without local variables (T7).

Django's error report lists every frame's local variables; in Recueil those may
hold a decrypted narrative or a name. Reports keep the traceback (file, line,
function) and drop the values.
"""

from __future__ import annotations

from collections.abc import ItemsView
from typing import Any

from django.views.debug import SafeExceptionReporterFilter


class NoLocalsExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> ItemsView[str, Any]:
        return {}.items()

    def get_post_parameters(self, request: Any) -> dict[str, str]:
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}
