"""/activities/: every filter of PlanItemFilterSet, facets, search, pagination, bad input."""

import re
from datetime import date

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return re.findall(
        r'<h3 class="item-title"><a href="/\w\w/activities/([\w-]+)/"', response.content.decode()
    )


@pytest.fixture
def events():
    kazakhstan = factories.state("KZ", "Kazakhstan")
    india = factories.state("IN", "India")
    tourism = factories.priority_area("tourism", order=10, dimension_slug="economic")
    terrorism = factories.priority_area(
        "combating-terrorism", order=3, dimension_slug="new-challenges-and-threats"
    )
    factories.cbm_event(
        code="tourism-2023",
        plan=factories.plan(2023),
        priority_area=tourism,
        organizer=kazakhstan,
        title_en="Seminar on the Silk Road tourism",
        start_date=date(2023, 5, 18),
        format="online",
        status="completed",
    )
    factories.cbm_event(
        code="terrorism-2024",
        plan=factories.plan(2024),
        priority_area=terrorism,
        organizer=india,
        title_en="Workshop on counter radicalization",
        description_en="Experts compared deradicalization programmes.",
        start_date=date(2024, 2, 2),
        format="offline",
        status="planned",
    )
    factories.body_meeting(
        code="soc-2023",
        plan=factories.plan(2023),
        title_en="Senior Officials Committee meeting",
        start_date=date(2023, 4, 19),
        status="postponed",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["soc-2023", "tourism-2023", "terrorism-2024"]),
        ("year=2023", ["soc-2023", "tourism-2023"]),
        ("dimension=economic", ["tourism-2023"]),
        (
            "dimension=economic&dimension=new-challenges-and-threats",
            ["tourism-2023", "terrorism-2024"],
        ),
        ("priority_area=combating-terrorism", ["terrorism-2024"]),
        ("organizer=IN", ["terrorism-2024"]),
        ("category=body_meeting", ["soc-2023"]),
        ("format=online", ["tourism-2023"]),
        ("status=completed&status=postponed", ["soc-2023", "tourism-2023"]),
        ("date_after=2023-05-01&date_before=2023-12-31", ["tourism-2023"]),
        ("search=radicalization", ["terrorism-2024"]),
        ("search=Silk+Road", ["tourism-2023"]),
        ("year=2023&dimension=new-challenges-and-threats", []),
    ],
)
def test_filters_in_the_query_string_select_the_activities(client, events, query, expected):
    response = client.get(f"/en/activities/?{query}")
    assert response.status_code == 200
    assert codes(response) == expected


def test_facets_count_each_value_under_the_other_filters(client, events):
    response = client.get("/en/activities/?dimension=economic")
    form = response.context["form"]

    def counts(name):
        return {value: label.count for value, label in form.fields[name].choices}

    # A facet ignores its own filter, so the other dimension can still be added...
    assert counts("dimension") == {"new-challenges-and-threats": 1, "economic": 1}
    # ...and every other facet counts only what the dimension filter leaves.
    assert counts("year") == {"": None, "2023": 1}
    assert counts("category") == {"cbm_event": 1}
    assert counts("organizer") == {"KZ": 1}
    assert counts("status") == {"completed": 1}
    html = response.content.decode()
    assert re.search(
        r'<span class="facet-name">Economic</span> <span class="count"[^>]*>1</span>', html
    )


def test_facets_take_a_constant_number_of_queries_whatever_is_chosen(
    client, events, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        client.get("/en/activities/?year=2023&dimension=economic&organizer=KZ&status=completed")


def test_unknown_filter_value_is_a_clear_error_and_lists_nothing(client, events):
    response = client.get("/en/activities/?dimension=no-such-dimension")
    assert response.status_code == 400
    assert "Some filters could not be applied" in response.content.decode()
    assert codes(response) == []


def test_activities_are_paginated_and_pages_keep_the_filters(client):
    plan = factories.plan(2023)
    for day in range(1, 26):
        factories.cbm_event(plan=plan, start_date=date(2023, 3, day))
    response = client.get("/en/activities/?year=2023")
    assert len(codes(response)) == 20
    assert 'href="?year=2023&amp;page=2"' in response.content.decode()
    second = client.get("/en/activities/?year=2023&page=2")
    assert len(codes(second)) == 5


def test_organizer_facet_counts_every_organizer_under_its_kind(client):
    secretariat = factories.secretariat()
    academy = factories.institution("Academy of Public Administration")
    factories.cbm_event(organizer=secretariat, organizer_role="secretariat")
    factories.cbm_event(organizer=academy, organizer_role="", co_organizers=[secretariat])
    factories.cbm_event()  # Kazakhstan

    response = client.get("/en/activities/?organizer=cica-secretariat")

    html = response.content.decode()
    facet = html[
        html.index('facet-organizer"') : html.index("</fieldset>", html.index('facet-organizer"'))
    ]
    groups = re.findall(r'<p class="facet-group">([^<]+)</p>', facet)
    assert groups == ["Member State", "CICA Secretariat", "Academy"]
    counts = dict(
        re.findall(r'<span class="facet-name">([^<]+)</span> <span class="count"[^>]*>(\d+)', facet)
    )
    assert counts == {
        "Kazakhstan": "1",
        "CICA Secretariat": "2",  # leads one, co-organizes the other
        "Academy of Public Administration": "1",
    }
    assert len(codes(response)) == 2
