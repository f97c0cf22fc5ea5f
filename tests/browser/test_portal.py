"""The portal in real headless Chromium: filtering, search, languages, an activity and its
calendar file, accessibility (axe-core) and a phone-sized screenshot.

Fixtures live in this module (not a conftest) so other browser test files stay independent.
"""

import os
from pathlib import Path

import pytest
from icalendar import Calendar

from cbm.models import PlanItem

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


def titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".results .item-title").all_inner_texts()]


def test_filter_activities_by_dimension_and_year(page):
    page.goto(f"{page.base_url}/en/activities/")
    page.get_by_label("Economic dimension").check()
    page.get_by_role("radio", name="2023").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**dimension=economic**")

    assert "year=2023" in page.url
    expected = PlanItem.objects.in_year(2023).filter(priority_area__dimension__slug="economic")
    assert sorted(titles(page)) == sorted(item.title_en for item in expected)
    assert len(expected) == 3
    assert page.locator("#results-heading").inner_text() == "3 activities"


def test_search_for_a_word(page):
    page.goto(f"{page.base_url}/en/activities/")
    page.get_by_label("Search titles and descriptions").fill("radicalization")
    page.get_by_label("Search titles and descriptions").press("Enter")
    page.wait_for_url("**search=radicalization**")

    assert 'CICA workshop "Counter radicalization"' in titles(page)
    assert all(
        "radicalization" in (item.title_en + item.description_en).lower()
        for item in PlanItem.objects.filter(title_en__in=titles(page))
    )


def test_switch_to_russian(page):
    page.goto(f"{page.base_url}/en/activities/?year=2023")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    page.wait_for_url("**/ru/activities/?year=2023")

    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Заседание Комитета старших должностных лиц" in titles(page)


def test_open_an_activity_and_its_calendar_link(page):
    item = PlanItem.objects.get(title_en='CICA workshop "Counter radicalization"')
    page.goto(f"{page.base_url}/en/activities/?search=radicalization")
    page.get_by_role("link", name=item.title_en).click()
    page.wait_for_url(f"**/en/activities/{item.code}/")
    assert page.locator("h1").inner_text() == item.title_en

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    content = Path(download_info.value.path()).read_bytes()
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [f"{item.code}@cbm.s-cica.org"]
    assert events[0].decoded("DTSTART") == item.start_date


def test_main_pages_have_no_serious_accessibility_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    item = PlanItem.objects.exclude(participating_states="").first() or (
        PlanItem.objects.cbm_events().first()
    )
    urls = [
        "/en/",
        "/en/activities/?year=2023&dimension=economic",
        f"/en/activities/{item.code}/",
        "/en/calendar/2023/5/",
        "/en/catalogue/",
        "/en/plans/2023/",
        "/en/states/KZ/",
        "/en/bodies/business-council/",
        "/en/accounts/login/",
        "/ru/activities/",
    ]
    problems = {}
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        page.set_viewport_size(viewport)
        for url in urls:
            page.goto(f"{page.base_url}{url}")
            violations = axe.run(page).response["violations"]
            serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                problems[(viewport["width"], url)] = serious
    assert problems == {}


def test_phone_screenshot_of_the_activities_page(page):
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/en/activities/?year=2023")
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "activities-phone.png")
    page.screenshot(path=ARTIFACTS / "activities-phone-full.png", full_page=True)
    assert (ARTIFACTS / "activities-phone.png").stat().st_size > 10_000
