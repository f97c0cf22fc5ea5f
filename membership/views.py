"""Portal pages of Member States, and the restricted part for focal points."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cbm.caching import cache_page_until_data_changes
from cbm.models import PlanItem, organized_by
from cbm.views import label_roles
from membership.models import Organization, State


@cache_page_until_data_changes
def state_list(request):
    states = State.objects.annotate(
        organized=Count("actor__organized_items", distinct=True),
        roles=Count("coordinator_roles", distinct=True),
    )
    return render(
        request,
        "membership/state_list.html",
        {
            "member_states": [s for s in states if s.status == State.Status.MEMBER],
            "observer_states": [s for s in states if s.status == State.Status.OBSERVER],
            "organizations": Organization.objects.all(),
        },
    )


@cache_page_until_data_changes
def state_detail(request, iso_code: str):
    state = get_object_or_404(State, iso_code=iso_code.upper())
    roles = label_roles(
        list(
            state.coordinator_roles.select_related("priority_area__dimension").order_by(
                "priority_area__order", "term_start"
            )
        ),
        timezone.localdate(),
    )
    return render(
        request,
        "membership/state_detail.html",
        {
            "state": state,
            "roles": roles,
            "chairmanships": state.chairmanships.all(),
            "organized": PlanItem.objects.listed()
            .filter(organized_by(Q(state=state)))
            .order_by("-start_date", "code"),
            "sessions": state.sessions_hosted.select_related("body").order_by(
                "start_date", "body__order"
            ),
        },
    )


@login_required(login_url="membership:login")
def restricted(request):
    """A focal point's page: the items their state organizes or takes part in.

    Staff without a focal point's state see every state's items.
    """
    focal_point = getattr(request.user, "focal_point", None)
    if focal_point is None and not request.user.is_staff:
        raise PermissionDenied
    items = PlanItem.objects.listed().order_by("-start_date", "code")
    state = focal_point.state if focal_point else None
    if state is not None:
        items = items.filter(
            organized_by(Q(state=state)) | Q(participating_states__contains=state.iso_code)
        ).distinct()
    return render(
        request,
        "membership/restricted.html",
        {"focal_point": focal_point, "state": state, "items": items},
    )
