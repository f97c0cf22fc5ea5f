"""Benchmark (issue 13): each slow path beside its floor, at 100,000 plan items.

    .venv/bin/python bench/run.py [--items 100000] [--rounds 3] [--fresh]   # = make bench

Measures on PostgreSQL (a database of its own beside DATABASE_URL's: `<name>_bench`) when
DATABASE_URL names one, and on SQLite (a file in bench/.data/, the embedded default), each in a
process of its own. Each database is migrated, given the reference data and filled by
bench/data.py (kept between runs when it already holds `--items`; `--fresh` makes it again).
Each path runs beside its floor, interleaved: path, floor, path, floor ... after one warm-up of
each, `--rounds` times; the figures are medians. Pages are read uncached (the cache is cleared
before each read), through Django's handler and middleware, with DEBUG off.

Writes bench/results.json (PostgreSQL, or SQLite when there is no PostgreSQL),
bench/results-sqlite.json and bench/results.md; exits 1 when a figure on PostgreSQL misses its
goal. `--smoke` (CI) runs everything once on a small database and checks only the shape.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

# The paths and their goals: a ratio of floor time to path time (≥), a ratio of path time to
# floor time (≤), or seconds (≤).
GOALS = {
    "portal_list_vs_bare": (">=", 0.5),
    "api_list_vs_bare": (">=", 0.8),
    "compile_vs_group_by": ("<=", 2.0),
    "import_vs_openpyxl": ("<=", 5.0),
    "export_ics_seconds": ("<=", 5.0),
    "export_csv_seconds": ("<=", 5.0),
    "plan_page_seconds": ("<=", 0.2),
}
QUERY_GOALS = {"portal_list": 4, "plan_page": 6, "statistics": 6}
YEAR = 2023
AS_OF = "2023-11-30"
EXPORT_ITEMS = 50_000
IMPORT_ROWS = 10_000


def bench_database_url(base: str, suffix: str = "_bench") -> str:
    """A PostgreSQL database of the benchmark's own beside `base`'s, created when missing."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}{suffix}"
    admin_url = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin_url, autocommit=True) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgresql(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin_url, autocommit=True) as server:
        name = parts.path.lstrip("/")
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


# --- measuring, in the child process ----------------------------------------------------------


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def count_queries(run) -> int:
    """The queries of one run (counted at once: the next request start clears the log)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


def side_by_side(path, floor, rounds: int, after=lambda: None) -> dict:
    """Medians of interleaved runs of a path and its floor, after a warm-up of each; and the
    queries of one run of each. `after` undoes what a run of the path wrote, untimed."""
    path_queries = count_queries(path)
    after()
    floor_queries = count_queries(floor)
    path_times, floor_times = [], []
    for _ in range(rounds):
        path_times.append(timed(path))
        after()
        floor_times.append(timed(floor))
    return {
        "path_seconds": statistics.median(path_times),
        "floor_seconds": statistics.median(floor_times),
        "path_queries": path_queries,
        "floor_queries": floor_queries,
    }


def alone(path, rounds: int) -> dict:
    queries = count_queries(path)
    return {
        "path_seconds": statistics.median(timed(path) for _ in range(rounds)),
        "path_queries": queries,
    }


def page(client, url: str, expect=200):
    from django.core.cache import cache

    def run():
        cache.clear()  # uncached: as the first visitor after a change sees it
        response = client.get(url)
        assert response.status_code == expect, (url, response.status_code)
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    return run


def machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f"{kib / 2**20:.1f} GiB"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def measure(args) -> dict:
    """In the child: set Django up on args.database, fill it, measure every path."""
    os.environ["DATABASE_URL"] = args.database
    os.environ.pop("REDIS_URL", None)  # the in-process cache and tasks: nothing shared to clear
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cica_site.settings",
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="testserver",
        API_ANON_THROTTLE_RATE="100000000/hour",
        API_USER_THROTTLE_RATE="100000000/hour",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench import data, imports
    from cbm.models import AnnualPlan, PlanItem
    from cbm.stats import compile_plan_stats

    settings.ROOT_URLCONF = "bench.urls"
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference_data", verbosity=0)
    added = data.fill(args.items)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    filled = time.perf_counter() - started
    print(f"{connection.vendor}: {PlanItem.objects.count()} plan items ({added} added)", flush=True)

    client = Client()
    results, queries = {}, {}

    def report(key, figures, name):
        queries[name] = figures["path_queries"]
        print(f"  {name:<14} {json.dumps(figures)}", flush=True)
        return figures

    activities = f"?year={YEAR}"
    figures = report(
        "portal_list_vs_bare",
        side_by_side(
            page(client, f"/en/activities/{activities}"),
            page(client, f"/bench/bare/activities/{activities}"),
            args.rounds,
        ),
        "portal_list",
    )
    results["portal_list_vs_bare"] = figures["floor_seconds"] / figures["path_seconds"]

    figures = report(
        "api_list_vs_bare",
        side_by_side(
            page(client, f"/api/v1/events/{activities}"),
            page(client, f"/bench/bare/events/{activities}"),
            args.rounds,
        ),
        "api_list",
    )
    results["api_list_vs_bare"] = figures["floor_seconds"] / figures["path_seconds"]

    plan = AnnualPlan.objects.get(year=YEAR)
    figures = report(
        "compile_vs_group_by",
        side_by_side(
            lambda: compile_plan_stats(plan, AS_OF_DATE),
            lambda: group_by(plan),
            args.rounds,
        ),
        "compile",
    )
    results["compile_vs_group_by"] = figures["path_seconds"] / figures["floor_seconds"]

    workbook = Path(tempfile.mkdtemp()) / "import.xlsx"
    imports.make_workbook(args.import_rows, workbook)
    imports.forget_import()  # what an interrupted run left
    figures = report(
        "import_vs_openpyxl",
        side_by_side(
            lambda: imports.run_import(workbook),
            lambda: imports.read_with_openpyxl(workbook),
            args.rounds,
            after=imports.forget_import,
        ),
        "import",
    )
    results["import_vs_openpyxl"] = figures["path_seconds"] / figures["floor_seconds"]

    # The exports of about EXPORT_ITEMS items: the years from the last back.
    exported = export_query(args.export_items)
    for key, name, extension in [
        ("export_ics_seconds", "export_ics", "ics"),
        ("export_csv_seconds", "export_csv", "csv"),
    ]:
        figures = report(
            key,
            alone(page(client, f"/api/v1/events/?format={extension}&{exported}"), args.rounds),
            name,
        )
        results[key] = figures["path_seconds"]

    plan_page = report(
        "plan_page_seconds", alone(page(client, f"/en/plans/{YEAR}/"), args.rounds), "plan_page"
    )
    statistics_page = report(
        "plan_page_seconds",
        alone(page(client, f"/api/v1/plans/{YEAR}/statistics/?as_of={AS_OF}"), args.rounds),
        "statistics",
    )
    # The slower of the two pages the goal names.
    results["plan_page_seconds"] = max(plan_page["path_seconds"], statistics_page["path_seconds"])
    return {
        **{key: round(value, 4) for key, value in results.items()},
        "queries": queries,
        "machine": {
            **machine(),
            "database": database_description(connection),
            "plan_items": PlanItem.objects.count(),
            "plan_items_in_measured_plan": plan.items.count(),
            "exported_items": PlanItem.objects.filter(**EXPORTED_FILTER).count(),
            "import_rows": args.import_rows,
            "rounds": args.rounds,
            "fill_seconds": round(filled, 1),
        },
    }


AS_OF_DATE = None  # set in main_child from AS_OF
EXPORTED_FILTER = {}


def database_description(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor}"


def group_by(plan):
    """The compiler's floor: one GROUP BY over the plan's rows, by what its figures count."""
    from django.db.models import Count

    from cbm.models import PlanItem

    return list(
        PlanItem.objects.filter(plan=plan)
        .values_list("category", "status", "priority_area", "dimension", "organizer")
        .annotate(n=Count("pk"))
        .order_by()
    )


def export_query(items: int) -> str:
    """A date range ending on the last item's date, holding about `items` items."""
    from cbm.models import PlanItem

    dated = PlanItem.objects.filter(start_date__isnull=False).order_by("-start_date")
    total = dated.count()
    first = dated.values_list("start_date", flat=True)[min(items, total) - 1]
    EXPORTED_FILTER.update(start_date__gte=first)
    return f"date_after={first.isoformat()}"


def main_child(args) -> None:
    global AS_OF_DATE
    from datetime import date

    AS_OF_DATE = date.fromisoformat(AS_OF)
    result = measure(args)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")


# --- the driver ----------------------------------------------------------------------------


def met(key: str, value: float) -> bool:
    sense, goal = GOALS[key]
    return value >= goal if sense == ">=" else value <= goal


def markdown(runs: dict[str, dict]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); bench/README.md says how they are taken.",
        "",
        "| figure | goal | " + " | ".join(runs) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in runs) + " |",
    ]
    for key, (sense, goal) in GOALS.items():
        cells = []
        for result in runs.values():
            value = result[key]
            cells.append(f"{value:.3f} {'met' if met(key, value) else '**missed**'}")
        lines.append(
            f"| `{key}` | {sense.replace('>=', '≥').replace('<=', '≤')} {goal} | "
            + " | ".join(cells)
            + " |"
        )
    lines += ["", "Queries of one run of each path:", ""]
    lines.append("| path | goal | " + " | ".join(runs) + " |")
    lines.append("| --- | --- | " + " | ".join("---:" for _ in runs) + " |")
    names = next(iter(runs.values()))["queries"]
    for name in names:
        goal = f"≤ {QUERY_GOALS[name]}" if name in QUERY_GOALS else ""
        lines.append(
            f"| {name} | {goal} | "
            + " | ".join(str(r["queries"][name]) for r in runs.values())
            + " |"
        )
    lines += ["", "Machines:", ""]
    for name, result in runs.items():
        lines.append(f"- {name}: `{json.dumps(result['machine'])}`")
    return "\n".join(lines) + "\n"


def child(database: str, output: Path, args) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        "--database",
        database,
        "--output",
        str(output),
        "--items",
        str(args.items),
        "--rounds",
        str(args.rounds),
        "--import-rows",
        str(args.import_rows),
        "--export-items",
        str(args.export_items),
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    return json.loads(output.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--export-items", type=int, default=EXPORT_ITEMS)
    parser.add_argument("--fresh", action="store_true", help="make the databases again")
    parser.add_argument("--smoke", action="store_true", help="small and once: CI's check")
    parser.add_argument("--output-dir", type=Path, default=BENCH)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        main_child(args)
        return 0
    if args.smoke:
        args.items, args.rounds, args.import_rows, args.export_items = 3000, 1, 50, 1000

    out = args.output_dir
    out.mkdir(parents=True, exist_ok=True)
    runs = {}
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        # The smoke run's own database, so that CI's run never empties a developer's.
        suffix = "_bench_smoke" if args.smoke else "_bench"
        url = bench_database_url(base, suffix)
        if args.fresh or args.smoke:
            drop_postgresql(url)
            url = bench_database_url(base, suffix)
        runs["PostgreSQL"] = child(url, out / "results.json", args)
    data_dir = Path(tempfile.mkdtemp()) if args.smoke else BENCH / ".data"
    data_dir.mkdir(exist_ok=True)
    sqlite_file = data_dir / "bench.sqlite3"
    if args.fresh:
        sqlite_file.unlink(missing_ok=True)
    sqlite_output = out / ("results-sqlite.json" if runs else "results.json")
    runs["SQLite"] = child(f"sqlite:///{sqlite_file}", sqlite_output, args)
    if sqlite_output.name == "results.json":
        (out / "results-sqlite.json").write_text(sqlite_output.read_text())
    (out / "results.md").write_text(markdown(runs))
    print((out / "results.md").read_text())
    if args.smoke or "PostgreSQL" not in runs:
        return 0
    missed = [key for key in GOALS if not met(key, runs["PostgreSQL"][key])]
    if missed:
        print(f"missed on PostgreSQL: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
