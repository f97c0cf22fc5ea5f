"""Published figures: what a source publishes, kept as published and shown beside the figures
counted from the records, never added to them - the database's and the model's rules, and the
plan page (the API in tests/api/, the admin in tests/admin/)."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cbm.models import AnnualPlan, PublishedFigure
from cbm.stats import compile_plan_stats
from tests import factories
from tests.test_constraints import assert_refused

pytestmark = pytest.mark.django_db


# The database's rules (plain create, past the model's clean) -----------------------------------


def test_a_negative_value_is_refused_by_the_database():
    assert_refused(
        lambda: factories.published_figure(value=-1), "published_figure_value_not_negative"
    )


def test_zero_is_a_value_a_source_may_publish():
    assert factories.published_figure(value=0).pk


def test_a_figure_of_a_plan_with_a_period_too_is_refused():
    assert_refused(
        lambda: factories.published_figure(
            plan=factories.plan(2023),
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            period_precision="year",
        ),
        "published_figure_period_one_way",
    )


def test_a_figure_over_nothing_is_refused():
    assert_refused(
        lambda: factories.published_figure(measure="events_held", plan=None),
        "published_figure_period_one_way",
    )


def test_a_period_without_its_end_or_precision_is_refused():
    def without(**missing):
        fields = {
            "measure": "events_held",
            "value": 172,
            "period_start": date(2020, 10, 1),
            "period_end": date(2024, 12, 31),
            "period_precision": "month",
            **missing,
        }
        # bulk_create: save() would complete a month's period, and the database must refuse it
        # whoever writes the row.
        return lambda: PublishedFigure.objects.bulk_create(
            [PublishedFigure(source=factories.source(), slug="figure", **fields)]
        )

    assert_refused(without(period_end=None), "published_figure_period_one_way")
    assert_refused(without(period_precision="unknown"), "published_figure_period_one_way")


def test_a_period_ending_before_it_starts_is_refused():
    assert_refused(
        lambda: factories.published_figure(
            measure="events_held",
            period_start=date(2024, 12, 1),
            period_end=date(2020, 10, 31),
            period_precision="day",
        ),
        "published_figure_end_not_before_start",
    )


def test_a_count_of_plan_items_without_a_plan_is_refused():
    assert_refused(
        lambda: factories.published_figure(
            measure="plan_items",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            period_precision="year",
        ),
        "published_figure_plan_measure_has_plan",
    )


def test_items_proposed_without_who_proposed_them_are_refused():
    assert_refused(
        lambda: factories.published_figure(measure="plan_items_proposed", actor=None),
        "published_figure_proposed_has_actor",
    )


def test_a_figure_without_its_source_is_refused():
    assert_refused(
        lambda: PublishedFigure.objects.create(
            slug="no-source", measure="plan_items", value=44, plan=factories.plan(2023)
        ),
        "source_id",
    )


# The model's own words for the same rules, on their fields --------------------------------------


def test_clean_tells_each_rule_on_its_field():
    source = factories.source()
    cases = [
        (PublishedFigure(measure="events_held", value=-3, plan=factories.plan(2023)), "value"),
        (PublishedFigure(measure="events_held", value=3), "plan"),
        (
            PublishedFigure(
                measure="events_held",
                value=3,
                plan=factories.plan(2023),
                period_start=date(2023, 1, 1),
                period_end=date(2023, 1, 1),
            ),
            "period_start",
        ),
        (
            PublishedFigure(
                measure="events_held",
                value=3,
                period_start=date(2023, 2, 1),
                period_end=date(2023, 1, 1),
                period_precision="day",
            ),
            "period_end",
        ),
        (
            PublishedFigure(
                measure="events_held",
                value=3,
                period_start=date(2023, 1, 1),
                period_end=date(2023, 1, 1),
            ),
            "period_precision",
        ),
        (
            PublishedFigure(measure="plan_items_proposed", value=3, plan=factories.plan(2023)),
            "actor",
        ),
    ]
    for figure, field in cases:
        figure.source = source
        with pytest.raises(ValidationError) as error:
            figure.full_clean()
        assert field in error.value.message_dict, (field, error.value.message_dict)


def test_a_month_or_year_period_is_stored_whole_and_shown_as_published():
    figure = factories.published_figure(
        measure="events_held",
        value=172,
        period_start=date(2020, 10, 15),
        period_end=date(2024, 12, 3),
        period_precision="month",
    )
    figure.refresh_from_db()
    assert (figure.period_start, figure.period_end) == (date(2020, 10, 1), date(2024, 12, 31))
    assert figure.period == "October 2020 – December 2024"
    assert str(figure).startswith("172 events held, October 2020 – December 2024 (")


def test_a_figure_reads_as_the_source_writes_it():
    azerbaijan = factories.state("AZ", "Azerbaijan")
    figure = factories.published_figure(
        measure="plan_items_proposed", value=20, qualifier="about", actor=azerbaijan.actor
    )
    assert f"{figure.figure} {figure.counts}" == "about 20 items of the plan proposed by Azerbaijan"
    figure.qualifier = "more_than"
    assert figure.figure == "more than 20"


# The plan page: published beside counted ----------------------------------------------------------


def test_the_2025_page_says_how_many_of_the_plans_44_items_are_recorded(client, reference_data):
    response = client.get("/en/plans/2025/")

    assert response.status_code == 200
    assert response.context["makeup"]["total"] == 8  # counted: the eight named items
    assert response.context["figures"]["total_items"] == 8
    html = response.content.decode()
    assert "Recorded here: 8 of the plan&#x27;s 44 items." in html
    assert "As the sources publish it" in html
    published = [
        (figure.figure, figure.counts, figure.source.slug)
        for figure in response.context["published"]["figures"]
    ]
    assert published == [
        ("44", "items in the plan", "interview-2025-plan"),
        ("about 20", "items of the plan proposed by Azerbaijan", "interview-2025-plan"),
        ("5", "dimensions covered", "interview-2025-plan"),
    ]
    assert "<strong>about 20</strong> items of the plan proposed by Azerbaijan" in html
    assert (
        "Published in Interview with CICA Secretary General Kairat Sarybay on the Chairmanship "
        "of Azerbaijan and the plan for 2025 (28 January 2025)"
    ) in html


def test_the_2023_page_shows_the_reports_figures_beside_the_counted_ones(client, reference_data):
    response = client.get("/en/plans/2023/")  # counted as of 31 December 2023

    figures = response.context["figures"]
    assert (figures["total_items"], figures["completed"], figures["postponed"]) == (41, 30, 11)
    html = response.content.decode()
    assert "Recorded here: 41 of the plan&#x27;s 41 items." in html
    assert [
        (figure.measure, figure.value) for figure in response.context["published"]["figures"]
    ] == [("plan_items", 41), ("events_held", 27), ("events_expected", 30)]


def test_published_figures_never_change_the_counted_ones(client, reference_data):
    plan = AnnualPlan.objects.get(year=2025)
    counted = compile_plan_stats(plan, date(2025, 12, 31)).to_json()

    factories.published_figure(plan=plan, measure="events_held", value=999)
    factories.published_figure(plan=plan, value=1000, source=factories.source("another"))

    assert compile_plan_stats(plan, date(2025, 12, 31)).to_json() == counted
    response = client.get("/en/plans/2025/")
    assert response.context["figures"]["total_items"] == 8
    assert response.context["makeup"]["total"] == 8


def test_a_plan_without_published_figures_shows_none(client, db):
    factories.cbm_event(plan=factories.plan(2024), start_date=date(2024, 5, 18))

    response = client.get("/en/plans/2024/")

    assert response.context["published"] == {"figures": [], "size": None, "share": ""}
    html = response.content.decode()
    assert "As the sources publish it" not in html
    assert "Recorded here" not in html


def test_records_holding_more_than_the_published_size_say_so(client, db):
    plan = factories.plan(2024)
    for day in (1, 2, 3):
        factories.cbm_event(plan=plan, start_date=date(2024, 5, day))
    factories.published_figure(plan=plan, value=2)

    html = client.get("/en/plans/2024/").content.decode()

    assert "Recorded here: 3 items, more than the plan&#x27;s 2 items as published." in html


def test_the_russian_page_shows_the_published_figures_in_russian(client, reference_data):
    html = client.get("/ru/plans/2025/").content.decode()

    assert "около 20" in html
    assert "Азербайджан" in html


def test_a_figure_added_in_the_admin_reaches_the_cached_page(
    client, reference_data, django_capture_on_commit_callbacks
):
    client.get("/en/plans/2025/")  # cached now
    figure = PublishedFigure.objects.get(slug="interview-2025-plan-plan-items")
    figure.value = 45
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        figure.save()

    assert (
        "Recorded here: 8 of the plan&#x27;s 45 items."
        in client.get("/en/plans/2025/").content.decode()
    )


def test_the_plan_page_runs_the_same_queries_for_5_published_figures_as_for_55(
    client, db, django_capture_on_commit_callbacks
):
    plan = factories.plan(2024)
    factories.cbm_event(plan=plan, start_date=date(2024, 5, 18))

    def add(n):
        for _ in range(n):
            factories.figure_proposed_by_a_new_state(plan)

    add(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/plans/2024/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the cached page goes stale
        add(50)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/en/plans/2024/")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["published"]["figures"]) == 55


def test_figures_over_a_period_stand_beside_what_the_records_count_over_it(client):
    source = factories.source()
    held = {"status": "completed", "plan": factories.plan(2022)}
    factories.cbm_event(start_date=date(2022, 3, 1), **held)
    factories.cbm_event(start_date=date(2022, 11, 30), **held)
    factories.body_meeting(start_date=date(2022, 6, 1), **held)
    factories.cbm_event(start_date=date(2022, 6, 1), plan=factories.plan(2022))  # planned
    factories.cbm_event(start_date=date(2024, 1, 5), status="completed", plan=factories.plan(2024))
    period = {
        "period_start": date(2021, 10, 1),
        "period_end": date(2023, 12, 1),
        "period_precision": "month",
        "source": source,
    }
    PublishedFigure.objects.create(measure="events_held", value=172, **period)
    PublishedFigure.objects.create(measure="cbm_events_held", value=88, **period)
    PublishedFigure.objects.create(measure="priority_areas", value=19, **period)

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/plans/").content.decode()

    rows = re.findall(
        r"<tr><td>([^<]+)</td><td>([^<]+)</td><td><strong>(\d+)</strong>.*?</td><td>(.*?)</td></tr>",
        html,
    )
    assert rows == [
        ("October 2021 – December 2023", "CBM events held", "88", "2"),
        ("October 2021 – December 2023", "events held", "172", "3"),
        (
            "October 2021 – December 2023",
            "priority areas in the Catalogue",
            "19",
            '<span class="note">not counted from the records</span>',
        ),
    ]
    assert len(queries) <= 3  # the plans, the figures, one count for all of them
