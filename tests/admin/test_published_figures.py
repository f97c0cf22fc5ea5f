"""The officers' screen for published figures: added with their source, refused on the field
a rule concerns, read by viewers."""

import pytest
from django.urls import reverse

from cbm.models import AnnualPlan, PublishedFigure, Source

pytestmark = pytest.mark.django_db


def test_an_officer_adds_a_figure_and_its_history_starts(officer_client, reference_data):
    response = officer_client.post(
        reverse("admin:cbm_publishedfigure_add"),
        {
            "measure": "events_held",
            "qualifier": "more_than",
            "value": "150",
            "plan": "",
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
            "period_precision": "year",
            "dimension": "",
            "actor": "",
            "country": "",
            "source": Source.objects.get(slug="chairmanship-report-2020-2024").pk,
            "quote": "",
            "note": "",
            "slug": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    figure = PublishedFigure.objects.get(value=150)
    # Made from the source and the measure; the reference data's figure has the plain one.
    assert figure.slug == "chairmanship-report-2020-2024-events-held-2"
    assert figure.figure == "more than 150"
    assert figure.history.count() == 1
    changelist = officer_client.get(reverse("admin:cbm_publishedfigure_changelist"))
    assert "more than 150" in changelist.content.decode()


def test_the_admin_refuses_a_figure_given_both_ways_on_its_field(officer_client, reference_data):
    response = officer_client.post(
        reverse("admin:cbm_publishedfigure_add"),
        {
            "measure": "events_held",
            "qualifier": "exact",
            "value": "3",
            "plan": AnnualPlan.objects.get(year=2025).pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "period_precision": "year",
            "source": Source.objects.get(slug="interview-2025-plan").pk,
        },
    )

    assert response.status_code == 200
    assert "period_start" in response.context["adminform"].form.errors
    assert not PublishedFigure.objects.filter(value=3).exists()


def test_a_viewer_reads_figures_but_cannot_add_them(viewer_client, reference_data):
    changelist = viewer_client.get(reverse("admin:cbm_publishedfigure_changelist"))
    assert changelist.status_code == 200
    assert "about 20" in changelist.content.decode()
    assert viewer_client.get(reverse("admin:cbm_publishedfigure_add")).status_code == 403
