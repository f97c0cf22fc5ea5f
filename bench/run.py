"""Benchmarks: how the compiler, the portal and the API scale with the number of plan items.

    .venv/bin/python bench/run.py [--items 50000] [--repeat 5]

Uses DATABASE_URL like the site (a throw-away SQLite file by default, since it migrates and
fills the database; for PostgreSQL give an empty database, e.g. `createdb cica_bench`), loads the reference data, adds synthetic CBM events to the 2023 plan,
and prints for each measured path its query count and the median time of `--repeat` runs.
The query counts must not grow with --items; the tests assert that, this shows the time.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cbm.models import AnnualPlan, PlanItem, PriorityArea  # noqa: E402
from cbm.stats import compile_plan_stats  # noqa: E402
from membership.models import State  # noqa: E402


def fill(items: int) -> None:
    plan = AnnualPlan.objects.get(year=2023)
    areas = list(PriorityArea.objects.in_force_in(2023))
    # Items are organized by actors: a member state's.
    organizers = [state.actor for state in State.objects.member_states().select_related("actor")]
    PlanItem.objects.bulk_create(
        (
            PlanItem(
                code=f"bench-{n}",
                plan=plan,
                category=PlanItem.Category.CBM_EVENT,
                priority_area=areas[n % len(areas)],
                organizer=organizers[n % len(organizers)],
                organizer_role=PlanItem.OrganizerRole.COORDINATOR,
                title_en=f"Benchmark seminar {n}",
                start_date=date(2023, 1 + n % 12, 1 + n % 28),
                status=PlanItem.Status.COMPLETED if n % 3 else PlanItem.Status.PLANNED,
            )
            for n in range(items)
        ),
        batch_size=2000,
    )


def measure(label: str, run, repeat: int) -> None:
    times = []
    with CaptureQueriesContext(connection) as queries:
        run()
    count = len(queries.captured_queries)
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        reset_queries()
    print(f"{label:<48} {count:>4} queries  {1000 * statistics.median(times):>9.1f} ms")


def prepare(description: str, repeat: int) -> argparse.Namespace:
    """Parse --items and --repeat, migrate, load the reference data and fill the database
    (once: a filled one is kept), and say what it holds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    if not PlanItem.objects.filter(code__startswith="bench-").exists():
        fill(args.items)
    print(f"{connection.vendor}, {PlanItem.objects.count()} plan items")
    return args


def main() -> None:
    args = prepare(__doc__.splitlines()[0], repeat=5)

    plan = AnnualPlan.objects.get(year=2023)
    client = Client()
    measure(
        "compile_plan_stats(2023, 2023-11-30)",
        lambda: compile_plan_stats(plan, date(2023, 11, 30)),
        args.repeat,
    )
    # The portal caches pages for anonymous visitors; a signed-out first render is what we time.
    from django.core.cache import cache

    def page(url):
        def run():
            cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    for url in [
        "/en/activities/",
        "/en/activities/?dimension=economic&year=2023",
        "/en/activities/?search=seminar",
        "/en/plans/2023/",
        "/api/v1/events/",
        "/api/v1/events/?dimension=economic&year=2023",
        "/api/v1/plans/2023/statistics/?as_of=2023-11-30",
    ]:
        measure(f"GET {url}", page(url), args.repeat)


if __name__ == "__main__":
    main()
