"""Issue 11's classes of real activity entered as an officer enters them, in headless Chromium
against a live server: through the admin's form (an institution added on the spot from the
organizer field) and through the spreadsheet import; then read where users meet them: the
portal, the calendar, the feed, the API's CSV and the plan's statistics.
"""

import csv
import io
from datetime import date

import pytest
import requests
from django.core.management import call_command
from icalendar import Calendar

from cbm.models import AnnualPlan, PlanItem, Source
from cbm.resources import PLAN_ITEM_COLUMNS
from membership.models import Actor
from tests.admin.example_plan import as_xlsx
from tests.admin.roles import OFFICER, member_of
from tests.browser.chromium import BROWSER_TEST, chromium_page, sign_in
from tests.browser.test_admin_import_live import upload
from tests.browser.test_admin_officer import choose

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_TEST


@pytest.fixture
def officer(live_server, eager_celery):
    """The reference data, the 2026 plan, a source dated March 2026, and a signed-in officer;
    the import's check and commit run in-process, as with the embedded defaults."""
    call_command("load_reference_data", verbosity=0)
    AnnualPlan.objects.create(year=2026, status=AnnualPlan.Status.DRAFT)
    Source.objects.create(
        slug="digest-2026-q1",
        title_en="The Voice of Asia: CICA Digest, Q1 2026",
        publisher="CICA Secretariat",
        date=date(2026, 3, 1),
        date_precision="month",
    )
    member_of(OFFICER, "aigerim")
    admin = f"{live_server.url}/en/admin"
    with chromium_page() as page:
        sign_in(page, admin, "aigerim")
        yield page, admin, live_server.url


def save(page):
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def summaries(ics: str) -> list[str]:
    return [str(event["summary"]) for event in Calendar.from_ical(ics).walk("VEVENT")]


def faces(site: str) -> dict[str, str]:
    """What users read of 2026: the portal's list, the calendar, the feed, the API's CSV."""
    get = requests.Session().get
    return {
        "portal": get(f"{site}/en/activities/?year=2026").text,
        "calendar": get(f"{site}/en/calendar.ics?year=2026").text,
        "feed": get(f"{site}/en/activities/feed/?year=2026").text,
        "csv": get(f"{site}/api/v1/events/?year=2026", headers={"Accept": "text/csv"}).text,
    }


def test_an_officer_enters_real_activities_in_the_admin_form(officer):
    page, admin, site = officer

    # A webinar run by an academy the tracker does not know yet, with Kazakhstan.
    page.goto(f"{admin}/cbm/planitem/add/")
    page.fill("#id_code", "2026-webinar-academy")
    choose(page, "plan", "2026", "Annual plan 2026")
    page.select_option("#id_category", "cbm_event")
    page.select_option("#id_dimension", label="Human dimension")  # no area stated
    page.fill("#id_title_en", "Webinar on volunteerism")
    with page.expect_popup() as popup_info:
        page.click("#add_id_organizer")
    popup = popup_info.value
    popup.fill("#id_name_en", "Academy of Public Administration under the President")
    popup.fill("#id_name_ru", "Академия государственного управления при Президенте")
    popup.select_option("#id_kind", "academy")
    popup.select_option("#id_country", "KZ")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    page.select_option("#id_organizer_role", "partner")
    choose(page, "co_organizers", "Kazakh", "Kazakhstan")
    page.fill("#id_start_date", "2026-03-04")
    page.select_option("#id_format", "online")
    save(page)

    # The Secretary General's visit to Kuala Lumpur, known to the month.
    page.goto(f"{admin}/cbm/planitem/add/")
    page.fill("#id_code", "2026-sg-kuala-lumpur")
    choose(page, "plan", "2026", "Annual plan 2026")
    page.select_option("#id_category", "other")
    page.fill("#id_title_en", "Visit of the Secretary General to Malaysia")
    choose(page, "organizer", "Secretariat", "Secretariat")
    page.select_option("#id_organizer_role", "secretariat")
    page.fill("#id_start_date", "2026-02-01")
    page.select_option("#id_date_precision", "month")
    page.fill("#id_city", "Kuala Lumpur")
    page.fill("#id_city_ru", "Куала-Лумпур")
    page.select_option("#id_country", "MY")
    page.fill("#id_states_represented", "13")
    # Participants named by the source: a member, the host (an observer), a non-member.
    page.select_option("#id_participating_states_from", ["KZ", "MY", "GE"])
    page.click("#id_participating_states_add")
    save(page)

    # A briefing held on a day not published, counted on its source's date.
    page.goto(f"{admin}/cbm/planitem/add/")
    page.fill("#id_code", "2026-briefing")
    choose(page, "plan", "2026", "Annual plan 2026")
    page.select_option("#id_category", "other")
    page.fill("#id_title_en", "Briefing for the diplomatic corps")
    choose(page, "organizer", "Secretariat", "Secretariat")
    page.select_option("#id_date_precision", "unknown")
    page.select_option("#id_status", "completed")
    choose(page, "sources", "Digest", "The Voice of Asia")
    save(page)

    academy = Actor.objects.get(name_en="Academy of Public Administration under the President")
    assert (academy.kind, academy.country.code) == ("academy", "KZ")
    stored = {item.code: item for item in PlanItem.objects.filter(plan__year=2026)}
    webinar = stored["2026-webinar-academy"]
    assert (webinar.organizer, webinar.priority_area, webinar.dimension.slug) == (
        academy,
        None,
        "human",
    )
    assert list(webinar.co_organizers.values_list("slug", flat=True)) == ["KZ"]
    visit = stored["2026-sg-kuala-lumpur"]
    assert (visit.organizer.slug, visit.country.code, visit.date_precision) == (
        "cica-secretariat",
        "MY",
        "month",
    )
    assert (visit.start_date, visit.end_date) == (date(2026, 2, 1), date(2026, 2, 28))
    assert [country.code for country in visit.participating_states] == ["GE", "KZ", "MY"]
    assert stored["2026-briefing"].status_changed_on == date(2026, 3, 31)

    seen = faces(site)
    assert (
        "Academy of Public Administration under the President (partner), with Kazakhstan"
        in (seen["portal"])
    )
    assert "Kuala Lumpur, Malaysia" in seen["portal"] and "February 2026" in seen["portal"]
    assert "Briefing for the diplomatic corps" in seen["portal"]
    assert "Visit of the Secretary General to Malaysia (February 2026, dates not published)" in (
        summaries(seen["calendar"])
    )
    assert "Briefing" not in seen["calendar"]  # no day to put it on
    assert "Webinar on volunteerism" in seen["feed"]
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(seen["csv"]))}
    assert rows["2026-sg-kuala-lumpur"]["organizer.kind"] == "secretariat"
    assert rows["2026-sg-kuala-lumpur"]["states_represented"] == "13"
    assert rows["2026-webinar-academy"]["co_organizers"] == "member_state KZ Kazakhstan"
    figures = requests.get(f"{site}/api/v1/plans/2026/statistics/").json()
    assert figures["items_by_organizer_kind"] == {"secretariat": 2, "academy": 1}
    assert figures["items_by_dimension"]["human"] == 1
    assert figures["items_area_not_stated"] == 1

    detail = requests.get(f"{site}/ru/activities/2026-sg-kuala-lumpur/").text
    assert "Куала-Лумпур" in detail and "Малайзия" in detail
    assert "Грузия" in detail  # not a CICA state: named, not linked


def test_an_officer_imports_real_activities_from_a_spreadsheet(officer):
    page, admin, site = officer
    forum = Actor.objects.create(name_en="Astana International Forum", kind="forum", country="KZ")
    base = {"plan": 2026, "status": "planned", "details_published": True}
    rows = [
        {
            **base,
            "code": "2026-sg-jakarta",
            "category": "other",
            "title_en": "Visit of the Secretary General to Jakarta",
            "organizer": "cica-secretariat",
            "organizer_role": "secretariat",
            "start_date": "2026-01-20",
            "city": "Jakarta",
            "country": "ID",
        },
        {
            **base,
            "code": "2026-forum-astana",
            "category": "other",
            "title_en": "CICA at the Astana International Forum",
            "organizer": forum.slug,
            "co_organizers": "cica-secretariat",
            "start_date": "2026-05",
        },
        {
            **base,
            "code": "2026-training-year",
            "category": "cbm_event",
            "dimension": "environmental",
            "title_en": "Training on natural disaster response",
            "organizer": "kz",
            "organizer_role": "member_state",
            "start_date": "2026",
            "states_represented": 13,
            "participants": 40,
            "participating_states": "KZ; by; GE",
        },
        {
            **base,
            "code": "2026-briefing-undated",
            "category": "other",
            "title_en": "Briefing on the CICA Fund",
            "organizer": "cica-secretariat",
            "date_precision": "unknown",
            "status": "completed",
            "sources": "digest-2026-q1",
        },
    ]

    upload(
        page,
        admin,
        "activities.xlsx",
        as_xlsx([dict.fromkeys(PLAN_ITEM_COLUMNS) | row for row in rows]),
    )
    preview = page.locator("table.import-preview")
    assert preview.locator("tr.new").count() == 4, preview.inner_text()
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")

    stored = {item.code: item for item in PlanItem.objects.filter(plan__year=2026)}
    assert stored["2026-sg-jakarta"].organizer.kind == "secretariat"
    assert stored["2026-sg-jakarta"].country.code == "ID"
    forum_item = stored["2026-forum-astana"]
    assert (forum_item.organizer, forum_item.date_precision) == (forum, "month")
    assert list(forum_item.co_organizers.values_list("slug", flat=True)) == ["cica-secretariat"]
    training = stored["2026-training-year"]
    assert (training.date_precision, training.end_date, training.priority_area) == (
        "year",
        date(2026, 12, 31),
        None,
    )
    assert (training.organizer.slug, training.states_represented) == ("KZ", 13)
    assert [country.code for country in training.participating_states] == ["BY", "GE", "KZ"]
    assert stored["2026-briefing-undated"].status_changed_on == date(2026, 3, 31)

    seen = faces(site)
    for text in ("Jakarta, Indonesia", "May 2026", "Astana International Forum, with"):
        assert text in seen["portal"], text
    assert "Training on natural disaster response (2026, dates not published)" in summaries(
        seen["calendar"]
    )
    rows_out = {row["code"]: row for row in csv.DictReader(io.StringIO(seen["csv"]))}
    assert rows_out["2026-forum-astana"]["organizer.kind"] == "forum"
    assert rows_out["2026-training-year"]["participants"] == "40"
    assert rows_out["2026-training-year"]["participating_states"] == "BY; GE; KZ"
    figures = requests.get(f"{site}/api/v1/plans/2026/statistics/").json()
    assert figures["items_by_organizer_kind"] == {"member_state": 1, "secretariat": 2, "forum": 1}
    assert figures["items_area_not_stated"] == 1

    # An organizer the tracker does not know is refused, naming it; nothing is saved.
    unknown = dict.fromkeys(PLAN_ITEM_COLUMNS) | rows[0] | {"code": "2026-x", "organizer": "nobody"}
    upload(page, admin, "more.xlsx", as_xlsx([unknown]))
    assert "No organizer “nobody”" in page.locator("table.import-preview").inner_text()
    assert not PlanItem.objects.filter(code="2026-x").exists()
