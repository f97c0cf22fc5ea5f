"""docker-compose.yml describes a working set-up: the services, and commands that exist."""

import re
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
