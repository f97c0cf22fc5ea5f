"""The reference data beyond the 2023 plan: the activities of the Chairmanship of Kazakhstan in
2020-2024 (chairmanship-2020-2024.yaml), the 2025 plan (plan-2025.yaml) and the figures the
sources publish (published-figures.yaml) - loaded as written, and the 2023 plan left exact."""

from datetime import date

import pytest
import yaml
from django.apps import apps
from django.db.models import Count

from bodies.models import Session
from cbm.models import AnnualPlan, PlanItem, PublishedFigure, Source
from cbm.stats import compile_plan_stats
from cica_site.dates import DatePrecision
from cica_site.reference_data import (
    REFERENCE_FIXTURES,
    load_reference_data,
    reference_fixture_paths,
)
from membership.models import Actor

pytestmark = pytest.mark.django_db

NEW_FIXTURES = ["chairmanship-2020-2024.yaml", "plan-2025.yaml", "published-figures.yaml"]
# What each new file holds, as written there.
ADDED_BY = {
    "chairmanship-2020-2024.yaml": {"membership.Actor": 3, "cbm.PlanItem": 29},
    "plan-2025.yaml": {"cbm.AnnualPlan": 1, "cbm.PlanItem": 12},
    "published-figures.yaml": {"cbm.PublishedFigure": 10},
}
# Items outside any plan, by the year they start: the Chairmanship report's (2021-2024) and the
# interviews' announcements (2025, 2026).
OUTSIDE_ANY_PLAN = {2021: 5, 2022: 8, 2023: 2, 2024: 14, 2025: 3, 2026: 1}


def fixture(name: str) -> list[dict]:
    return yaml.safe_load((reference_fixture_paths()[REFERENCE_FIXTURES.index(name)]).read_text())


def test_the_new_files_follow_the_records_they_name():
    assert REFERENCE_FIXTURES.index("sources.yaml") < REFERENCE_FIXTURES.index("plan-2023.yaml")
    assert REFERENCE_FIXTURES[-3:] == NEW_FIXTURES


def test_each_new_file_adds_what_it_holds_and_a_second_load_adds_nothing(db):
    paths = dict(zip(REFERENCE_FIXTURES, reference_fixture_paths(), strict=True))
    load_reference_data([paths[name] for name in REFERENCE_FIXTURES[:-3]])

    for name in NEW_FIXTURES:
        report = load_reference_data([paths[name]])
        assert report.added == ADDED_BY[name] == labels_of(fixture(name)), name

    again = load_reference_data([paths[name] for name in NEW_FIXTURES])
    assert again.added == {}
    assert again.kept == sum(sum(counts.values()) for counts in ADDED_BY.values())


def labels_of(records) -> dict[str, int]:
    """{"cbm.PlanItem": 29, …}: the records of a fixture, by model label."""
    counts = {}
    for record in records:
        label = apps.get_model(record["model"])._meta.label
        counts[label] = counts.get(label, 0) + 1
    return counts


def test_items_outside_any_plan_by_the_year_they_start(reference_data):
    outside = (
        PlanItem.objects.filter(plan__isnull=True)
        .values_list("start_date__year")
        .annotate(n=Count("id"))
    )
    assert dict(outside) == OUTSIDE_ANY_PLAN
    assert dict(PlanItem.objects.values_list("plan__year").annotate(n=Count("id"))) == {
        None: sum(OUTSIDE_ANY_PLAN.values()),
        2023: 41,
        2025: 8,
    }


def test_the_2023_plan_stays_exact_and_agrees_with_what_the_report_publishes(reference_data):
    plan = AnnualPlan.objects.get(year=2023)
    stats = compile_plan_stats(plan, date(2023, 11, 30))
    assert (stats.total_items, stats.completed, stats.expected_completed) == (41, 27, 30)
    assert stats.postponed == 11
    published = {figure.measure: figure.value for figure in plan.published_figures.all()}
    assert published == {
        "plan_items": stats.total_items,
        "events_held": stats.completed,
        "events_expected": stats.expected_completed,
    }


def test_items_of_years_without_a_plan_say_the_chairmanship_report_lists_them(reference_data):
    items = PlanItem.objects.filter(
        plan__isnull=True, start_date__year__in=[2021, 2022, 2024]
    ).prefetch_related("sources")
    assert items.count() == OUTSIDE_ANY_PLAN[2021] + OUTSIDE_ANY_PLAN[2022] + OUTSIDE_ANY_PLAN[2024]
    for item in items:
        assert "Chairmanship report 2020-2024" in item.source_note, item.code
        assert "chairmanship-report-2020-2024" in {s.slug for s in item.sources.all()}, item.code
    assert not AnnualPlan.objects.filter(year__in=[2021, 2022, 2024]).exists()


def test_every_advisory_session_of_2021_2024_is_one_item_with_its_figures(reference_data):
    sessions = Session.objects.filter(
        body__slug__in=["business-council", "youth-council", "think-tank-forum"],
        start_date__year__range=(2021, 2024),
    ).exclude(kind="forum")  # a Business Forum is one item with its plenary session
    assert sessions.count() == 12
    for session in sessions.select_related("plan_item"):
        item = session.plan_item
        assert item.start_date.year == session.start_date.year, item.code
        assert (item.participants, item.format) == (session.participants, session.format)
        assert (item.plan is None) == (session.start_date.year != 2023), item.code


def test_the_numbered_governing_meetings_are_sessions_with_their_items(reference_data):
    meetings = {
        (s.body.slug, s.ordinal): s.plan_item
        for s in Session.objects.filter(body__kind="governing").select_related("body", "plan_item")
    }
    assert set(meetings) == {("ministerial-council", 6), ("summit", 6), ("ministerial-council", 7)}
    assert meetings["ministerial-council", 6].start_date == date(2021, 10, 12)
    assert meetings["summit", 6].start_date == date(2022, 10, 13)
    seventh = meetings["ministerial-council", 7]
    assert (seventh.start_date, seventh.format, seventh.status) == (
        date(2024, 12, 17),
        "online",
        "completed",
    )
    # Announced by the Chairmanship report, reported held by the interview of January 2025.
    assert {s.slug for s in seventh.sources.all()} == {
        "chairmanship-report-2020-2024",
        "interview-2025-plan",
    }


def test_the_side_events_name_their_organizers_and_co_organizers(reference_data):
    def organizers(code):
        item = PlanItem.objects.get(code=code)
        return (
            item.organizer.slug,
            item.organizer_role,
            sorted(item.co_organizers.values_list("slug", flat=True)),
        )

    assert organizers("2023-un-cica-side-event") == ("KZ", "chairmanship", ["cica-secretariat"])
    assert organizers("2024-cica-escap-event") == ("cica-secretariat", "secretariat", ["un-escap"])
    assert organizers("2024-cop29-side-event") == ("port-of-baku", "host", ["cica-secretariat"])
    escap = Actor.objects.get(slug="un-escap")
    assert (escap.kind, escap.country.code, escap.is_institution) == (
        "international_organization",
        "TH",
        True,
    )


def test_the_side_event_of_2023_is_dated_by_the_2023_report_outside_the_plan(reference_data):
    item = PlanItem.objects.get(code="2023-un-cica-side-event")
    assert (item.plan, item.start_date, item.city, item.country.code) == (
        None,
        date(2023, 9, 22),
        "New York",
        "US",
    )


def test_the_soc_reviews_of_2022_and_2024_are_dated_to_their_year(reference_data):
    reviews = PlanItem.objects.filter(code__in=["2022-soc-cbm-review", "2024-soc-cbm-review"])
    assert [(r.dates, r.date_precision, r.status) for r in reviews.order_by("start_date")] == [
        ("2022", DatePrecision.YEAR, "completed"),
        ("2024", DatePrecision.YEAR, "completed"),
    ]
    # 2023's review was held by the SOC meeting of 19 April 2023, an item of the 2023 plan.
    assert "annual review" in PlanItem.objects.get(code="2023-bm-02").description_en
    assert not PlanItem.objects.filter(code__contains="2023-soc").exists()


def test_nothing_is_recorded_twice(reference_data):
    dated = PlanItem.objects.filter(start_date__isnull=False)
    repeated = (
        dated.values("title_en", "start_date", "plan").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert list(repeated) == []
    # A session is one item at most (the field is one-to-one), and every item of a session is
    # in that session's body.
    for item in PlanItem.objects.filter(session__isnull=False).select_related("session"):
        assert item.body_id == item.session.body_id, item.code


def test_the_2025_plan_holds_the_eight_named_initiatives_without_invented_details(
    reference_data,
):
    plan = AnnualPlan.objects.get(year=2025)
    # The interview does not say when or by whom it was approved.
    assert (plan.status, plan.approved_on, plan.approved_by) == ("draft", None, None)
    items = plan.items.all()
    assert items.count() == 8
    for item in items:
        assert (item.dates, item.status, item.organizer) == ("2025", "planned", None), item.code
        assert [s.slug for s in item.sources.all()] == ["interview-2025-plan"], item.code
    published = {
        (f.measure, f.value, f.qualifier, f.actor.slug if f.actor else None)
        for f in plan.published_figures.select_related("actor")
    }
    assert published == {
        ("plan_items", 44, "exact", None),
        ("plan_items_proposed", 20, "about", "AZ"),
        ("dimensions_covered", 5, "exact", None),
    }


def test_the_aggregates_of_2020_2024_are_published_figures_over_their_period(reference_data):
    figures = PublishedFigure.objects.filter(source__slug="chairmanship-report-2020-2024")
    assert {
        (f.measure, f.value, f.period_start, f.period_end, f.period_precision) for f in figures
    } == {
        ("events_held", 172, date(2020, 10, 1), date(2024, 12, 31), "month"),
        ("cbm_events_held", 88, date(2020, 10, 1), date(2024, 12, 31), "month"),
    }
    # The records hold far fewer: the sources' figure is shown beside them, never replaced.
    held = PlanItem.objects.filter(
        status="completed", start_date__range=(date(2020, 10, 1), date(2024, 12, 31))
    )
    assert held.count() < 172


def test_every_new_record_passes_model_validation_and_cites_a_source(reference_data):
    new_codes = [
        record["fields"]["code"]
        for name in NEW_FIXTURES
        for record in fixture(name)
        if record["model"] == "cbm.planitem"
    ]
    assert len(new_codes) == 29 + 12
    for item in PlanItem.objects.filter(code__in=new_codes).prefetch_related("sources"):
        item.full_clean()
        assert item.sources.all(), item.code
    for figure in PublishedFigure.objects.all():
        figure.full_clean()
    for actor in Actor.objects.institutions():
        actor.full_clean()
    assert Source.objects.count() == 4
