"""The activities page at 100,000 items: its queries' plans, and its time beside a bare view.

    createdb -h localhost -U cica cica_facets
    DATABASE_URL=postgres://cica:cica@localhost:5432/cica_facets \\
        .venv/bin/python bench/facets.py [--items 100000] [--explain] [--repeat 7]

Migrates and fills the database once (items over 20 plans, some outside any plan, a third with
co-organizers), then for each page prints its queries and the median time of `--repeat`
uncached renders beside a bare view returning the same page of rows from `.values()`;
with --explain, EXPLAIN (ANALYZE, BUFFERS) of every query of each page (PostgreSQL).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from bodies.models import Format  # noqa: E402
from cbm.filtersets import PlanItemFilterSet  # noqa: E402
from cbm.models import AnnualPlan, Dimension, PlanItem, PriorityArea  # noqa: E402
from cica_site.urls import urlpatterns as site_urlpatterns  # noqa: E402
from membership.models import Actor  # noqa: E402

PAGES = [
    "/en/activities/?year=2023",
    "/en/activities/?year=2023&dimension=economic",
    "/en/activities/?organizer=KZ&status=completed",
    "/en/activities/",
]
PER_PAGE = 20
YEARS = range(2008, 2028)  # 20 plans


def fill(items: int) -> None:
    plans = [AnnualPlan.objects.get_or_create(year=year)[0] for year in YEARS]
    areas = list(PriorityArea.objects.select_related("dimension"))
    dimensions = list(Dimension.objects.all())
    actors = list(Actor.objects.order_by("pk"))
    statuses, formats = PlanItem.Status.values, ["", *Format.values]
    batch = []
    for n in range(items):
        plan = plans[n % len(plans)] if n % 20 else None  # one in 20 outside any plan
        year = plan.year if plan else YEARS[n % len(YEARS)]
        batch.append(
            PlanItem(
                code=f"facets-{n}",
                plan=plan,
                category=PlanItem.Category.CBM_EVENT,
                priority_area=areas[n % len(areas)],
                dimension=dimensions[n % len(dimensions)] if n % 2 else None,
                organizer=actors[n % len(actors)],
                organizer_role=PlanItem.OrganizerRole.COORDINATOR,
                title_en=f"Benchmark seminar {n}",
                start_date=date(year, 1 + n % 12, 1 + n % 28),
                end_date=date(year, 1 + n % 12, 1 + n % 28),
                format=formats[n % len(formats)],
                status=statuses[n % len(statuses)],
            )
        )
    created = PlanItem.objects.bulk_create(batch, batch_size=5000)
    through = PlanItem.co_organizers.through
    through.objects.bulk_create(
        (
            through(planitem_id=item.pk, actor_id=actors[(n + 1 + k) % len(actors)].pk)
            for n, item in enumerate(created)
            if n % 3 == 0
            for k in range(1 + n % 2)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bare(request):
    """The same page of rows, from .values(): what the page's list costs without the portal."""
    filterset = PlanItemFilterSet(request.GET, queryset=PlanItem.objects.all())
    filterset.is_valid()
    rows = filterset.qs.values(
        "code", "title_en", "start_date", "end_date", "status", "format", "plan__year"
    )
    page = Paginator(rows, PER_PAGE).get_page(1)
    return JsonResponse({"rows": list(page)}, json_dumps_params={"default": str})


urlpatterns = [path("bare/", bare), *site_urlpatterns]


class Recorder:
    """Each query's SQL as the database ran it (the page's own, whatever logging says)."""

    def __init__(self, queries: list):
        self.queries = queries

    def __call__(self, run, sql, params, many, context):
        result = run(sql, params, many, context)
        self.queries.append(connection.ops.last_executed_query(context["cursor"], sql, params))
        return result


def median_ms(client, url, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return 1000 * statistics.median(times)


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not PlanItem.objects.filter(code__startswith="facets-").exists():
        call_command("load_reference_data", verbosity=0)
        fill(args.items)
    print(f"{connection.vendor}, {PlanItem.objects.count()} plan items")
    client = Client()
    with override_settings(ROOT_URLCONF=__name__):
        for url in PAGES:
            cache.clear()
            queries = []
            with connection.execute_wrapper(Recorder(queries)):
                assert client.get(url).status_code == 200
            if args.explain:
                print(f"\n## {url}\n")
                for sql in queries:
                    print(f"```\n{sql[:300]}…\n\n{explain(sql)}\n```\n")
                continue
            bare_url = "/bare/" + url.removeprefix("/en/activities/")
            portal, plain = (
                median_ms(client, url, args.repeat),
                median_ms(client, bare_url, args.repeat),
            )
            print(
                f"{url:<50} {len(queries)} queries {portal:8.1f} ms;"
                f" bare {plain:7.1f} ms; bare/portal {plain / portal:.2f}"
            )


if __name__ == "__main__":
    main()
