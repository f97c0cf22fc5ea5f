"""Texts a spreadsheet would take for formulas, and plan items that carry them, for the
tests of every export (tests/*/test_exports.py)."""

from cbm.models import PlanItem
from tests import factories

# A cell starting with =, +, -, @, a tab or a carriage return is a formula to a spreadsheet.
FORMULAS = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "+1+1", "-2+3", "\tx", "\rx"]
NORMAL = "Seminar on water security"


def quoted(text: str) -> str:
    """A text as an export must write it: a formula with a single quote before it."""
    return "'" + text if text in FORMULAS else text


def items_titled_as_formulas() -> dict[str, str]:
    """One CBM event per formula and one with a normal title, the text also its description
    and its city: {code: text}."""
    texts = {}
    for number, text in enumerate([*FORMULAS, NORMAL]):
        item = factories.cbm_event(
            code=f"formula-{number}", title_en=text, description_en=text, city=text
        )
        texts[item.code] = text
    assert PlanItem.objects.filter(code__in=texts).count() == len(texts)
    return texts
