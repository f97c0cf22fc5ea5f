"""A session's label reads as the Secretariat writes it, in both languages."""

import pytest
from django.utils import translation

from bodies.models import Session

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "number", "english", "russian"),
    [
        ("plenary_session", 6, "6th plenary session", "6-е пленарное заседание"),
        ("session", 1, "1st session", "1-е заседание"),
        ("meeting", 22, "22nd meeting", "22-е совещание"),
        ("informal_meeting", 2, "2nd informal meeting", "2-я неформальная встреча"),
        ("forum", 13, "13th forum", "13-й форум"),
        ("board_meeting", 3, "3rd board meeting", "3-е заседание правления"),
    ],
)
def test_numbered_session_label_agrees_with_its_kind(kind, number, english, russian):
    session = Session(body=factories.body(), kind=kind, ordinal=number)
    with translation.override("en"):
        assert session.label == english
    with translation.override("ru"):
        assert session.label == russian


def test_every_kind_has_a_numbered_label():
    assert set(Session.NUMBERED_LABELS) == set(Session.Kind)


def test_unnumbered_session_is_its_kind():
    session = Session(body=factories.body(), kind="meeting")
    with translation.override("ru"):
        assert session.label == "совещание"
