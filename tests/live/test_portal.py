"""The portal's main pages, its feeds and the admin's export, over real HTTP."""

import re
import xml.etree.ElementTree as ET

import pytest
import requests
from icalendar import Calendar

from cbm.models import PlanItem
from tests.admin.roles import PASSWORD

pytestmark = pytest.mark.usefixtures("reference_data")

ATOM = "{http://www.w3.org/2005/Atom}"
PAGES = [
    "/{lang}/",
    "/{lang}/activities/",
    "/{lang}/activities/?year=2023&dimension=economic",
    "/{lang}/activities/2023-cbm-01/",
    "/{lang}/catalogue/",
    "/{lang}/dimensions/economic/",
    "/{lang}/priority-areas/tourism/",
    "/{lang}/plans/",
    "/{lang}/plans/2023/",
    "/{lang}/calendar/",
    "/{lang}/states/",
    "/{lang}/states/KZ/",
    "/{lang}/bodies/",
    "/{lang}/bodies/senior-officials-committee/",
]


def feed_titles(content: bytes) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(content).iter(f"{ATOM}entry")]


def titles_of(**filters) -> list[str]:
    return sorted(str(item) for item in PlanItem.objects.filter(**filters))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_main_pages_answer_200_html_in_both_languages(server, http, lang):
    for page in PAGES:
        response = http.get(server + page.format(lang=lang), headers={"Accept": "text/html"})
        assert response.status_code == 200, page
        assert response.headers["Content-Type"].startswith("text/html")
        assert f'lang="{lang}"' in response.text, page


def test_the_atom_feed_honours_the_filters_of_the_activities_page(server, http):
    feed = http.get(f"{server}/en/activities/feed/?year=2023&category=cbm_event")

    assert feed.status_code == 200
    assert feed.headers["Content-Type"].startswith("application/atom+xml")
    assert sorted(feed_titles(feed.content)) == titles_of(
        plan__year=2023, category=PlanItem.Category.CBM_EVENT
    )
    assert len(feed_titles(feed.content)) == 13

    economic = http.get(f"{server}/en/activities/feed/?dimension=economic")
    assert sorted(feed_titles(economic.content)) == titles_of(
        priority_area__dimension__slug="economic"
    )
    meetings = http.get(f"{server}/en/activities/feed/?category=body_meeting&year=2023")
    assert len(feed_titles(meetings.content)) == 17


def test_the_atom_feed_refuses_an_unknown_filter_value(server, http):
    response = http.get(f"{server}/en/activities/feed/?dimension=astrology")
    assert response.status_code == 400
    assert "dimension" in response.text


def test_calendar_ics_holds_what_the_same_filters_select(server, http):
    response = http.get(f"{server}/en/calendar.ics?year=2023&category=cbm_event")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 13


def test_an_officer_exports_the_plan_items_from_the_admin(server, officer):
    browser = requests.Session()
    login_url = f"{server}/en/admin/login/"
    browser.get(login_url)
    signed_in = browser.post(
        login_url,
        data={
            "username": officer.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": "/en/admin/",
        },
        headers={"Referer": login_url},
    )
    assert signed_in.status_code == 200
    assert "/en/admin/logout/" in signed_in.text

    for page in ("/en/admin/cbm/planitem/", "/en/admin/cbm/annualplan/", "/en/admin/"):
        assert browser.get(server + page).status_code == 200, page

    export_url = f"{server}/en/admin/cbm/planitem/export/"
    form = browser.get(export_url)
    assert form.status_code == 200
    exported = browser.post(
        export_url,
        data={
            "format": csv_format_choice(form.text),
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": export_url},
    )
    assert exported.status_code == 200, exported.text[:500]
    assert "attachment" in exported.headers["Content-Disposition"]
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code,")
    assert len(lines) == 1 + PlanItem.objects.count()


def csv_format_choice(form_html: str) -> str:
    """The value of the CSV option in the export form's format select."""
    match = re.search(r'<option value="(\d+)"[^>]*>\s*csv\s*</option>', form_html, re.IGNORECASE)
    assert match, form_html[:2000]
    return match.group(1)
