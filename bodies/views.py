"""Portal pages of CICA's bodies and their sessions."""

from django.db.models import Count, F
from django.shortcuts import get_object_or_404, render

from bodies.models import Body
from cbm.caching import cache_page_until_data_changes
from cbm.models import PlanItem


@cache_page_until_data_changes
def body_list(request):
    bodies = Body.objects.select_related("parent").annotate(session_count=Count("sessions"))
    return render(request, "bodies/body_list.html", {"bodies": bodies})


@cache_page_until_data_changes
def body_detail(request, slug: str):
    body = get_object_or_404(Body.objects.select_related("parent"), slug=slug)
    sessions = body.sessions.select_related("country", "plan_item").order_by(
        F("start_date").asc(nulls_last=True), "ordinal"
    )
    items = PlanItem.objects.listed().filter(body=body).order_by("-start_date", "code")
    return render(
        request,
        "bodies/body_detail.html",
        {
            "body": body,
            "children": body.children.all(),
            "sessions": sessions,
            "items": items,
        },
    )
