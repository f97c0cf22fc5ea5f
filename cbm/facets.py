"""The facets of /activities/: each facet's values with how many items each would give, every
other filter applied, and the number of items matching them all, from one query.

Each item row carries, for each facet whose filter is in use, whether it passes that filter
(the filterset's own condition, PlanItemFilterSet.condition); a row failing two of them counts
nowhere and is left out. A facet counts the rows that pass every filter but its own, grouped by
its value: on PostgreSQL by GROUPING SETS with one COUNT(*) FILTER per facet, elsewhere by a
UNION ALL of GROUP BYs. Co-organizers are one more GROUP BY in the same UNION ALL, counted for
the organizer facet only (an organizer is never its item's co-organizer too, so no item counts
twice). The labels are joined in the same query.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F
from django.db.models.functions import Coalesce, ExtractYear

from bodies.models import Format
from cbm.models import Dimension, PlanItem, PriorityArea
from cica_site.languages import in_language
from membership.models import Actor

FACETS = ("year", "dimension", "priority_area", "organizer", "category", "format", "status")
# The facets whose values are rows of another table, joined for their labels.
LABELLED = {"dimension": Dimension, "priority_area": PriorityArea, "organizer": Actor}
LABEL_FIELDS = {
    "dimension": ("order", "slug", "name_en", "name_ru"),
    "priority_area": ("order", "slug", "name_en", "name_ru"),
    "organizer": ("slug", "kind", "name_en", "name_ru"),
}


@dataclass(frozen=True)
class FacetLabel:
    """A value's label and how many items carry it, given the other filters."""

    name: str
    count: int | None
    group: str = ""  # a heading the value is listed under (an organizer's kind)

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class FacetCounts:
    facets: dict[str, list[tuple[str, FacetLabel]]]
    total: int  # the items matching every filter


def count_facets(filterset) -> FacetCounts:
    """Every facet of the filterset's items, and their number, in one query. `filterset` must
    be valid."""
    rows = _facet_rows(filterset)
    total = next((n for facet, _key, n in rows if facet == ""), 0)
    # A facet's counts by value, or by label fields for a facet of another table's rows (an
    # organizer's count comes in two: leading, co-organizing).
    counters = {name: Counter() for name in FACETS}
    for facet, key, n in rows:
        if facet and key is not None and n:
            counters[facet][key] += n
    by_facet = {name: list(counter.items()) for name, counter in counters.items()}
    facets = {
        "year": [
            (str(year), FacetLabel(str(year), n))
            for year, n in sorted(((int(year), n) for year, n in by_facet["year"]), reverse=True)
        ],
        "dimension": [
            (slug, FacetLabel(in_language(en, ru), n))
            for (_order, slug, en, ru), n in sorted(by_facet["dimension"])
        ],
        "priority_area": [
            (slug, FacetLabel(f"{order}. {in_language(en, ru)}", n))
            for (order, slug, en, ru), n in sorted(by_facet["priority_area"])
        ],
        "organizer": _organizers(by_facet["organizer"]),
    }
    for name, choices in (
        ("category", PlanItem.Category.choices),
        ("format", Format.choices),
        ("status", PlanItem.Status.choices),
    ):
        counts = dict(by_facet[name])
        facets[name] = [
            (value, FacetLabel(str(label), counts[value]))
            for value, label in choices
            if value in counts
        ]
    # A chosen value that no item carries any more still shows, so it can be unticked.
    for name, choices in facets.items():
        present = {value for value, _label in choices}
        for value in filterset.data.getlist(name):
            if value and value not in present:
                choices.append((value, FacetLabel(value, 0)))
    return FacetCounts(facets, total)


def _organizers(rows) -> list[tuple[str, FacetLabel]]:
    """Organizers listed under their kind (Member States first, outside institutions last)."""
    kind_order = {kind: n for n, kind in enumerate(Actor.Kind.values)}
    actors = [
        (Actor(slug=slug, kind=kind, name_en=en, name_ru=ru), n) for (slug, kind, en, ru), n in rows
    ]
    actors.sort(key=lambda pair: (kind_order[pair[0].kind], pair[0].name))
    return [
        (actor.slug, FacetLabel(actor.name, n, group=actor.get_kind_display()))
        for actor, n in actors
    ]


def _facet_rows(filterset) -> list[tuple[str, object, int]]:
    """(facet, value, count) for every value of every facet, with the value's label fields for
    the value of a facet of another table; and ("", None, total), the items matching every
    filter."""
    conditions = {name: filterset.condition(name) for name in filterset.form.cleaned_data}
    passes = {
        f"p_{name}": ExpressionWrapper(q, output_field=BooleanField())
        for name, q in conditions.items()
        if name in FACETS and q is not None
    }
    values = {
        "v_year": Coalesce("plan__year", ExtractYear("start_date")),
        "v_dimension": F("dimension_id"),
        "v_priority_area": F("priority_area_id"),
        "v_organizer": F("organizer_id"),
        "v_category": F("category"),
        "v_format": F("format"),
        "v_status": F("status"),
    }
    # Rows failing a filter that is no facet count nowhere: the filter stays in the WHERE.
    items = (
        filterset.queryset.prefetch_related(None)
        .order_by()
        .filter(*(q for name, q in conditions.items() if name not in FACETS and q is not None))
        .annotate(v_id=F("pk"), **values, **passes)
        .values("v_id", *values, *passes)
    )
    items_sql, params = items.query.sql_with_params()

    def all_but(excluded: str) -> str:
        return " AND ".join(p for p in passes if p != f"p_{excluded}") or "1 = 1"

    failures = " + ".join(f"CASE WHEN {p} THEN 0 ELSE 1 END" for p in passes) or "0"
    through = PlanItem.co_organizers.through._meta
    qn = connection.ops.quote_name
    actor = "co." + qn(through.get_field("actor").column)
    # Co-organizers: grouped apart, since only the organizer facet counts them.
    co_organizers = f"""
        SELECT 'organizer' AS facet,
            {", ".join(actor if v == "v_organizer" else "NULL" for v in values)}, COUNT(*) AS n
        FROM items JOIN {qn(through.db_table)} co
            ON co.{qn(through.get_field("planitem").column)} = items.v_id
        WHERE {all_but("organizer")} GROUP BY {actor}"""
    if connection.vendor == "postgresql":
        facet_case = " ".join(f"WHEN GROUPING(v_{name}) = 0 THEN '{name}'" for name in FACETS)
        pick = " ".join(f"WHEN '{name}' THEN n_{name}" for name in FACETS)
        branches = [
            f"""SELECT facet, {", ".join(values)}, CASE facet {pick} ELSE n_total END AS n
            FROM (
                SELECT CASE {facet_case} ELSE '' END AS facet, {", ".join(values)},
                    COUNT(*) FILTER (WHERE {all_but("")}) AS n_total,
                    {", ".join(f"COUNT(*) FILTER (WHERE {all_but(n)}) AS n_{n}" for n in FACETS)}
                FROM items WHERE {failures} <= 1
                GROUP BY GROUPING SETS ({", ".join(f"(v_{n})" for n in FACETS)}, ())
            ) grouped"""
        ]
    else:
        branches = [
            f"""SELECT '{name}' AS facet,
                    {", ".join(v if v == f"v_{name}" else f"NULL AS {v}" for v in values)},
                    COUNT(*) AS n
                FROM items WHERE {all_but(name)} GROUP BY v_{name}"""
            for name in FACETS
        ]
        branches.append(
            f"""SELECT '', {", ".join("NULL" for _v in values)}, COUNT(*)
                FROM items WHERE {all_but("")}"""
        )
    counted = " UNION ALL ".join([*branches, co_organizers])
    # Inlined where it is read, rather than written out whole for its two readers (PostgreSQL
    # materializes a CTE read twice): a third less time at 100,000 items (bench/explain_facets.md).
    materialized = "NOT MATERIALIZED" if connection.vendor == "postgresql" else ""
    joins, label_columns = [], []
    for name, model in LABELLED.items():
        alias = f"l_{name}"
        joins.append(
            f"LEFT JOIN {qn(model._meta.db_table)} {alias} ON {alias}.{qn(model._meta.pk.column)}"
            f" = counted.v_{name}"
        )
        label_columns += [
            f"{alias}.{qn(model._meta.get_field(f).column)}" for f in LABEL_FIELDS[name]
        ]
    sql = f"""
        WITH items AS {materialized} ({items_sql})
        SELECT counted.*, {", ".join(label_columns)}
        FROM ({counted}) counted
        {" ".join(joins)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    facet_index = {name: 1 + n for n, name in enumerate(FACETS)}
    label_start = 2 + len(FACETS)
    label_slices = {}
    for name in LABELLED:
        width = len(LABEL_FIELDS[name])
        label_slices[name] = slice(label_start, label_start + width)
        label_start += width
    rows = []
    for row in fetched:
        facet, n = row[0], row[1 + len(FACETS)]
        if facet in label_slices:  # its labels, or None where the value is (no label)
            key = tuple(row[label_slices[facet]]) if row[facet_index[facet]] is not None else None
        else:
            key = row[facet_index[facet]] if facet else None
        rows.append((facet, key, n))
    return rows
