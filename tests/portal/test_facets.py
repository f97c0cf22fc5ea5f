"""The facets of /activities/ from one query (cbm/facets.py) give what one query per facet gave.

`facets_as_specified` is the former implementation, kept as the specification: each facet one
grouped count over the items matching every filter but its own. Random filter combinations over
generated items must give the same facets, labels and order included, and the query's total must
be the filterset's count.
"""

import random
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bodies.models import Format
from cbm.facets import FacetLabel, count_facets
from cbm.filtersets import PlanItemFilterSet
from cbm.models import PlanItem
from cica_site.languages import in_language
from membership.models import Actor
from tests import factories

pytestmark = pytest.mark.django_db


# The specification: one query per facet (the portal's facets before issue 13).


def filtered_without(filterset, excluded: str):
    queryset = filterset.queryset.all()
    for name, value in filterset.form.cleaned_data.items():
        if name != excluded:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def _grouped(queryset, *fields):
    return queryset.values_list(*fields).annotate(n=Count("pk")).order_by()


def facets_as_specified(filterset):
    facets = {}
    years = (
        filtered_without(filterset, "year")
        .annotate(facet_year=Coalesce("plan__year", ExtractYear("start_date")))
        .filter(facet_year__isnull=False)
    )
    facets["year"] = [
        (str(year), FacetLabel(str(year), n))
        for year, n in sorted(_grouped(years, "facet_year"), reverse=True)
    ]
    for name, numbered in (("dimension", False), ("priority_area", True)):
        rows = _grouped(
            filtered_without(filterset, name).filter(**{f"{name}__isnull": False}),
            f"{name}__order",
            f"{name}__slug",
            f"{name}__name_en",
            f"{name}__name_ru",
        )
        facets[name] = [
            (
                slug,
                FacetLabel(
                    f"{order}. {in_language(en, ru)}" if numbered else in_language(en, ru), n
                ),
            )
            for order, slug, en, ru, n in sorted(rows)
        ]
    facets["organizer"] = organizer_facet_as_specified(filtered_without(filterset, "organizer"))
    for name, choices in (
        ("category", PlanItem.Category.choices),
        ("format", Format.choices),
        ("status", PlanItem.Status.choices),
    ):
        counts = dict(_grouped(filtered_without(filterset, name), name))
        facets[name] = [
            (value, FacetLabel(str(label), counts[value]))
            for value, label in choices
            if counts.get(value)
        ]
    for name, choices in facets.items():
        present = {value for value, _label in choices}
        for value in filterset.data.getlist(name):
            if value and value not in present:
                choices.append((value, FacetLabel(value, 0)))
    return facets


def organizer_facet_as_specified(items):
    counts = Counter(dict(_grouped(items.filter(organizer__isnull=False), "organizer")))
    through = PlanItem.co_organizers.through.objects.filter(planitem__in=items.values("pk"))
    counts.update(dict(_grouped(through, "actor")))
    kind_order = {kind: n for n, kind in enumerate(Actor.Kind.values)}
    actors = Actor.objects.filter(pk__in=counts).only("slug", "kind", "name_en", "name_ru")
    return [
        (actor.slug, FacetLabel(actor.name, counts[actor.pk], group=actor.get_kind_display()))
        for actor in sorted(actors, key=lambda a: (kind_order[a.kind], a.name))
    ]


# Generated items: every facet's values, items without a plan, a date, an organizer, an area.

DIMENSIONS = {
    "economic": "Экономическое",
    "human": "Человеческое",
    "environmental": "",
    "military-political": "Военно-политическое",  # carried by no item
}
YEARS = ["2021", "2022", "2023", "2024", "2025"]
WORDS = ["Seminar", "Workshop", "Conference", "Meeting"]


def generate(rng: random.Random, n: int) -> dict[str, list[str]]:
    """`n` random items; the values a filter may take."""
    plans = {2023: factories.plan(2023), 2024: factories.plan(2024)}
    dimensions = [
        factories.dimension(slug, order=order, name_ru=ru)
        for order, (slug, ru) in enumerate(DIMENSIONS.items(), start=1)
    ]
    areas = [
        factories.priority_area(
            f"area-{i}", order=i, dimension_slug=dimensions[i % 3].slug, name_ru=f"Область {i}"
        )
        for i in range(1, 7)
    ]
    organizers = [
        factories.state("KZ", "Kazakhstan", name_ru="Казахстан").actor,
        factories.state("IN", "India", name_ru="Индия").actor,
        factories.state("CN", "China").actor,
        factories.secretariat(),
        factories.institution("Academy of Public Administration", name_ru="Академия"),
        factories.institution("Institute of Strategic Studies", kind=Actor.Kind.THINK_TANK),
    ]
    soc = factories.body("senior-officials-committee")
    for i in range(n):
        category = rng.choice(PlanItem.Category.values)
        fields = {"category": category, "title_en": f"{rng.choice(WORDS)} {i}"}
        if category == PlanItem.Category.CBM_EVENT:
            area = rng.choice([*areas, None])
            fields["priority_area"] = area
            fields["dimension"] = rng.choice(dimensions[:3] + ([None] if area else []))
            fields["body"] = None
        else:
            fields["priority_area"] = None
            fields["dimension"] = rng.choice([*dimensions[:3], None])
            fields["body"] = soc if category == PlanItem.Category.BODY_MEETING else None
        if rng.random() < 0.15:
            fields.update(date_precision="unknown", start_date=None, end_date=None)
        else:
            start = date(rng.choice([2021, 2022, 2023, 2024, 2025]), rng.randint(1, 12), 10)
            fields.update(start_date=start, end_date=start)
        organizer = rng.choice([*organizers, None])
        others = [actor for actor in organizers if actor != organizer]
        fields.update(
            code=f"item-{i}",
            plan=plans.get(rng.choice([2023, 2024, None])),
            organizer=organizer,
            organizer_role="",
            co_organizers=rng.sample(others, rng.choice([0, 0, 1, 2])),
            format=rng.choice(["", *Format.values]),
            status=rng.choice(PlanItem.Status.values),
        )
        factories.cbm_event(**fields)
    return {
        "dimension": list(DIMENSIONS),
        "priority_area": [area.slug for area in areas],
        "organizer": [actor.slug for actor in organizers],
        "category": PlanItem.Category.values,
        "format": Format.values,
        "status": PlanItem.Status.values,
    }


def random_query(rng: random.Random, choices: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    if rng.random() < 0.5:
        query["year"] = rng.choice(YEARS)
    for name, values in choices.items():
        if rng.random() < 0.35:
            query.setlist(name, rng.sample(values, rng.choice([1, 1, 2])))
    if rng.random() < 0.15:
        query["search"] = rng.choice(WORDS)
    if rng.random() < 0.15:
        query["date_after"] = "2023-03-01"
    if rng.random() < 0.15:
        query["date_before"] = "2024-06-30"
    if rng.random() < 0.1:
        query["organizer_kind"] = rng.choice(["member_state", "academy"])
    if rng.random() < 0.1:
        query["body"] = "senior-officials-committee"
    return query


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_one_query_gives_the_facets_of_one_query_per_facet(language):
    rng = random.Random(13)
    choices = generate(rng, 120)
    checked = Counter()
    with translation.override(language):
        for _ in range(80):
            query = random_query(rng, choices)
            filterset = PlanItemFilterSet(query, queryset=PlanItem.objects.listed())
            assert filterset.is_valid(), filterset.errors
            counted = count_facets(filterset)
            assert counted.facets == facets_as_specified(filterset), query.urlencode()
            assert counted.total == filterset.qs.count(), query.urlencode()
            checked.update(name for name in query)
            checked["items"] += counted.total
    # The combinations tried every filter, and found items.
    assert set(checked) >= {*choices, "year", "search", "date_after", "organizer_kind"}
    assert checked["items"] > 0


def test_facets_without_filters_count_every_item_and_every_value(django_assert_num_queries):
    choices = generate(random.Random(7), 40)
    filterset = PlanItemFilterSet(QueryDict(), queryset=PlanItem.objects.listed())
    assert filterset.is_valid()
    with django_assert_num_queries(1):
        counted = count_facets(filterset)
    assert counted.total == PlanItem.objects.count() == 40
    assert counted.facets == facets_as_specified(filterset)
    # The dimension no item carries is not listed, until chosen.
    assert "military-political" not in dict(counted.facets["dimension"])
    assert set(dict(counted.facets["status"])) <= set(choices["status"])


def test_a_chosen_value_no_item_carries_shows_with_0():
    generate(random.Random(5), 10)
    query = QueryDict("dimension=military-political&year=2023")
    filterset = PlanItemFilterSet(query, queryset=PlanItem.objects.listed())
    assert filterset.is_valid()
    counted = count_facets(filterset)
    assert counted.facets["dimension"][-1] == (
        "military-political",
        FacetLabel("military-political", 0),
    )
    assert counted.total == 0


def test_activities_page_takes_at_most_4_queries_whatever_the_rows(
    client, rows, django_assert_num_queries
):
    """The facets with the total, the page's rows, their co-organizers: no count of its own."""
    rows(5)
    with CaptureQueriesContext(connection) as first:
        response = client.get("/en/activities/?year=2023")
    assert response.status_code == 200
    assert 0 < len(first.captured_queries) <= 4
    assert not any('"__count"' in q["sql"] for q in first.captured_queries)  # no paginator count
    rows(50)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get("/en/activities/?year=2023")
    assert response.context["page"].paginator.count == 110  # 55 events and 55 meetings


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_the_site_connects_without_jit_compilation():
    """The facets of a filtered page compiled for longer than they ran (bench/explain_facets.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
