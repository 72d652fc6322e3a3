"""Browser tests: Debian's headless Chromium drives the live server as a person would.

Fixtures for every browser test module (use them, do not start another browser):

``page``
    A fresh, anonymous browser tab (its own cookies) in French, on the live server.
``logged_in_page(user, start="/inbox/")``
    A fresh tab where ``user`` went through the real login: password, then the code of
    their authenticator (a confirmed TOTP device is created if they have none). Call it
    once per person; each call is a separate browser context, so a listener and a
    referent can act side by side in one test.
``shoot(page, name)``
    Checks the page (one ``<h1>``, a ``lang`` attribute, a label for every field, nothing
    on the console: no CSP violation, no failed resource, no script error), then saves a
    full-page screenshot as ``var/screenshots/<test>/NN-name.png``. Call it on every page
    a test visits. ``shoot(page, name, allow_console=("404",))`` tolerates console errors
    containing one of the given strings (a page that is meant to answer 404).
``browser_console``
    Everything the tabs of the test printed on their consoles.

Playwright's own browser download is not used: CI installs Debian's ``chromium``, and
without it (or with ``RECUEIL_CHROMIUM`` naming a missing file) every test of this folder is
skipped with the reason, not failed. Playwright is imported here only, so the rest of
the suite never pays for it.

One Chromium serves the whole folder (package scope, ~1 s to start); each test gets new
browser contexts, which are cheap (~50 ms).
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pytest
from django.db import connections
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)

from cases.models import User
from tests.people import PASSWORD, totp_device
from tests.system_packages import missing

CHROMIUM = Path(os.environ.get("RECUEIL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
HERE = Path(__file__).resolve().parent

# A slow CI machine may take a while to start Chromium, never to render one page.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session: only the tests of this folder are browser tests.
    # Skipping here rather than in each module also covers modules added later.
    skip = pytest.mark.skip(reason=missing("Chromium", "chromium chromium-driver"))
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser(live_server) -> Iterator[Browser]:
    """One headless Chromium for every test of this folder.

    Playwright's sync API marks an asyncio loop as running in this thread between its
    calls. Django then refuses ORM calls (SynchronousOnlyOperation) although they are
    synchronous, hence ``DJANGO_ALLOW_ASYNC_UNSAFE`` for exactly as long as Playwright
    lives; and asgiref would hand this thread a second set of database connections
    (``connections`` is thread-local, context-local while a loop "runs"). The same
    connection objects are put back in the context storage, so test bodies, fixtures and
    the flush between tests all use the one connection the test database was set up on
    (which the live server shares when the database is SQLite in memory).
    """
    thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    # The loop is stopped: this thread's storage is the thread-local one again.
    assert asyncio.events._get_running_loop() is None


@dataclass
class Console:
    """What the tabs of one test printed on their consoles, page after page."""

    messages: list[str] = field(default_factory=list)
    checked: int = 0

    def record(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            where = message.location.get("url", "") if message.location else ""
            self.messages.append(f"{message.type}: {message.text} ({where})")

    def record_error(self, error: Exception) -> None:
        self.messages.append(f"pageerror: {error}")

    def unchecked(self) -> list[str]:
        """The messages since the previous call."""
        new, self.checked = self.messages[self.checked :], len(self.messages)
        return new


@pytest.fixture
def browser_console() -> Console:
    return Console()


class NewContext(Protocol):
    def __call__(self) -> BrowserContext: ...


@pytest.fixture
def new_context(
    browser: Browser, live_server, transactional_db, browser_console: Console
) -> Iterator[NewContext]:
    """Open browser contexts (separate cookie jars) for this test; all closed after it.

    The live server needs committed data, hence ``transactional_db`` (the root conftest
    re-seeds the default categories after each flush).
    """
    opened: list[BrowserContext] = []

    def open_context() -> BrowserContext:
        context = browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            viewport={"width": 1280, "height": 800},
        )
        context.set_default_timeout(10_000)
        context.on("console", browser_console.record)
        context.on("weberror", lambda e: browser_console.record_error(e.error))
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    """A fresh, anonymous tab in French on the live server."""
    return new_context().new_page()


# --- logging in ----------------------------------------------------------------------------


def path_is(path: str) -> re.Pattern[str]:
    """The page's URL is exactly ``path`` on the live server (query string included)."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + "$")


def password_step(page: Page, user: User, start: str = "/") -> None:
    """Open ``start``, get sent to the login page, and type the username and password."""
    page.goto(start)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Identifiant").fill(user.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Continuer").click()


def code_for(device: TOTPDevice) -> str:
    """What the authenticator app shows now, as the device will accept it.

    django-otp refuses a code of a time step it already accepted (replay), so when the
    same person logged in less than 30 s ago this gives the next step's code, which the
    device's tolerance of one step accepts.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def code_from_secret(secret: str) -> str:
    """The code an authenticator shows for the base32 key typed in by hand."""
    key = base64.b32decode(secret.strip() + "=" * (-len(secret.strip()) % 8))
    return f"{TOTP(key).token():06d}"


def code_step(page: Page, user: User) -> None:
    """On the code page, type the current code of ``user``'s authenticator."""
    expect(page).to_have_url(re.compile(r"/login/code/"))
    page.get_by_label("Code à usage unique").fill(code_for(totp_device(user)))
    page.get_by_role("button", name="Valider").click()


LoggedInPage = Callable[..., Page]


@pytest.fixture
def logged_in_page(new_context: NewContext) -> LoggedInPage:
    """``logged_in_page(user, start="/inbox/")``: a new tab where ``user`` logged in for
    real (password, then TOTP code) and landed on ``start``."""

    def log_in(user: User, start: str = "/inbox/") -> Page:
        tab = new_context().new_page()
        totp_device(user)
        password_step(tab, user, start)
        code_step(tab, user)
        expect(tab).to_have_url(path_is(start))
        return tab

    return log_in


# --- looking at pages ------------------------------------------------------------------------

# Form controls without an associated label (<label for>, a wrapping <label>, aria-label or
# aria-labelledby). Hidden inputs and buttons label themselves or need none.
UNLABELLED_FIELDS_JS = """
() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
  .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 120))
"""


def assert_page_is_sound(page: Page, console: Console, allow_console: tuple[str, ...] = ()) -> None:
    """Accessibility and hygiene smoke test of the page as it is now."""
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^[a-z]{2}"))
    expect(page).to_have_title(re.compile(r"\S · Recueil$"))
    unlabelled = page.evaluate(UNLABELLED_FIELDS_JS)
    assert unlabelled == [], f"{page.url}: fields without a label: {unlabelled}"
    complaints = [
        m for m in console.unchecked() if not any(allowed in m for allowed in allow_console)
    ]
    # A Content-Security-Policy violation is reported as a console error, so is a failed
    # resource or an uncaught script error.
    assert complaints == [], f"{page.url}: {complaints}"


Shoot = Callable[..., Path]


@pytest.fixture
def shoot(request: pytest.FixtureRequest, browser_console: Console) -> Shoot:
    """``shoot(page, name)``: check the page, then save ``var/screenshots/<test>/NN-name.png``."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "-", request.node.name)
    if folder.exists():
        for old in folder.glob("*.png"):
            old.unlink()
    count = 0

    def take(page: Page, name: str, *, allow_console: tuple[str, ...] = ()) -> Path:
        nonlocal count
        assert_page_is_sound(page, browser_console, allow_console)
        count += 1
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{count:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


# --- accessibility ---------------------------------------------------------------------------

AxeCheck = Callable[[Page], None]


@pytest.fixture
def axe_check() -> AxeCheck:
    """``axe_check(page)``: axe-core finds no serious or critical violation on the page."""
    # Imported here: only the tests that ask for it pay for loading axe-core.
    from axe_playwright_python.sync_playwright import Axe

    def check(page: Page) -> None:
        results = Axe().run(page)
        grave = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert grave == [], f"{page.url}: {grave}"

    return check
