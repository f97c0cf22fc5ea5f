"""The one settings module reads the environment; with nothing set it runs on embedded defaults."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "email": settings.EMAIL_BACKEND,
}))
"""

CONFIG_VARS = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_URL")


def run_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE="cica_site.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_with_nothing_set_it_runs_on_sqlite_and_in_process_celery():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"].endswith("db.sqlite3")
    assert config["cache"].endswith("LocMemCache")
    assert config["eager"] is True
    assert config["debug"] is True


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_broker():
    result = run_settings(
        DATABASE_URL="postgres://cica:secret@db.example:5432/cica",
        REDIS_URL="redis://cache.example:6379/0",
        ALLOWED_HOSTS="cica.example,www.cica.example",
        EMAIL_URL="smtp://mail.example:25",
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["name"] == "cica"
    assert config["cache"].endswith("RedisCache")
    assert config["broker"] == "redis://cache.example:6379/0"
    assert config["eager"] is False
    assert config["hosts"] == ["cica.example", "www.cica.example"]
    assert config["email"].endswith("smtp.EmailBackend")


def test_with_debug_off_it_refuses_the_default_secret_key():
    result = run_settings(DEBUG="off")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_with_debug_off_and_a_secret_key_it_starts():
    result = run_settings(DEBUG="off", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False
