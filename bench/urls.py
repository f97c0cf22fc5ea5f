"""The benchmark's URLconf: the site's, plus the floors its lists are measured against.

A floor is the least Django can do for the same answer: the same filterset, the same ordering,
the same page of rows, read with `.values()` and written out with no further machinery.
"""

from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import path

from cbm.filtersets import PlanItemFilterSet
from cbm.models import PlanItem
from cbm.views import ACTIVITIES_PER_PAGE
from cica_site.urls import urlpatterns as site_urlpatterns

# What an activity's card shows.
CARD_FIELDS = [
    "code",
    "title_en",
    "title_ru",
    "category",
    "status",
    "start_date",
    "end_date",
    "date_precision",
    "format",
    "city",
    "country",
    "priority_area__name_en",
    "dimension__name_en",
    "organizer__name_en",
]
CARDS = engines["django"].from_string(
    "<ul>{% for row in rows %}<li><a href='/en/activities/{{ row.code }}/'>{{ row.title_en }}"
    "</a> {{ row.start_date }} {{ row.end_date }} {{ row.status }} {{ row.category }} "
    "{{ row.priority_area__name_en }} {{ row.dimension__name_en }} {{ row.organizer__name_en }} "
    "{{ row.city }} {{ row.country }} {{ row.format }}</li>{% endfor %}</ul>"
)


def page_of_rows(request, per_page: int, fields) -> list[dict]:
    filterset = PlanItemFilterSet(request.GET, queryset=PlanItem.objects.all())
    assert filterset.is_valid(), filterset.errors
    page = int(request.GET.get("page", 1))
    return list(filterset.qs.values(*fields)[(page - 1) * per_page : page * per_page])


def bare_activities(request):
    rows = page_of_rows(request, ACTIVITIES_PER_PAGE, CARD_FIELDS)
    return HttpResponse(CARDS.render({"rows": rows}))


def bare_events(request):
    size = int(request.GET.get("page_size", 50))
    rows = page_of_rows(request, size, [field.attname for field in PlanItem._meta.concrete_fields])
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bench/bare/activities/", bare_activities),
    path("bench/bare/events/", bare_events),
    *site_urlpatterns,
]
