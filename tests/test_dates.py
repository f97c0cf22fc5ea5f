from datetime import date

import pytest
from django.utils import translation

from cica_site.dates import DatePrecision, format_date_range, period_end, period_start


@pytest.mark.parametrize(
    ("start", "end", "precision", "english"),
    [
        (date(2023, 2, 2), date(2023, 2, 2), "day", "2 February 2023"),
        (date(2023, 2, 6), date(2023, 2, 10), "day", "6–10 February 2023"),
        (date(2023, 8, 27), date(2023, 9, 2), "day", "27 August – 2 September 2023"),
        (date(2023, 12, 30), date(2024, 1, 2), "day", "30 December 2023 – 2 January 2024"),
        (date(2023, 5, 1), date(2023, 5, 31), "month", "May 2023"),
        (None, None, "unknown", "date not published"),
    ],
)
def test_date_ranges_read_as_the_reports_write_them(start, end, precision, english):
    with translation.override("en"):
        assert format_date_range(start, end, precision) == english


def test_russian_day_ranges_put_the_month_in_the_genitive():
    with translation.override("ru"):
        assert format_date_range(date(2023, 2, 6), date(2023, 2, 10), "day") == "6–10 февраля 2023"


@pytest.mark.parametrize(
    ("month", "russian"), [(1, "январь 2023"), (5, "май 2023"), (12, "декабрь 2023")]
)
def test_russian_month_and_year_read_as_running_text(month, russian):
    # Not Django's standalone "Май": the breakdown puts these dates inside sentences.
    with translation.override("ru"):
        assert format_date_range(date(2023, month, 1), None, "month") == russian


def test_a_year_only_period_runs_from_its_first_to_its_last_day():
    day = date(2024, 6, 15)
    assert period_start(day, DatePrecision.YEAR) == date(2024, 1, 1)
    assert period_end(day, DatePrecision.YEAR) == date(2024, 12, 31)
    assert period_end(date(2024, 2, 10), DatePrecision.MONTH) == date(2024, 2, 29)
