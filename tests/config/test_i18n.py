"""French first, English second: pages follow the chosen language, and every string of the
interface has an English translation.

When a test below fails because of untranslated strings, run (from the repository root)

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemessages \\
        -l en --ignore=.venv --ignore=var --ignore=bench
    # translate the new entries of locale/en/LC_MESSAGES/django.po, then
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py compilemessages \\
        -l en --ignore=.venv --ignore=var --ignore=bench

and commit both the .po and the .mo (the .mo lets a machine without gettext serve English).
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.people import login

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)


def po_entries(path: Path) -> list[Entry]:
    """The entries of a .po file (header excluded), with their flags and fields."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current.fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current.fields[key] = ast.literal_eval(value)
    return [e for e in entries if e.fields.get("msgid") != "" or "msgctxt" in e.fields]


def test_french_is_the_default_and_english_the_second_language():
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "en"]
    assert settings.USE_I18N
    assert LOCALE.parent.parent in [Path(p) for p in settings.LOCALE_PATHS]
    middleware = settings.MIDDLEWARE
    locale = middleware.index("django.middleware.locale.LocaleMiddleware")
    assert middleware.index("django.contrib.sessions.middleware.SessionMiddleware") < locale
    assert locale < middleware.index("django.middleware.common.CommonMiddleware")


@pytest.mark.django_db
def test_the_login_page_is_french_by_default(client: Client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="fr">' in page
    assert "Connexion" in page and "Mot de passe" in page
    assert "Password" not in page


@pytest.mark.django_db
def test_the_login_page_is_english_for_a_browser_asking_for_english(client: Client):
    page = client.get(reverse("login"), headers={"accept-language": "en-GB,en;q=0.9"})
    text = page.content.decode()
    assert '<html lang="en">' in text
    assert "Log in" in text and "Password" in text and "Continue" in text
    assert "Mot de passe" not in text


@pytest.mark.django_db
def test_the_language_switch_turns_the_inbox_to_english_and_back(client: Client, referent_a):
    login(client, referent_a)
    french = client.get(reverse("inbox")).content.decode()
    assert "Mes tâches" in french and "À faire maintenant" in french
    # The switch in the header: a POST form with a CSRF token and one button per language.
    assert f'action="{reverse("set_language")}" method="post"' in french
    assert 'name="csrfmiddlewaretoken"' in french
    assert re.search(r'<button type="submit" name="language" value="en"', french)

    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("inbox")})
    assert switched.status_code == 302 and switched["Location"] == reverse("inbox")
    english = client.get(reverse("inbox")).content.decode()
    assert '<html lang="en">' in english
    assert (
        "My tasks" in english
        and "To do now" in english
        and "No task is assigned to you." in english
    )
    assert "Mes tâches" not in english

    client.post(reverse("set_language"), {"language": "fr", "next": reverse("inbox")})
    assert "Mes tâches" in client.get(reverse("inbox")).content.decode()


def test_every_string_of_the_interface_has_an_english_translation():
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 500, "locale/en/LC_MESSAGES/django.po looks truncated"
    problems = []
    for entry in entries:
        strings = [v for k, v in entry.fields.items() if k.startswith("msgstr")]
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {entry.fields['msgid']!r}")
        elif not strings or not all(s.strip() for s in strings):
            problems.append(f"line {entry.line}: untranslated: {entry.fields['msgid']!r}")
    assert problems == [], "\n".join(problems)


def test_the_compiled_catalogue_matches_the_translations():
    """The committed .mo is what Django reads: it must be compiled from the current .po."""
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for entry in po_entries(LOCALE / "django.po"):
        msgid, context = entry.fields["msgid"], entry.fields.get("msgctxt")
        if "msgid_plural" in entry.fields:
            got = [
                catalogue.npgettext(context, msgid, entry.fields["msgid_plural"], n)
                if context
                else catalogue.ngettext(msgid, entry.fields["msgid_plural"], n)
                for n in (1, 2)
            ]
            wanted = [entry.fields["msgstr[0]"], entry.fields["msgstr[1]"]]
        else:
            got = [catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)]
            wanted = [entry.fields["msgstr"]]
        if got != wanted:
            stale.append(msgid)
    assert stale == [], f"recompile the .mo (compilemessages): {stale[:5]}"
