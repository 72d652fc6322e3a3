"""Languages offered by name (in the interface language), stored as two-letter codes."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import global_settings
from django.utils.translation import gettext, gettext_lazy

# The languages most often needed on a French campus come first in the short lists;
# the names are Django's own, translated by Django's catalogue.
COMMON = ("fr", "en", "es", "de", "it", "pt", "ar", "zh", "ru", "uk", "tr", "ro", "pl", "vi", "fa")
_NAMES: dict[str, str] = {code: name for code, name in global_settings.LANGUAGES if len(code) == 2}
# Django names Chinese only by its scripts (zh-hans, zh-hant): one spoken-language entry.
_OWN = {"zh": gettext_lazy("Chinois")}


def language_name(code: str) -> str:
    """The language's name in the interface language; the code itself if unknown."""
    if code in _OWN:
        return str(_OWN[code])
    name = _NAMES.get(code)
    return gettext(name) if name else code


def language_choices(
    codes: Iterable[str] | None = None, extra: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name: ``codes`` (every known language by default),
    plus ``extra`` codes already recorded, so that editing never drops one."""
    wanted = list(dict.fromkeys([*(codes if codes is not None else [*_NAMES, *_OWN]), *extra]))
    return sorted(((c, language_name(c)) for c in wanted), key=lambda pair: pair[1].casefold())
