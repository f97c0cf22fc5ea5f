"""An Atom feed of new and changed activities, for newsletters and feed readers."""

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cbm.models import PlanItem

FEED_LENGTH = 50


class ActivityFeed(Feed):
    feed_type = Atom1Feed
    title = _("CICA activities: new and changed")
    subtitle = _("Events of the annual plans of implementation of confidence building measures.")
    link = reverse_lazy("cbm:activity-list")

    def items(self):
        return PlanItem.objects.with_related().order_by("-updated_at", "code")[:FEED_LENGTH]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        parts = [item.dates, item.get_status_display()]
        if item.priority_area:
            parts.append(str(item.priority_area))
        elif item.body:
            parts.append(str(item.body))
        if item.organizer:
            parts.append(str(item.organizer))
        summary = " · ".join(str(part) for part in parts)
        return f"{summary}\n\n{item.description}" if item.description else summary

    def item_link(self, item):
        return reverse("cbm:activity-detail", args=[item.code])

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        if item.priority_area:
            return [str(item.priority_area.dimension), str(item.priority_area)]
        return [item.get_category_display()]
