"""Load test: the site under mixed traffic for a bounded time, with no errors and no lost writes.

    .venv/bin/python bench/load.py [--seconds 60] [--clients 8] [--workers 3]

Makes a database of its own beside DATABASE_URL's (PostgreSQL: `<name>_load`, dropped and
created again; without DATABASE_URL a throw-away SQLite file), migrates it and loads the
reference data, then serves it with gunicorn (DEBUG off) on 127.0.0.1 and, with REDIS_URL, a
real Celery worker. `--clients` threads each repeat a mix of portal pages, API reads, API
creates and If-Match changes, and admin saves for `--seconds`, recording every write the
server acknowledged. At the end the database must hold exactly those: the created events (by
code), each changed item's last acknowledged value, the sources saved in the admin.

Prints a JSON report and a summary line; exits 1 when there were errors (a 5xx, a refused
connection, or any answer other than the one the request expects, 429 included: the throttle
rates are raised for the run) or lost writes.
"""

import argparse
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PORTAL_PAGES = [
    "/en/",
    "/en/activities/?year=2023",
    "/en/activities/?year=2023&dimension=economic",
    "/en/plans/2023/",
    "/en/catalogue/",
    "/ru/",
    "/ru/activities/?year=2023",
    "/ru/plans/2023/",
]
API_READS = ["/api/v1/events/", "/api/v1/events/?year=2023", "/api/v1/events/?format=csv"]
# What each kind of request is, in a hundred.
MIX = {"portal": 40, "api_read": 25, "api_create": 10, "api_change": 15, "admin_save": 10}


def sign_in(site: str, username: str, password: str) -> requests.Session:
    """A session signed in to the admin the way a browser does it (CSRF cookie, then the form)."""
    browser = requests.Session()
    login = f"{site}/en/admin/login/"
    browser.get(login)
    signed_in = browser.post(
        login,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": "/en/admin/",
        },
        headers={"Referer": login},
    )
    assert "/en/admin/logout/" in signed_in.text, signed_in.text[:500]
    return browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_database_url(base: str | None) -> str:
    """A database of the load test's own, beside `base`'s (created empty)."""
    if not base:
        return f"sqlite:///{tempfile.mkdtemp()}/load.sqlite3"
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_load"
    import psycopg
    from psycopg import sql

    admin_url = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin_url, autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare(database_url: str, clients: int) -> dict:
    """Migrate and fill the load database; an officer, a token, the items each client changes."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from cbm.models import PlanItem
    from tests.admin.roles import OFFICER, PASSWORD, member_of

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference_data", verbosity=0)
    officer = member_of(OFFICER, "load-officer")
    events = PlanItem.objects.filter(plan__year=2023, category="cbm_event").order_by("code")
    codes = list(events.values_list("code", flat=True)[:clients])
    assert len(codes) == clients, "fewer 2023 CBM events than clients"
    return {
        "username": officer.username,
        "password": PASSWORD,
        "token": Token.objects.create(user=officer).key,
        "codes": codes,
    }


@contextmanager
def process(command: list[str], env: dict, log: Path):
    with log.open("w") as out:
        running = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield running
    finally:
        os.killpg(running.pid, signal.SIGTERM)
        try:
            running.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(running.pid, signal.SIGKILL)
            running.wait(timeout=10)


class Run:
    """The counts and the acknowledged writes of all clients (one lock: threads share it)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.created: set[str] = set()
        self.changed: dict[str, int] = {}
        self.sources: set[str] = set()

    def count(self, kind: str, response: requests.Response | None, expected: int) -> bool:
        status = "connection error" if response is None else str(response.status_code)
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            if response is None or response.status_code != expected:
                self.errors[f"{kind} {status}"] += 1
                return False
        return True


def client(
    number: int, site: str, setup: dict, admin: requests.Session, run: Run, until: float
) -> None:
    rng = random.Random(number)
    api = requests.Session()
    api.headers.update({"Authorization": f"Token {setup['token']}", "Accept": "application/json"})
    visitor = requests.Session()
    mine = setup["codes"][number]  # one item per client: its changes never race another's
    kinds, weights = zip(*MIX.items(), strict=True)
    serial = 0
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        serial += 1
        try:
            if kind == "portal":
                run.count(kind, visitor.get(site + rng.choice(PORTAL_PAGES), timeout=60), 200)
            elif kind == "api_read":
                run.count(kind, visitor.get(site + rng.choice(API_READS), timeout=60), 200)
            elif kind == "api_create":
                code = f"load-{number}-{serial}"
                event = {
                    "code": code,
                    "plan": 2023,
                    "category": "other",
                    "title_en": f"Briefing {code}",
                    "start_date": "2023-05-02",
                    "end_date": "2023-05-02",
                    "date_precision": "day",
                    "status": "completed",
                }
                response = api.post(f"{site}/api/v1/events/", json=event, timeout=60)
                if run.count(kind, response, 201):
                    with run.lock:
                        run.created.add(code)
            elif kind == "api_change":
                url = f"{site}/api/v1/events/{mine}/"
                read = api.get(url, timeout=60)
                if not run.count("api_read", read, 200):
                    continue
                value = rng.randrange(1, 10_000)
                response = api.patch(
                    url,
                    json={"participants": value},
                    headers={"If-Match": read.headers["ETag"]},
                    timeout=60,
                )
                if run.count(kind, response, 200):
                    with run.lock:
                        run.changed[mine] = value
            else:
                add = f"{site}/en/admin/cbm/source/add/"
                title = f"Load note verbale {number}-{serial}"
                response = admin.post(
                    add,
                    data={
                        "title_en": title,
                        "date_precision": "unknown",
                        "csrfmiddlewaretoken": admin.cookies["csrftoken"],
                        "_save": "Save",
                    },
                    headers={"Referer": add},
                    allow_redirects=False,
                    timeout=60,
                )
                if run.count(kind, response, 302):
                    with run.lock:
                        run.sources.add(title)
        except requests.RequestException:
            run.count(kind, None, 200)


def lost_writes(run: Run) -> dict:
    """What the server acknowledged and the database does not hold (or holds beyond it)."""
    from cbm.models import PlanItem, Source

    created = set(PlanItem.objects.filter(code__startswith="load-").values_list("code", flat=True))
    held = dict(PlanItem.objects.filter(code__in=run.changed).values_list("code", "participants"))
    sources = set(
        Source.objects.filter(title_en__startswith="Load note verbale ").values_list(
            "title_en", flat=True
        )
    )
    return {
        "creates_missing": sorted(run.created - created),
        "creates_unacknowledged": sorted(created - run.created),
        "changes_not_held": sorted(c for c, v in run.changed.items() if held.get(c) != v),
        "admin_saves_missing": sorted(run.sources - sources),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn's worker processes")
    args = parser.parse_args()

    database_url = load_database_url(os.environ.get("DATABASE_URL"))
    setup = prepare(database_url, args.clients)
    logs = Path(tempfile.mkdtemp(prefix="cica-load-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "SECURE_SSL_REDIRECT": "off",
        "STATIC_ROOT": str(logs / "static"),
        "API_ANON_THROTTLE_RATE": "10000000/hour",
        "API_USER_THROTTLE_RATE": "10000000/hour",
        "CACHE_KEY_PREFIX": f"cica-load-{port}",
    }
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env)
    gunicorn = [str(Path(PYTHON).with_name("gunicorn")), "cica_site.wsgi"]
    gunicorn += ["--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", "60"]
    site = f"http://127.0.0.1:{port}"
    run = Run()
    with ExitStack() as stack:
        stack.enter_context(process(gunicorn, env, logs / "gunicorn.log"))
        if os.environ.get("REDIS_URL"):
            worker = [PYTHON, "-m", "celery", "-A", "cica_site", "worker", "--concurrency=1"]
            stack.enter_context(process(worker, env, logs / "worker.log"))
        for _ in range(150):
            try:
                requests.get(f"{site}/api/v1/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        admins = [sign_in(site, setup["username"], setup["password"]) for _ in range(args.clients)]
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client, args=(n, site, setup, admins[n], run, until))
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    lost = lost_writes(run)
    report = {
        "seconds": args.seconds,
        "clients": args.clients,
        "gunicorn_workers": args.workers,
        "database": urlsplit(database_url).scheme,
        "celery_worker": bool(os.environ.get("REDIS_URL")),
        "requests": sum(run.statuses.values()),
        "errors": sum(run.errors.values()),
        "lost_writes": sum(len(missing) for missing in lost.values()),
        "writes_acknowledged": sum(
            run.statuses[ok] for ok in ("api_create 201", "api_change 200", "admin_save 302")
        ),
        "by_status": dict(sorted(run.statuses.items())),
        "error_statuses": dict(run.errors),
        "lost": lost,
        "logs": str(logs),
    }
    print(json.dumps(report, indent=2))
    print(
        f"load: {report['requests']} requests in {args.seconds:g} s, "
        f"{report['errors']} errors, {report['lost_writes']} lost writes"
    )
    return 1 if report["errors"] or report["lost_writes"] else 0


if __name__ == "__main__":
    sys.exit(main())
