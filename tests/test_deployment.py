"""docker-compose.yml describes a working set-up: the services, and commands that exist."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import get_commands

COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"


def compose():
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_runs_database_broker_web_worker_and_beat():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
        assert environment["DEBUG"] == "off"
        assert "SECRET_KEY" in environment


def test_compose_commands_name_management_commands_that_exist():
    commands = " ".join(
        str(service.get("command", "")) for service in compose()["services"].values()
    )
    used = set(re.findall(r"manage\.py (\w+)", commands))
    assert {"migrate", "load_reference_data", "compile_translations", "collectstatic"} <= used
    assert used <= set(get_commands())


def test_compose_runs_celery_from_the_project_app():
    services = compose()["services"]
    assert "celery -A cica_site worker" in services["worker"]["command"]
    assert "celery -A cica_site beat" in services["beat"]["command"]


def test_every_service_restarts_and_has_a_healthcheck():
    for name, service in compose()["services"].items():
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"], name


def test_web_is_probed_on_healthz_without_curl_and_starts_worker_and_beat():
    services = compose()["services"]
    probe = " ".join(services["web"]["healthcheck"]["test"])
    assert "python" in probe and "/healthz" in probe and "curl" not in probe
    for name in ("worker", "beat"):
        assert services[name]["depends_on"]["web"] == {"condition": "service_healthy"}
        assert services[name]["depends_on"]["db"] == {"condition": "service_healthy"}
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
    beat_probe = services["beat"]["healthcheck"]["test"]
    assert beat_probe[beat_probe.index("manage.py") + 1] in get_commands()


def test_postgresql_and_redis_keep_their_data_in_volumes_redis_append_only():
    document = compose()
    services = document["services"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "redisdata:/data" in services["redis"]["volumes"]
    assert "--appendonly yes" in services["redis"]["command"]
    assert {"pgdata", "redisdata"} <= set(document["volumes"])


def test_the_application_logs_json_in_compose():
    for name in ("web", "worker", "beat"):
        assert compose()["services"][name]["environment"]["LOG_FORMAT"] == "json"


def test_the_image_has_pg_dump_for_backups():
    dockerfile = (Path(settings.BASE_DIR) / "Dockerfile").read_text()
    assert "postgresql-client" in dockerfile


def production_environment() -> dict[str, str]:
    """docker-compose's web environment with its ${…} filled in (a long random SECRET_KEY),
    on this machine's database and Redis (or the embedded defaults where none is set)."""
    environment = {
        name: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value))
        for name, value in compose()["services"]["web"]["environment"].items()
        if name not in ("DATABASE_URL", "REDIS_URL")
    }
    environment["SECRET_KEY"] = secrets.token_urlsafe(50)
    # Not the test process's own switches: the browser tests allow async-unsafe calls.
    ours = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return {**clean, **environment, "DJANGO_SETTINGS_MODULE": "cica_site.settings"}


def manage(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=production_environment(),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_with_no_warning():
    # drf-spectacular generates the schema as one of the checks: its warnings count too.
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "Warning" not in result.stderr, result.stderr


def test_the_api_schema_validates_with_no_warning():
    result = manage("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr, result.stderr


def test_compose_serves_behind_a_tls_proxy_that_sets_x_forwarded_proto():
    environment = compose()["services"]["web"]["environment"]
    assert environment["SECURE_PROXY_SSL_HEADER"] == "HTTP_X_FORWARDED_PROTO"
    # Redirect, HSTS and secure cookies are the defaults with DEBUG off: compose turns none off.
    assert not {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE"} & set(
        environment
    )


def test_gunicorn_runs_threads_so_a_streamed_export_is_not_killed():
    # A sync worker is killed at its timeout mid-stream; gthread keeps reporting while it streams.
    from gunicorn.config import Config

    config = Config()
    path = Path(settings.BASE_DIR) / "gunicorn.conf.py"
    namespace = {"__file__": str(path)}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    for name in ("wsgi_app", "worker_class", "workers", "threads", "timeout"):
        config.set(name, namespace[name])
    assert config.worker_class_str == "gthread" and config.threads > 1
    assert config.wsgi_app == "cica_site.wsgi"
    web = " ".join(compose()["services"]["web"]["command"].split())
    assert "gunicorn --bind 0.0.0.0:8000" in web  # the rest from gunicorn.conf.py
