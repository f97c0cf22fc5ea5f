"""The written breakdown of an annual plan, in the Secretariat's own form (section 5 of the
Secretary General's annual report), in English or Russian.

`breakdown_markdown` renders templates/cbm/breakdown/breakdown.md from a snapshot's figures and
the plan's CBM events; `breakdown_docx` turns that same text into a Word document, so both
downloads say the same thing. Sentences live in the templates, under {% translate %}.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser

import docx
import markdown
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cbm.models import AnnualPlan, Dimension, PlanItem, PlanStatsSnapshot, PriorityArea
from cbm.stats import completed_and_ahead
from cica_site.dates import DAY, DatePrecision, format_date_range, format_partial_date

TEMPLATE = "cbm/breakdown/breakdown.md"


def format_day(value: date) -> str:
    return date_format(value, DAY)


def format_event_dates(item: PlanItem) -> str:
    """An item's dates as the report writes them: "6–10 February 2023", "May 2023"."""
    return format_date_range(item.start_date, item.end_date, item.date_precision)


def _markdown_text(value: str) -> str:
    """Escape what Markdown would read as formatting in a title from the records."""
    return re.sub(r"([\\`*_\[\]])", r"\\\1", value).replace("<", "&lt;")


def _cbm_events(plan: AnnualPlan, as_of: date):
    """The CBM events the figures count (completed by `as_of` or still ahead in the plan's
    year), with what the listing shows, in one query."""
    completed_q, ahead_q = completed_and_ahead(plan, as_of)
    return (
        PlanItem.objects.filter(plan=plan)
        .cbm_events()
        .listed()
        .with_held_on()
        .filter(completed_q | ahead_q)
        .order_by("priority_area__order", "held_on", "code")
    )


def _dimension_phrase(dimensions: list[Dimension], counts: dict[str, int]) -> str:
    """'5 in the new challenges and threats dimension, 3 in the economic dimension and …',
    most events first, then in Catalogue order."""
    ranked = sorted(
        (d for d in dimensions if counts.get(d.slug)), key=lambda d: (-counts[d.slug], d.order)
    )
    fragments = []
    for dimension in ranked:
        count = counts[dimension.slug]
        name = dimension.name[:1].lower() + dimension.name[1:]
        fragments.append(
            ngettext(
                "%(count)s in the %(dimension)s",
                "%(count)s in the %(dimension)s",
                count,
            )
            % {"count": count, "dimension": name}
        )
    return get_text_list(fragments, _("and"))


def breakdown_context(snapshot: PlanStatsSnapshot) -> dict:
    """What the breakdown template shows, for the active language. Four queries at most
    (the plan, its CBM events, the year's priority areas, the dimensions), whatever the size."""
    plan = snapshot.plan
    figures = snapshot.figures
    year_areas = figures["cbm_by_priority_area"]
    areas = PriorityArea.objects.filter(slug__in=[a["slug"] for a in year_areas]).select_related(
        "dimension"
    )
    areas_by_slug = {area.slug: area for area in areas}
    dimensions = list(Dimension.objects.order_by("order"))

    events_by_area: dict[int, list[dict]] = {}
    for item in _cbm_events(plan, snapshot.as_of):
        events_by_area.setdefault(item.priority_area_id, []).append(
            {
                "title": _markdown_text(item.title or str(item)),
                "organizer": item.organizer.name if item.organizer else "",
                "role": item.organizer_role,
                "co_organizers": get_text_list(
                    [actor.name for actor in item.co_organizers.all()], _("and")
                ),
                "dimension": item.dimension.name if item.dimension_id else "",
                "participants": item.participants,
                "states_represented": item.states_represented,
                "dates": format_event_dates(item),
                "ahead": item.held_on > snapshot.as_of,
            }
        )

    # An area that is its dimension's only one (military-political, human) is the dimension.
    areas_per_dimension = Counter(a["dimension"] for a in year_areas)
    groups: list[dict] = []
    for entry in year_areas:
        area = areas_by_slug.get(entry["slug"])
        if area is None:  # Retired from the Catalogue since the snapshot; its count stands.
            continue
        whole_dimension = areas_per_dimension[entry["dimension"]] == 1
        if not groups or groups[-1]["slug"] != entry["dimension"]:
            groups.append(
                {
                    "slug": entry["dimension"],
                    "heading": "" if whole_dimension else area.dimension.name,
                    "areas": [],
                }
            )
        groups[-1]["areas"].append(
            {
                "order": entry["order"],
                "name": _markdown_text(area.name),
                "whole_dimension": whole_dimension,
                "events": events_by_area.get(area.pk, []),
            }
        )

    by_category = figures["by_category"]
    approved = plan.status == AnnualPlan.Status.APPROVED and plan.approved_on
    return {
        "year": plan.year,
        "approved": bool(approved),
        "approved_on_day": approved and plan.approved_on_precision == DatePrecision.DAY,
        "approved_on": (
            format_partial_date(plan.approved_on, plan.approved_on_precision) if approved else ""
        ),
        "as_of": format_day(snapshot.as_of),
        "total": figures["total_items"],
        "completed": figures["completed"],
        "scheduled": figures["scheduled"],
        "expected": figures["expected_completed"],
        "postponed": figures["postponed"],
        "cancelled": figures["cancelled"],
        "overdue": figures.get("overdue", 0),
        "undated_planned": figures.get("undated_planned", 0),
        "body_meetings": by_category["body_meeting"],
        "cbm_events": by_category["cbm_event"],
        "other": by_category["other"],
        "by_dimension": _dimension_phrase(dimensions, figures["cbm_by_dimension"]),
        "area_count": len(year_areas),
        "groups": groups,
        # CBM events naming their dimension only: after the areas, whose list stays as it is.
        # Their organizer's role is in an area: without one, it is not told.
        "area_not_stated": [{**event, "role": ""} for event in events_by_area.get(None, [])],
    }


def breakdown_markdown(snapshot: PlanStatsSnapshot, language: str = "en") -> str:
    """The breakdown of `snapshot` as Markdown, in `language` ("en" or "ru")."""
    with translation.override(language):
        text = render_to_string(TEMPLATE, breakdown_context(snapshot))
    # Template tags leave blank lines behind; Markdown needs only one between blocks.
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def breakdown_docx(snapshot: PlanStatsSnapshot, language: str = "en") -> bytes:
    """The breakdown of `snapshot` as a Word document (headings, paragraphs, lists)."""
    # sane_lists: a list keeps its first number (areas 7–14 under "Economic dimension").
    html = markdown.markdown(breakdown_markdown(snapshot, language), extensions=["sane_lists"])
    document = docx.Document()
    document.core_properties.language = language
    _DocxWriter(document).feed(html)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _DocxWriter(HTMLParser):
    """Writes the HTML that Markdown makes of the breakdown into a python-docx document:
    h1–h3 headings, paragraphs, numbered lists (numbers kept as written, since the areas keep
    their Catalogue numbers across headings) and bullet lists, with italic and bold runs."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.lists: list[list] = []  # [tag, next number]
        self.italic = self.bold = False
        self.fresh = False  # The paragraph holds no text of its own yet (a list item's number).

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self.paragraph = self.document.add_heading(level=int(tag[1]))
            self.fresh = True
        elif tag in ("ol", "ul"):
            self.lists.append([tag, int(dict(attrs).get("start") or 1)])
            self.paragraph = None
        elif tag == "li":
            kind, number = self.lists[-1]
            if kind == "ol":
                self.paragraph = self.document.add_paragraph(f"{number}. ", style="List")
                self.lists[-1][1] += 1
            else:
                style = "List Bullet 2" if len(self.lists) > 1 else "List Bullet"
                self.paragraph = self.document.add_paragraph(style=style)
            self.fresh = True
        elif tag == "p" and not (self.paragraph is not None and self.fresh):
            self.paragraph = self.document.add_paragraph()
            self.fresh = True
        elif tag == "em":
            self.italic = True
        elif tag == "strong":
            self.bold = True

    def handle_endtag(self, tag):
        if tag in ("ol", "ul"):
            self.lists.pop()
        if tag in ("h1", "h2", "h3", "p", "li", "ol", "ul"):
            self.paragraph = None
        elif tag == "em":
            self.italic = False
        elif tag == "strong":
            self.bold = False

    def handle_data(self, data):
        text = " ".join(data.split("\n"))
        if not text.strip():
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        self.fresh = False
        run = self.paragraph.add_run(text)
        run.italic = self.italic or None
        run.bold = self.bold or None
