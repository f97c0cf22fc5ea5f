from datetime import date, timedelta

import pytest
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
