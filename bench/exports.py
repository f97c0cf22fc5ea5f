"""Benchmark of the exports: how soon the first byte comes and how long the whole takes.

    .venv/bin/python bench/exports.py [--items 50000] [--repeat 3]

Fills the database as bench/run.py does (same DATABASE_URL rule: a throw-away SQLite file by
default, or an empty PostgreSQL database), then reads each export through Django's test
client, middleware included, and prints its queries, its size, and the median times to the
first piece and to the last. Not a test: the tests check the queries and the content.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import connection, prepare  # noqa: E402  (importing it sets Django up)

# isort: split
from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ADMIN_EXPORT = "/en/admin/cbm/planitem/export/"


def read(client: Client, method: str, url: str, data=None) -> tuple[float, float, int]:
    """Seconds to the first piece of the body and to its end, and its bytes."""
    start = time.perf_counter()
    response = getattr(client, method)(url, data)
    assert response.status_code == 200, (url, response.status_code)
    assert response.streaming, url
    pieces = iter(response.streaming_content)
    size = len(next(pieces))
    first = time.perf_counter() - start
    size += sum(len(piece) for piece in pieces)
    response.close()
    return first, time.perf_counter() - start, size


def measure(label: str, client: Client, method: str, url: str, data, repeat: int) -> None:
    runs = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            runs.append(read(client, method, url, data))
    first = statistics.median(run[0] for run in runs)
    whole = statistics.median(run[1] for run in runs)
    print(
        f"{label:<40} {len(queries.captured_queries):>4} queries  {runs[0][2] / 1e6:>6.1f} MB  "
        f"first byte {1000 * first:>7.1f} ms  whole {1000 * whole:>8.1f} ms",
        flush=True,
    )


def main() -> None:
    args = prepare(__doc__.splitlines()[0], repeat=3)

    client = Client()
    for url in ["/api/v1/events/?format=ics", "/api/v1/events/?format=csv", "/en/calendar.ics"]:
        measure(f"GET {url}", client, "get", url, None, args.repeat)

    officer, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(officer)
    for label, file_format in [("CSV", "1"), ("XLSX", "0")]:
        measure(
            f"POST {ADMIN_EXPORT} ({label})",
            client,
            "post",
            ADMIN_EXPORT,
            {"format": file_format, "resource": "0"},
            args.repeat,
        )


if __name__ == "__main__":
    main()
