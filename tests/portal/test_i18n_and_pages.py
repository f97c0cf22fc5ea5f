"""Languages, and the pages of the Catalogue, states and bodies on the reference data."""

from datetime import date

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_russian_activities_page_is_in_russian(client, reference_data):
    response = client.get("/ru/activities/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru">' in html
    assert "Заседание Комитета старших должностных лиц" in html  # title_ru from the data


def test_language_switcher_links_to_the_same_page_in_the_other_language(client, reference_data):
    html = client.get("/en/activities/?year=2023").content.decode()
    assert 'href="/ru/activities/?year=2023" hreflang="ru" lang="ru"' in html
    assert 'aria-current="true" lang="en"' in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/", "Progress of the 2025 plan"),  # the latest plan up to this year
        ("/en/catalogue/", "Combating terrorism"),
        ("/en/dimensions/economic/", "Tourism"),
        ("/en/priority-areas/tourism/", "Thailand"),
        ("/en/plans/2023/", "41 items"),
        ("/en/states/", "Kazakhstan"),
        ("/en/states/KZ/", "Chairmanships"),
        ("/en/bodies/", "Senior Officials Committee"),
        ("/en/bodies/business-council/", "6th plenary session"),
        ("/ru/bodies/business-council/", "6-е пленарное заседание"),
    ],
)
def test_page_shows_the_reference_data(client, reference_data, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_home_page_reports_the_2023_plan_as_the_report_does(
    client, reference_data, settings, monkeypatch
):
    # In 2024 the latest plan is 2023's (2025's is the latest from 2025 on).
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2024, 6, 1))
    response = client.get("/en/")
    figures = response.context["figures"]
    # Compiled as of the end of 2023: 30 expected completed, 11 postponed.
    assert (figures["total_items"], figures["expected_completed"], figures["postponed"]) == (
        41,
        30,
        11,
    )


def test_unknown_state_area_dimension_and_body_are_not_found(client, reference_data):
    for url in [
        "/en/states/XX/",
        "/en/priority-areas/nothing/",
        "/en/dimensions/nothing/",
        "/en/bodies/nothing/",
        "/en/activities/nothing/",
    ]:
        assert client.get(url).status_code == 404, url
