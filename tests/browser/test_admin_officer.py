"""An officer's day in the admin, in real headless Chromium (Playwright) against a live server."""

import re
from datetime import date

import pytest
from django.core.management import call_command

from cbm.models import AnnualPlan, PlanItem
from tests.admin.example_plan import EXAMPLE_PLAN_PATH
from tests.admin.roles import OFFICER, member_of
from tests.browser.chromium import BROWSER_TEST, chromium_page, sign_in

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_TEST


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def choose(page, field: str, typed: str, option: str):
    """Pick `option` in the autocomplete (select2) widget of `field`."""
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", typed)
    page.click(f".select2-results__option:has-text('{option}')")


# The import's check and commit run in-process (a worker's part, as on the embedded defaults).
def test_an_officer_enters_an_event_imports_a_plan_completes_an_item_and_finds_it_in_history(
    live_server, page, eager_celery
):
    call_command("load_reference_data", verbosity=0)
    AnnualPlan.objects.create(year=2024, status=AnnualPlan.Status.DRAFT)
    member_of(OFFICER, "aigerim")
    admin = f"{live_server.url}/en/admin"

    # Signs in.
    sign_in(page, admin, "aigerim")

    # Enters a CBM event that ends before it starts, and is told so.
    page.goto(f"{admin}/cbm/planitem/add/")
    page.fill("#id_code", "2024-cbm-tourism")
    choose(page, "plan", "2024", "Annual plan 2024")
    page.select_option("#id_category", "cbm_event")
    choose(page, "priority_area", "Tourism", "Tourism")
    page.fill("#id_title_en", "EXAMPLE – CICA webinar on tourism")
    choose(page, "organizer", "Tajik", "Tajikistan")
    page.select_option("#id_organizer_role", "coordinator")
    page.fill("#id_start_date", "2024-09-24")
    page.fill("#id_end_date", "2024-09-20")
    page.click("input[name=_save]")
    error = page.locator(".field-end_date .errorlist")
    assert "before it starts" in error.inner_text()
    assert not PlanItem.objects.filter(code="2024-cbm-tourism").exists()

    # Corrects the end date and saves.
    page.fill("#id_end_date", "2024-09-25")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    item = PlanItem.objects.get(code="2024-cbm-tourism")
    assert (item.start_date, item.end_date) == (date(2024, 9, 24), date(2024, 9, 25))

    # Previews the example plan file, then imports it.
    page.goto(f"{admin}/cbm/planitem/import/")
    page.set_input_files("#id_import_file", str(EXAMPLE_PLAN_PATH))
    page.click("input[type=submit]")
    page.wait_for_selector("table.import-preview tr.new")
    preview = page.locator("table.import-preview")
    assert preview.locator("tr.new").count() == 5
    assert "EXAMPLE – CICA webinar on tourism" in preview.inner_text()
    assert not PlanItem.objects.filter(code__startswith="2024-example").exists()
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert PlanItem.objects.filter(code__startswith="2024-example").count() == 5

    # Marks its own event completed, with the number of participants.
    page.goto(f"{admin}/cbm/planitem/?year=2024")
    page.check(f"input[name=_selected_action][value='{item.pk}']")
    page.select_option("select[name=action]", "mark_completed")
    page.click("button[name=index]")
    page.fill("#id_participants", "42")
    page.click("input[name=apply]")
    assert "1 item marked completed." in page.locator(".messagelist").inner_text()
    item.refresh_from_db()
    assert (item.status, item.participants) == ("completed", 42)

    # Finds the change in the item's history.
    page.goto(f"{admin}/cbm/planitem/{item.pk}/change/")
    page.click("a.historylink")
    history = page.locator("#change-history")
    assert re.search(r"aigerim", history.inner_text())
    assert "completed" in history.inner_text()
