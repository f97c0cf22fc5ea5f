"""A plan's figures as the pages show them: what the plan holds beside what has been done, and
beside both, what the sources publish about it.

Reads the statistics' JSON form (`cbm.stats.PlanStats.to_json()`, a snapshot's figures) and
labels it in the active language for the portal's plan page and the officers' dashboard. The
names of dimensions, priority areas and states come from the records: three queries, whatever
the plan's size.
"""

from datetime import date

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cbm.models import AnnualPlan, Dimension, PlanItem, PriorityArea, PublishedFigure
from cica_site.dates import DatePrecision, format_partial_date, period_end
from membership.models import Actor

# Stored figures are JSON objects whose keys PostgreSQL does not keep in order: the rows follow
# the Catalogue's order, the categories' and the calendar's.
LAST = float("inf")


def completion_segments(figures: dict) -> list[dict]:
    """The plan's items split by where they stand as of the figures' date, for a stacked bar.

    Every part says what it holds; none reads as a category of items.
    """
    parts = [
        ("completed", _("completed"), figures["completed"]),
        ("scheduled", _("still scheduled this year"), figures["scheduled"]),
        ("overdue", _("still planned, date passed"), figures["overdue"]),
        ("undated", _("still planned, no date yet"), figures["undated_planned"]),
        ("postponed", _("postponed"), figures["postponed"]),
        ("cancelled", _("cancelled"), figures["cancelled"]),
    ]
    # What remains is dated after both the figures' date and the plan's year.
    rest = figures["total_items"] - sum(value for _key, _label, value in parts)
    if rest > 0:
        label = _("dated after the end of %(year)s") % {"year": figures["plan"]}
        parts.append(("later", label, rest))
    total = figures["total_items"] or 1
    return [
        {"key": key, "label": label, "value": value, "percent": round(100 * value / total, 1)}
        for key, label, value in parts
        if value
    ]


def makeup_summary(figures: dict) -> dict:
    """What the plan holds, in a few figures: its items by category and the undated ones."""
    by_category = figures["items_by_category"]
    return {
        "total": figures["total_items"],
        "body_meetings": by_category.get(PlanItem.Category.BODY_MEETING, 0),
        "cbm_events": by_category.get(PlanItem.Category.CBM_EVENT, 0),
        "other": by_category.get(PlanItem.Category.OTHER, 0),
        "undated": figures["items_by_month"].get("undated", 0),
    }


def month_label(key: str) -> str:
    """ "2023-05" as "May 2023"; "undated" as "date not published"."""
    if key == "undated":
        return _("date not published")
    return format_partial_date(date.fromisoformat(f"{key}-01"), DatePrecision.MONTH)


def chart(key: str, caption: str, label_heading: str, rows) -> dict:
    """One breakdown: for each group, its items in the plan and those completed or still
    scheduled; bar widths in percent of the largest group, the inner bar of its own."""
    rows = list(rows)
    scale = max((items for _label, items, _expected in rows), default=0) or 1
    return {
        "key": key,
        "caption": caption,
        "label_heading": label_heading,
        "rows": [
            {
                "label": label,
                "items": items,
                "expected": expected,
                "items_percent": round(100 * items / scale, 1),
                "expected_percent": round(100 * expected / items, 1) if items else 0,
            }
            for label, items, expected in rows
        ],
    }


def breakdown_charts(figures: dict) -> list[dict]:
    """The plan's breakdowns by category, dimension, priority area, month and organizer, each
    group with its items in the plan (the make-up) and those completed or still scheduled as
    of the figures' date (the progress)."""
    dimensions = list(Dimension.objects.order_by("order"))
    dimension_names = {d.slug: d.name for d in dimensions}
    dimension_order = {d.slug: position for position, d in enumerate(dimensions)}
    area_names = {a.slug: str(a) for a in PriorityArea.objects.in_force_in(figures["plan"])}
    organizers = figures["items_by_organizer"]
    organizer_names = {
        actor.slug: actor.name
        for actor in Actor.objects.filter(slug__in={row["organizer"] for row in organizers})
    }
    category_labels = dict(PlanItem.Category.choices)
    role_labels = dict(PlanItem.OrganizerRole.choices)

    expected_areas = {row["slug"]: row["count"] for row in figures["cbm_by_priority_area"]}
    expected_organizers = {
        (row["organizer"], row["role"]): row["count"] for row in figures["by_organizer"]
    }

    def organizer_label(row: dict) -> str:
        name = organizer_names.get(row["organizer"], row["name"])
        if not row["role"]:
            return name
        role = role_labels.get(row["role"], row["role"])
        return _("%(organizer)s (%(role)s)") % {"organizer": name, "role": role}

    return [
        chart(
            "category",
            _("Items by category"),
            _("Category"),
            (
                (
                    label,
                    figures["items_by_category"].get(key, 0),
                    figures["by_category"].get(key, 0),
                )
                for key, label in category_labels.items()
            ),
        ),
        chart(
            "dimension",
            _("CBM events by dimension"),
            _("Dimension"),
            (
                (
                    dimension_names.get(slug, figures["dimension_names"].get(slug, slug)),
                    items,
                    figures["cbm_by_dimension"].get(slug, 0),
                )
                for slug, items in sorted(
                    figures["items_by_dimension"].items(),
                    key=lambda pair: dimension_order.get(pair[0], LAST),
                )
            ),
        ),
        chart(
            "priority_area",
            _("CBM events by priority area"),
            _("Priority area"),
            (
                (
                    area_names.get(row["slug"], row["name"]),
                    row["count"],
                    expected_areas.get(row["slug"], 0),
                )
                for row in figures["items_by_priority_area"]
            ),
        ),
        chart(
            "month",
            _("Items by month"),
            _("Month"),
            (
                (month_label(key), items, figures["by_month"].get(key, 0))
                # "YYYY-MM" in the calendar's order, "undated" last.
                for key, items in sorted(figures["items_by_month"].items())
            ),
        ),
        chart(
            "organizer",
            _("Items by organizer"),
            _("Organizer"),
            (
                (
                    organizer_label(row),
                    row["count"],
                    expected_organizers.get((row["organizer"], row["role"]), 0),
                )
                for row in organizers
            ),
        ),
    ]


def published_beside(plan: AnnualPlan, figures: dict) -> dict:
    """What the sources publish about a plan, to show beside the figures counted from its
    items (`figures`, the statistics' JSON form), never added to them.

    `figures`: the plan's published figures, each with its source; `size`: the latest exact
    figure of the plan's items, when a source publishes one; `share`: then, how many of those
    items the records hold ("Recorded here: 8 of the plan's 44 items."). One query.
    """
    published = list(PublishedFigure.objects.of_plan(plan))
    size = next(
        (
            figure
            for figure in published
            if figure.measure == PublishedFigure.Measure.PLAN_ITEMS
            and figure.qualifier == PublishedFigure.Qualifier.EXACT
            and not (figure.actor_id or figure.dimension_id or figure.country)
        ),
        None,
    )
    return {
        "figures": published,
        "size": size,
        "share": recorded_share(figures["total_items"], size.value) if size else "",
    }


def recorded_share(recorded: int, size: int) -> str:
    """How many of a plan's published number of items the records hold, in words."""
    values = {"recorded": recorded, "size": size}
    if recorded <= size:
        return (
            ngettext(
                "Recorded here: %(recorded)s of the plan's %(size)s item.",
                "Recorded here: %(recorded)s of the plan's %(size)s items.",
                size,
            )
            % values
        )
    return (
        ngettext(
            "Recorded here: %(recorded)s items, more than the plan's %(size)s item as published.",
            "Recorded here: %(recorded)s items, more than the plan's %(size)s items as published.",
            size,
        )
        % values
    )


# Measures the records can count over a period: items held, and CBM events held.
COUNTABLE_OVER_A_PERIOD = {
    PublishedFigure.Measure.EVENTS_HELD: Q(),
    PublishedFigure.Measure.CBM_EVENTS_HELD: Q(category=PlanItem.Category.CBM_EVENT),
}


def published_over_periods() -> list[dict]:
    """The figures sources publish over a period rather than for a plan ("from October 2020 to
    December 2024, 172 events were held"), each beside what the records count over the same
    period where they can (`counted`; None otherwise): items reported held in it, of the same
    dimension, organizer and country when the figure names one. Never added to each other.
    Two queries, whatever the number of figures or items."""
    figures = list(
        PublishedFigure.objects.filter(plan__isnull=True)
        .with_related()
        .order_by(F("period_start").asc(nulls_last=True), "measure", "slug")
    )
    conditions = {}
    for figure in figures:
        if figure.measure not in COUNTABLE_OVER_A_PERIOD or figure.period_start is None:
            continue
        last = period_end(figure.period_end or figure.period_start, figure.period_precision)
        condition = COUNTABLE_OVER_A_PERIOD[figure.measure] & Q(
            held_on__gte=figure.period_start, held_on__lte=last
        )
        if figure.dimension_id:
            condition &= Q(dimension_id=figure.dimension_id)
        if figure.actor_id:
            condition &= Q(organizer_id=figure.actor_id)
        if figure.country:
            condition &= Q(country=figure.country.code)
        conditions[figure.pk] = condition
    counted = {}
    if conditions:
        held = PlanItem.objects.with_held_on().filter(status=PlanItem.Status.COMPLETED)
        counted = held.aggregate(
            **{f"figure_{pk}": Count("pk", filter=q) for pk, q in conditions.items()}
        )
    return [{"figure": figure, "counted": counted.get(f"figure_{figure.pk}")} for figure in figures]
