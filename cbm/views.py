"""Portal pages of the annual plan."""

from django.shortcuts import get_object_or_404, render

from cbm.models import AnnualPlan


def plan_list(request):
    plans = AnnualPlan.objects.all()
    return render(request, "cbm/plan_list.html", {"plans": plans})


def plan_detail(request, year: int):
    plan = get_object_or_404(AnnualPlan, year=year)
    items = plan.items.with_related().order_by("category", "start_date", "code")
    return render(request, "cbm/plan_detail.html", {"plan": plan, "items": items})
