"""Headless Chromium for the admin's browser tests: Debian's own, skipped where it is missing,
signed in to the admin of pytest-django's live server."""

import os
from contextlib import contextmanager

import pytest
from django.db import connections

from tests.admin.roles import PASSWORD

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# made between browser steps, never concurrently with the live server's.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# A browser test module's pytestmark.
BROWSER_TEST = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium"),
]


@contextmanager
def chromium_page(**context_options):
    """A page in a fresh headless Chromium, in British English."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="en-GB", **context_options)
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            # The test's ORM calls, made while Playwright's loop runs, get connections of their
            # own: close them, or the test database cannot be dropped at the end.
            connections.close_all()
            browser.close()


def sign_in(page, admin_url: str, username: str):
    """Sign `username` (a user made by tests.admin.roles.member_of) in to the admin."""
    page.goto(f"{admin_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
