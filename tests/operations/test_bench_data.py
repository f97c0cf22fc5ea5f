"""The benchmark's database (bench/data.py) holds items of every shape, each one an officer
could have entered: valid by the model's own rules, written without save()."""

from collections import Counter

import pytest

from bench import data
from bodies.models import Format
from cbm.models import DatePrecision, PlanItem
from cica_site.reference_data import load_reference_data

pytestmark = pytest.mark.django_db


def test_the_fill_makes_twenty_plans_of_valid_items_of_every_shape():
    load_reference_data()
    before = PlanItem.objects.count()
    added = data.fill(before + 1200)
    assert added == 1200
    assert PlanItem.objects.count() == before + 1200
    items = list(data.bench_items().select_related("plan", "priority_area", "organizer"))
    assert len({item.plan.year for item in items}) == data.LAST_YEAR - data.FIRST_YEAR + 1

    shapes = Counter()
    for item in items:
        item.full_clean()  # every rule of the model and its constraints
        shapes.update([item.category, item.status, item.date_precision, item.format or "no format"])
        if item.category == PlanItem.Category.CBM_EVENT and not item.priority_area_id:
            shapes["dimension only"] += 1
        if item.priority_area_id:
            assert item.dimension_id == item.priority_area.dimension_id
    for shape in [
        *PlanItem.Category.values,
        *PlanItem.Status.values,
        *DatePrecision.values,
        *Format.values,
        "no format",
        "dimension only",
    ]:
        assert shapes[shape], shape
    with_co_organizers = data.bench_items().filter(co_organizers__isnull=False).distinct()
    assert with_co_organizers.count() > 100
    assert data.bench_items().exclude(session=None).count() == shapes["body_meeting"]


def test_a_second_fill_numbers_on_and_a_filled_database_gains_nothing():
    load_reference_data()
    total = PlanItem.objects.count() + 100
    data.fill(total)
    assert data.fill(total) == 0
    assert data.fill(total + 40) == 40
    assert PlanItem.objects.count() == total + 40
