"""The Russian catalogue is complete and consistent, and set-up compiles it."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
BARE_NUMBER = {"number"}


def catalogue():
    with PO_PATH.open("rb") as po_file:
        return read_po(po_file)


def test_every_message_has_a_russian_translation():
    untranslated = [
        message.id
        for message in catalogue()
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert untranslated == []


def test_translations_keep_the_placeholders_of_the_english():
    mismatched = []
    for message in catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        if "no-python-format" in message.flags:
            expected |= BARE_NUMBER  # the session labels: see bodies.models.Session.NUMBERED_LABELS
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - expected:
                mismatched.append(message.id)
    assert mismatched == []


def test_compiled_catalogue_translates_the_interface(tmp_path):
    call_command("compile_translations", stdout=tmp_path.joinpath("out").open("w"))
    assert PO_PATH.with_suffix(".mo").exists()
    with translation.override("ru"):
        assert translation.gettext("CBM event") != "CBM event"
        assert translation.gettext("priority area") == "приоритетное направление"
