"""An Atom feed of new and changed activities, for newsletters and feed readers."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cbm.filtersets import PlanItemFilterSet
from cbm.models import PlanItem

FEED_LENGTH = 50


class ActivityFeed(Feed):
    feed_type = Atom1Feed
    title = _("CICA activities: new and changed")
    subtitle = _("Events of the annual plans of implementation of confidence building measures.")

    def __call__(self, request, *args, **kwargs):
        # The filters of /activities/ and calendar.ics, checked the same way (400 when bad).
        filterset = PlanItemFilterSet(request.GET, queryset=PlanItem.objects.listed())
        if not filterset.is_valid():
            return filter_errors_response(filterset)
        request.activity_filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        query = request.GET.urlencode()
        return reverse("cbm:activity-list") + (f"?{query}" if query else "")

    def items(self, request):
        items = request.activity_filterset.qs
        return items.order_by("-updated_at", "code")[:FEED_LENGTH]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        parts = [item.dates, item.get_status_display()]
        if item.priority_area:
            parts.append(str(item.priority_area))
        elif item.dimension:
            parts.append(str(item.dimension))
        elif item.body:
            parts.append(str(item.body))
        if item.organizers:
            parts.append(item.organizers)
        summary = " · ".join(str(part) for part in parts)
        return f"{summary}\n\n{item.description}" if item.description else summary

    def item_link(self, item):
        return reverse("cbm:activity-detail", args=[item.code])

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        if item.dimension:
            return [str(item.dimension), *([str(item.priority_area)] if item.priority_area else [])]
        return [item.get_category_display()]


def filter_errors_response(filterset) -> HttpResponse:
    """400 with the filterset's errors as plain text, for the feeds a reader subscribes to."""
    lines = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
