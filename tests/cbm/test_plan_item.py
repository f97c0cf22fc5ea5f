from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cbm.models import PlanItem
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_status_change_records_the_day_of_the_change():
    item = factories.cbm_event(status_changed_on=date(2023, 1, 10))
    item = PlanItem.objects.get(pk=item.pk)
    item.status = PlanItem.Status.POSTPONED
    item.save()
    item.refresh_from_db()
    assert item.status_changed_on == timezone.localdate()


def test_a_given_status_change_date_is_kept():
    item = PlanItem.objects.get(pk=factories.cbm_event().pk)
    item.status = PlanItem.Status.COMPLETED
    item.status_changed_on = date(2023, 5, 19)
    item.save()
    item.refresh_from_db()
    assert item.status_changed_on == date(2023, 5, 19)


# An item entered already completed, or changed to completed without a date, dates its status
# from the day it was held, not from the day an officer typed it in.


def test_an_item_entered_completed_dates_its_status_from_its_last_day():
    item = factories.cbm_event(
        status="completed", start_date=date(2023, 5, 18), end_date=date(2023, 5, 19)
    )
    assert item.status_changed_on == date(2023, 5, 19)


def test_an_item_entered_completed_with_a_start_date_only_dates_its_status_from_it():
    item = factories.body_meeting(start_date=date(2023, 4, 19), status="completed")
    assert item.status_changed_on == date(2023, 4, 19)


def test_a_month_only_item_entered_completed_dates_its_status_from_the_months_end():
    item = factories.body_meeting(
        start_date=date(2023, 6, 1), date_precision="month", status="completed"
    )
    assert item.status_changed_on == date(2023, 6, 30)


def test_an_undated_item_entered_completed_dates_its_status_from_its_source():
    item = factories.body_meeting(
        start_date=None,
        date_precision="unknown",
        status="completed",
        sources=[factories.source()],
    )
    assert item.status_changed_on == date(2023, 11, 30)


def test_an_item_entered_completed_with_a_given_date_keeps_it():
    item = factories.cbm_event(status="completed", status_changed_on=date(2023, 6, 2))
    assert item.status_changed_on == date(2023, 6, 2)


def test_a_completed_item_ending_after_today_dates_its_status_today():
    start = timezone.localdate() + timedelta(days=10)
    item = factories.cbm_event(status="completed", start_date=start, end_date=start)
    assert item.status_changed_on == timezone.localdate()


def test_a_planned_item_changed_to_completed_dates_its_status_from_its_last_day():
    item = PlanItem.objects.get(
        pk=factories.cbm_event(start_date=date(2023, 5, 18), end_date=date(2023, 5, 20)).pk
    )
    item.status = PlanItem.Status.COMPLETED
    item.save()
    item.refresh_from_db()
    assert item.status_changed_on == date(2023, 5, 20)


def test_an_item_entered_postponed_dates_its_status_today():
    item = factories.cbm_event(status="postponed")
    assert item.status_changed_on == timezone.localdate()


def test_an_edit_that_keeps_the_status_keeps_its_date():
    item = factories.cbm_event(status_changed_on=date(2023, 1, 10))
    item = PlanItem.objects.get(pk=item.pk)
    item.title_en = "Renamed seminar"
    item.save()
    item.refresh_from_db()
    assert item.status_changed_on == date(2023, 1, 10)


def test_a_month_only_date_spans_the_whole_month():
    item = factories.body_meeting(
        start_date=date(2023, 6, 14), end_date=None, date_precision="month"
    )
    assert (item.start_date, item.end_date) == (date(2023, 6, 1), date(2023, 6, 30))
    assert item.dates == "June 2023"


def test_undated_item_shows_date_not_published():
    item = factories.body_meeting(
        start_date=None,
        date_precision="unknown",
        status="completed",
        sources=[factories.source()],
    )
    assert item.dates == "date not published"


# Dates at any precision, a dimension without an area, and errors on the field concerned. ---


def test_a_year_only_date_spans_the_whole_year():
    item = factories.body_meeting(
        start_date=date(2026, 5, 14), end_date=None, date_precision="year"
    )
    item.refresh_from_db()
    assert (item.start_date, item.end_date) == (date(2026, 1, 1), date(2026, 12, 31))
    assert item.dates == "2026"


def test_a_year_only_item_counts_as_held_at_the_years_end():
    plan = factories.plan(2026)
    item = factories.body_meeting(
        plan=plan, start_date=date(2026, 1, 1), date_precision="year", status="completed"
    )
    assert item.status_changed_on == min(date(2026, 12, 31), timezone.localdate())
    assert not PlanItem.objects.completed_by(date(2026, 12, 30)).filter(pk=item.pk).exists()
    assert PlanItem.objects.completed_by(date(2026, 12, 31)).filter(pk=item.pk).exists()


def test_a_month_range_shows_both_months():
    item = factories.body_meeting(
        start_date=date(2026, 2, 1), end_date=date(2026, 3, 1), date_precision="month"
    )
    assert (item.start_date, item.end_date) == (date(2026, 2, 1), date(2026, 3, 31))
    assert item.dates == "February – March 2026"


def test_a_cbm_event_takes_its_dimension_from_its_area():
    item = factories.cbm_event(priority_area=factories.priority_area("tourism", 10, "economic"))
    assert item.dimension.slug == "economic"


def test_a_cbm_event_may_name_its_dimension_and_no_area():
    item = factories.cbm_event(priority_area=None, dimension=factories.dimension("environmental"))
    item.full_clean()
    assert item.dimension.slug == "environmental"


def test_a_cbm_event_with_neither_area_nor_dimension_is_refused_by_postgres():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.cbm_event(priority_area=None, dimension=None)


def errors_of(item: PlanItem) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        item.full_clean()
    return raised.value.message_dict


def unsaved_event(**fields) -> PlanItem:
    defaults = {
        "code": "2023-cbm-99",
        "plan": factories.plan(2023),
        "category": "cbm_event",
        "priority_area": factories.priority_area(),
        "title_en": "Seminar",
        "start_date": date(2023, 5, 18),
        "end_date": date(2023, 5, 18),
    }
    return PlanItem(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"priority_area": None},
            {"priority_area": ["A CBM event needs its priority area, or at least its dimension."]},
        ),
        (
            {"body": "body"},
            {"body": ["A CBM event is not a meeting of a body: leave the body empty."]},
        ),
        (
            {"category": "body_meeting", "priority_area": None},
            {"body": ["A meeting of a body needs its body."]},
        ),
        (
            {"end_date": date(2023, 5, 1)},
            {"end_date": ["The end date cannot be before the start date."]},
        ),
        (
            {"start_date": None, "end_date": None},
            {"start_date": ["Give a start date, or mark the date as not published."]},
        ),
        (
            {"date_precision": "unknown"},
            {"date_precision": ["Dates are given: choose their precision, not “not published”."]},
        ),
        ({"title_en": ""}, {"title_en": ["Give the item a title."]}),
        (
            {"organizer_role": "coordinator"},
            {"organizer": ["Name the Member State that organizes the item in this role."]},
        ),
        (
            {"dimension": "human"},
            {"dimension": ["The priority area Tourism is in the Economic dimension, not Human."]},
        ),
        (
            {"start_date": date(2031, 5, 1), "end_date": date(2031, 5, 2)},
            {
                "start_date": [
                    "The dates fall outside the plan's year 2023: choose the plan of their "
                    "year, or mark the item as carried over."
                ]
            },
        ),
        (
            {"end_date": date(2024, 1, 2)},
            {
                "end_date": [
                    "The dates fall outside the plan's year 2023: choose the plan of their "
                    "year, or mark the item as carried over."
                ]
            },
        ),
    ],
)
def test_each_rule_is_told_on_the_field_it_concerns(fields, errors):
    if fields.get("body") == "body":
        fields["body"] = factories.body()
    if isinstance(fields.get("dimension"), str):
        fields["dimension"] = factories.dimension(
            fields["dimension"], name_en=fields["dimension"].capitalize()
        )
    assert errors_of(unsaved_event(**fields)) == errors


def test_an_item_carried_over_may_be_dated_after_its_plans_year():
    item = unsaved_event(start_date=date(2024, 3, 1), end_date=date(2024, 3, 1), carried_over=True)
    item.full_clean()
