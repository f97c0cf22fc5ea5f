"""cica_site.spreadsheets: the one rule for formulas, and CSV written in pieces."""

import csv
import io
from datetime import date

import pytest

from cica_site.spreadsheets import csv_lines, in_pieces, neutralise
from tests.formulas import FORMULAS, NORMAL


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_starting_like_a_formula_gets_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value", [NORMAL, "", "'=already quoted", "a=b", -3, 2.5, None, date(2023, 5, 1)]
)
def test_anything_else_is_left_as_it_is(value):
    assert neutralise(value) == value


def test_csv_lines_come_header_first_then_in_pieces_and_read_back_as_written():
    rows = [["code", "title"], *([f"item-{n}", 'Seminar, "water"\nday 2'] for n in range(10_000))]

    pieces = list(csv_lines(rows))

    assert pieces[0] == "code,title\r\n"  # at once, before any row is read
    assert len(pieces) > 4  # some 350,000 characters
    assert all(len(piece) < 70_000 for piece in pieces)
    assert list(csv.reader(io.StringIO("".join(pieces), newline=""))) == rows


def test_in_pieces_of_nothing_is_nothing():
    assert list(in_pieces([])) == []
