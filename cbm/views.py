"""Portal pages of the Catalogue, the annual plans and their activities.

Each view parses its input, calls the queryset methods and functions of cbm/ (filtersets,
stats, calendar, forms' facets) and renders; every page runs a constant number of queries.
"""

import calendar as month_calendar
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cbm.caching import ITEMS, PLANS, cache_page_until_data_changes, item_scope, plan_scope
from cbm.calendar import build_calendar, calendar_stream
from cbm.facets import count_facets
from cbm.feeds import filter_errors_response
from cbm.figures import (
    breakdown_charts,
    completion_segments,
    makeup_summary,
    published_beside,
    published_over_periods,
)
from cbm.filtersets import PlanItemFilterSet
from cbm.forms import ActivityFilterForm
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    PlanItem,
    PriorityArea,
)
from cbm.reports import breakdown_docx, breakdown_markdown
from cbm.stats import snapshot_for
from cica_site.dates import DatePrecision, format_partial_date
from membership.models import State

ACTIVITIES_PER_PAGE = 20
PLAN_ITEMS_PER_PAGE = 100
HOME_LIST_LENGTH = 5


# Helpers shared by the pages -------------------------------------------------------------


def plan_figures(plan: AnnualPlan) -> dict:
    """The plan's statistics in their JSON form, from its latest snapshot (compiled now when
    there is none, or a stale one), with the date as `as_of_date`."""
    snapshot = snapshot_for(plan)
    return {**snapshot.figures, "as_of_date": snapshot.as_of}


def term_label(start, start_precision, end, end_precision) -> str:
    """A coordinator's term as the sources give it: "2024–2025", "since 2024", ""."""
    if start and end:
        return f"{format_partial_date(start, start_precision)} – {format_partial_date(end, end_precision)}"
    if start:
        return _("since %(date)s") % {"date": format_partial_date(start, start_precision)}
    if end:
        return _("until %(date)s") % {"date": format_partial_date(end, end_precision)}
    return ""


def label_roles(roles, today: date):
    for role in roles:
        role.term = term_label(
            role.term_start, role.term_start_precision, role.term_end, role.term_end_precision
        )
        role.is_current = (role.term_start is None or role.term_start <= today) and (
            role.term_end is None or role.term_end >= today
        )
    return roles


def item_url(request, item: PlanItem) -> str:
    return request.build_absolute_uri(reverse("cbm:activity-detail", args=[item.code]))


def ics_response(content, filename: str) -> HttpResponse | StreamingHttpResponse:
    """The calendar's bytes, or its pieces as they are written (streamed), as a download."""
    response_class = HttpResponse if isinstance(content, bytes) else StreamingHttpResponse
    response = response_class(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Pages ------------------------------------------------------------------------------------


@cache_page_until_data_changes
def home(request):
    today = timezone.localdate()
    items = PlanItem.objects.listed()
    upcoming = (
        items.filter(start_date__gte=today, status=PlanItem.Status.PLANNED)
        .exclude(date_precision=DatePrecision.UNKNOWN)
        .order_by("start_date", "code")[:HOME_LIST_LENGTH]
    )
    recent = items.completed_by(today).order_by("-held_on", "-start_date", "code")[
        :HOME_LIST_LENGTH
    ]
    plan = AnnualPlan.objects.filter(year__lte=today.year).first() or AnnualPlan.objects.first()
    figures = plan_figures(plan) if plan else None
    return render(
        request,
        "cbm/home.html",
        {
            "upcoming": upcoming,
            "recent": recent,
            "plan": plan,
            "figures": figures,
            "completion": completion_segments(figures) if figures else [],
        },
    )


class CountedPaginator(Paginator):
    """A paginator told how many items there are (the facets' query counted them)."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.count = count


@cache_page_until_data_changes(scopes=(ITEMS, PLANS))
def activity_list(request):
    filterset = PlanItemFilterSet(request.GET, queryset=PlanItem.objects.listed())
    status = 200
    if filterset.is_valid():
        counted = count_facets(filterset)
        facets, items, total = counted.facets, filterset.qs, counted.total
    else:
        facets, items, total, status = {}, PlanItem.objects.none(), 0, 400
    page = CountedPaginator(items, ACTIVITIES_PER_PAGE, total).get_page(request.GET.get("page"))
    return render(
        request,
        "cbm/activity_list.html",
        {
            "form": ActivityFilterForm(request.GET, facets),
            "errors": filterset.errors,
            "page": page,
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@cache_page_until_data_changes(scopes=lambda code: (item_scope(code), PLANS))
def activity_detail(request, code: str):
    item = get_object_or_404(
        PlanItem.objects.listed().select_related("session").prefetch_related("sources", "links"),
        code=code,
    )
    # A CICA state's page is linked from the place and the participants; any other country
    # is named only.
    codes = {country.code for country in [item.country, *item.participating_states] if country}
    cica_states = State.objects.in_bulk(codes, field_name="iso_code")
    return render(
        request,
        "cbm/activity_detail.html",
        {
            "item": item,
            "country_state": cica_states.get(item.country.code) if item.country else None,
            "participants": [
                (country, cica_states.get(country.code)) for country in item.participating_states
            ],
        },
    )


@cache_page_until_data_changes(scopes=lambda code: (item_scope(code), PLANS))
def activity_ics(request, code: str):
    item = get_object_or_404(PlanItem.objects.listed(), code=code)
    content = build_calendar([item], name=str(item), url_for=lambda i: item_url(request, i))
    return ics_response(content, f"{item.code}.ics")


def calendar_ics(request):
    """Every activity matching the filters of /activities/, as one iCalendar feed, streamed
    as it is read (so not kept in the page cache: it may be of any length)."""
    filterset = PlanItemFilterSet(request.GET, queryset=PlanItem.objects.listed())
    if not filterset.is_valid():
        return filter_errors_response(filterset)
    content = calendar_stream(
        filterset.qs,
        name=_("CICA confidence building measures"),
        url_for=lambda item: item_url(request, item),
    )
    return ics_response(content, "cica-activities.ics")


@cache_page_until_data_changes(scopes=(ITEMS, PLANS))
def calendar_month(request, year: int | None = None, month: int | None = None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1992 <= year <= 2200):
        raise Http404(_("No such month."))
    first = date(year, month, 1)
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    items = list(
        PlanItem.objects.listed()
        .filter(start_date__lte=last)
        .filter(Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))
    )
    # A day holds an entry for each item held on it; `continues` marks the days after its
    # first (a thin bar in the grid, left out of the phone's list of days), `repeats` the
    # Mondays among them, where the grid shows the title again.
    by_day = {}
    for item in items:
        if item.date_precision != DatePrecision.DAY:
            continue
        day = max(item.start_date, first)
        while day <= min(item.end_date or item.start_date, last):
            continues = day not in (item.start_date, first)
            by_day.setdefault(day, []).append(
                {"item": item, "continues": continues, "repeats": continues and day.weekday() == 0}
            )
            day += timedelta(days=1)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "entries": by_day.get(day, []),
                "starts": any(not entry["continues"] for entry in by_day.get(day, [])),
            }
            for day in week
        ]
        for week in month_calendar.Calendar().monthdatescalendar(year, month)
    ]
    previous = first - timedelta(days=1)
    following = last + timedelta(days=1)
    return render(
        request,
        "cbm/calendar_month.html",
        {
            "month": first,
            "month_label": date_format(first, "YEAR_MONTH_FORMAT"),
            "weeks": weeks,
            "weekdays": [date_format(week_day, "D") for week_day in (d["date"] for d in weeks[0])],
            "month_only": [i for i in items if i.date_precision == DatePrecision.MONTH],
            "has_items": bool(items),
            "previous": previous,
            "following": following,
            "today": today,
        },
    )


@cache_page_until_data_changes(scopes=())
def catalogue(request):
    """The Catalogue as it stands today: dimensions, priority areas, coordinators, papers."""
    today = timezone.localdate()
    roles = CoordinatorRole.objects.select_related("state").order_by(
        "role", "term_start", "state__name_en"
    )
    areas = PriorityArea.objects.in_force_on(today).prefetch_related(
        Prefetch("coordinator_roles", queryset=roles),
        Prefetch("concept_papers", queryset=ConceptPaper.objects.order_by("-as_of", "-pk")),
    )
    dimensions = list(
        Dimension.objects.prefetch_related(Prefetch("priority_areas", queryset=areas))
    )
    for dimension in dimensions:
        for area in dimension.priority_areas.all():
            label_roles(area.coordinator_roles.all(), today)
            papers = area.concept_papers.all()
            area.concept_paper = papers[0] if papers else None
    return render(request, "cbm/catalogue.html", {"dimensions": dimensions, "today": today})


@cache_page_until_data_changes
def dimension_detail(request, slug: str):
    dimension = get_object_or_404(Dimension, slug=slug)
    areas = dimension.priority_areas.order_by("order", "in_force_from")
    items = PlanItem.objects.listed().filter(dimension=dimension).order_by("-start_date", "code")
    return render(
        request,
        "cbm/dimension_detail.html",
        {"dimension": dimension, "areas": areas, "items": items},
    )


@cache_page_until_data_changes
def priority_area_detail(request, slug: str):
    today = timezone.localdate()
    area = get_object_or_404(PriorityArea.objects.select_related("dimension"), slug=slug)
    roles = label_roles(
        list(area.coordinator_roles.select_related("state").order_by("role", "term_start")), today
    )
    papers = area.concept_papers.order_by("-as_of", "-pk")
    items = PlanItem.objects.listed().filter(priority_area=area).order_by("-start_date")
    return render(
        request,
        "cbm/priority_area_detail.html",
        {"area": area, "roles": roles, "papers": papers, "items": items},
    )


@cache_page_until_data_changes(scopes=(ITEMS, PLANS))
def plan_list(request):
    plans = AnnualPlan.objects.all()
    return render(
        request,
        "cbm/plan_list.html",
        {"plans": plans, "over_periods": published_over_periods()},
    )


@cache_page_until_data_changes(scopes=lambda year: (PLANS, plan_scope(year)))
def plan_detail(request, year: int):
    plan = get_object_or_404(AnnualPlan, year=year)
    items = plan.items.listed().order_by("category", "start_date", "code")
    # A plan has some forty items; paging keeps the page light should one ever hold thousands.
    page = Paginator(items, PLAN_ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    figures = plan_figures(plan)
    overdue = plan.items.listed().overdue(figures["as_of_date"]).order_by("held_on", "code")
    return render(
        request,
        "cbm/plan_detail.html",
        {
            "plan": plan,
            "page": page,
            "items": page.object_list,
            "figures": figures,
            "makeup": makeup_summary(figures),
            "completion": completion_segments(figures),
            "overdue_items": overdue[:PLAN_ITEMS_PER_PAGE],
            "breakdowns": breakdown_charts(figures),
            "published": published_beside(plan, figures),
        },
    )


def plan_breakdown(request, year: int, extension: str):
    """The written breakdown of a plan, as Markdown or DOCX, in the page's language: from the
    snapshot as of `?as_of=` (or the latest one), compiled now when none is stored."""
    plan = get_object_or_404(AnnualPlan, year=year)
    as_of = None
    if request.GET.get("as_of"):
        try:
            as_of = date.fromisoformat(request.GET["as_of"])
        except ValueError:
            return HttpResponseBadRequest(_("Give the date as YYYY-MM-DD, e.g. 2023-11-30."))
    snapshot = snapshot_for(plan, as_of)
    language = get_language()
    filename = f"cica-plan-{plan.year}-breakdown-{snapshot.as_of.isoformat()}-{language}"
    if extension == "docx":
        response = HttpResponse(
            breakdown_docx(snapshot, language),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        response = HttpResponse(
            breakdown_markdown(snapshot, language), content_type="text/markdown; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response
