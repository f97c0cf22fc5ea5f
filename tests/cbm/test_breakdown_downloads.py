import io
from datetime import date

import pytest
from docx import Document

from cbm.models import AnnualPlan, PlanStatsSnapshot
from cbm.stats import store_snapshot

pytestmark = pytest.mark.django_db


def test_breakdown_downloads_as_markdown_from_the_plan_page(client, reference_data):
    page = client.get("/en/plans/2023/").content.decode()
    assert "/en/plans/2023/breakdown.docx" in page

    response = client.get("/en/plans/2023/breakdown.md?as_of=2023-11-30")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert "41" in text and "27" in text
    # Reading never writes a snapshot.
    assert not PlanStatsSnapshot.objects.exists()


def test_breakdown_downloads_as_a_word_document_from_the_stored_snapshot(client, reference_data):
    plan = AnnualPlan.objects.get(year=2023)
    snapshot = store_snapshot(plan, date(2023, 12, 31))

    response = client.get("/en/plans/2023/breakdown.docx")

    assert response.status_code == 200
    assert snapshot.as_of.isoformat() in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "no events in 2023" in text


def test_breakdown_with_a_malformed_date_is_a_clear_error(client, reference_data):
    response = client.get("/en/plans/2023/breakdown.md?as_of=30.11.2023")
    assert response.status_code == 400
    assert b"YYYY-MM-DD" in response.content


def test_breakdown_in_russian_is_served_under_the_russian_prefix(client, reference_data):
    response = client.get("/ru/plans/2023/breakdown.md?as_of=2023-11-30")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-ru.md"')
