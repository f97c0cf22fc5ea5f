from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cbm import services
from cbm.models import AnnualPlan, PlanItem
from cica_site.dates import DatePrecision
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 3)


def test_mark_completed_sets_status_participants_and_the_day_each_item_was_held():
    items = [
        factories.cbm_event(start_date=date(2023, 5, 18), end_date=date(2023, 5, 19)),
        factories.body_meeting(start_date=date(2023, 6, 1), date_precision=DatePrecision.MONTH),
    ]

    services.mark_completed(PlanItem.objects.filter(pk__in=[i.pk for i in items]), 45, TODAY)

    assert sorted(PlanItem.objects.values_list("status", "participants", "status_changed_on")) == [
        ("completed", 45, date(2023, 5, 19)),
        ("completed", 45, date(2023, 6, 30)),
    ]


def test_mark_completed_dates_an_item_still_ahead_on_the_day_it_is_marked():
    item = factories.cbm_event(start_date=date(2024, 9, 24), end_date=date(2024, 9, 25))

    services.mark_completed([item], None, TODAY)

    item.refresh_from_db()
    assert item.status_changed_on == TODAY


def test_mark_completed_without_participants_keeps_each_items_figure():
    item = factories.cbm_event(participants=60)

    services.mark_completed([item], None, TODAY)

    item.refresh_from_db()
    assert item.participants == 60 and item.status == PlanItem.Status.COMPLETED


def test_mark_completed_undated_item_counts_as_held_on_its_source_date():
    item = factories.cbm_event(
        start_date=None,
        end_date=None,
        date_precision=DatePrecision.UNKNOWN,
        sources=[factories.source(date=date(2023, 11, 30))],
    )

    services.mark_completed([item], None, TODAY)

    item.refresh_from_db()
    assert (item.status_changed_on, item.status) == (date(2023, 11, 30), "completed")


def test_mark_completed_refuses_an_undated_item_citing_no_dated_source():
    item = factories.cbm_event(start_date=None, end_date=None, date_precision=DatePrecision.UNKNOWN)

    with pytest.raises(ValidationError, match="cite the dated source"):
        services.mark_completed([item], None, TODAY)

    item.refresh_from_db()
    assert item.status == "planned"


def test_postpone_and_cancel_keep_the_reason():
    postponed, cancelled = factories.cbm_event(), factories.cbm_event()

    services.postpone([postponed], "Postponed by the organizer to 2025.", TODAY)
    services.cancel([cancelled], "Cancelled by the organizer.", TODAY)

    postponed.refresh_from_db()
    cancelled.refresh_from_db()
    assert (postponed.status, postponed.status_reason, postponed.status_changed_on) == (
        "postponed",
        "Postponed by the organizer to 2025.",
        TODAY,
    )
    assert (cancelled.status, cancelled.status_reason) == (
        "cancelled",
        "Cancelled by the organizer.",
    )


def test_status_changes_are_recorded_in_the_items_history():
    item = factories.cbm_event()

    services.postpone([item], "Organizer's request.", TODAY)

    latest = item.history.first()
    assert latest.status == "postponed" and latest.history_type == "~"


def test_a_status_change_that_breaks_a_rule_changes_no_item():
    good, bad = factories.cbm_event(code="good"), factories.cbm_event(code="bad")
    bad.title_en = ""  # a published item without a title is refused by full_clean

    with pytest.raises(ValidationError):
        services.postpone([good, bad], "reason", TODAY)

    assert PlanItem.objects.get(code="good").status == PlanItem.Status.PLANNED


def test_copy_to_next_year_creates_the_draft_plan_with_new_codes_and_shifted_dates():
    plan = factories.plan(2023, status=AnnualPlan.Status.APPROVED)
    item = factories.cbm_event(
        plan=plan,
        code="2023-cbm-05",
        start_date=date(2023, 10, 2),
        end_date=date(2023, 10, 3),
        participants=80,
    )
    services.mark_completed([item], 80, TODAY)

    (copy,) = services.copy_to_next_year([item])

    copy.refresh_from_db()
    assert copy.plan.year == 2024 and copy.plan.status == AnnualPlan.Status.DRAFT
    assert copy.code == "2024-cbm-05"
    assert (copy.start_date, copy.end_date) == (date(2024, 10, 2), date(2024, 10, 3))
    assert copy.status == PlanItem.Status.PLANNED and copy.participants is None
    assert (copy.title_en, copy.priority_area, copy.organizer) == (
        item.title_en,
        item.priority_area,
        item.organizer,
    )
    assert PlanItem.objects.get(pk=item.pk).plan.year == 2023


def test_copy_to_next_year_twice_gives_distinct_codes_and_keeps_undated_items_undated():
    item = factories.cbm_event(
        plan=factories.plan(2023),
        code="2023-cbm-07",
        start_date=None,
        end_date=None,
        date_precision=DatePrecision.UNKNOWN,
    )

    first = services.copy_to_next_year([item])[0]
    second = services.copy_to_next_year([item])[0]

    assert (first.code, second.code) == ("2024-cbm-07", "2024-cbm-07-2")
    assert first.start_date is None and first.date_precision == DatePrecision.UNKNOWN


def test_copy_to_next_year_maps_29_february_to_28_february():
    item = factories.cbm_event(
        plan=factories.plan(2024), start_date=date(2024, 2, 29), end_date=date(2024, 2, 29)
    )

    (copy,) = services.copy_to_next_year([item])

    assert copy.start_date == date(2025, 2, 28)


def test_copy_to_next_year_refuses_an_approved_next_plan_and_writes_nothing():
    item = factories.cbm_event(plan=factories.plan(2023))
    factories.plan(2024, status=AnnualPlan.Status.APPROVED)
    other = factories.cbm_event(plan=factories.plan(2022), start_date=date(2022, 5, 18))

    with pytest.raises(ValidationError, match="already approved"):
        services.copy_to_next_year([other, item])

    assert not PlanItem.objects.filter(plan__year=2023).exclude(pk=item.pk).exists()


def test_copy_to_next_year_refuses_an_item_outside_any_plan():
    with pytest.raises(ValidationError, match="no plan"):
        services.copy_to_next_year([factories.cbm_event(plan=None)])
