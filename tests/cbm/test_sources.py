"""Sources as records: an item cites the documents that report it; an undated completed item
counts as held by the earliest of them (issue 11)."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from tablib import Dataset

from cbm.models import PlanItem, Source
from cbm.resources import PlanItemResource
from cica_site.dates import DatePrecision, parse_partial_date
from tests import factories
from tests.admin.forms import change_form_data
from tests.admin.roles import OFFICER, member_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026", (date(2026, 1, 1), DatePrecision.YEAR)),
        ("2026-03", (date(2026, 3, 1), DatePrecision.MONTH)),
        ("2026-03-31", (date(2026, 3, 31), DatePrecision.DAY)),
    ],
)
def test_a_partial_date_reads_as_its_first_day_and_precision(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["", "26", "2026-3", "2026/03", "2026-02-30", "March 2026"])
def test_anything_else_is_refused_with_the_formats_it_takes(text):
    with pytest.raises(ValueError, match="YYYY|not a date"):
        parse_partial_date(text)


def test_a_source_without_slug_gets_a_unique_one_from_its_title():
    first = Source.objects.create(title_en="Press release", date=date(2026, 3, 2))
    second = Source.objects.create(title_en="Press release", date=date(2026, 3, 9))
    assert (first.slug, second.slug) == ("press-release", "press-release-2")
    assert Source.objects.get_by_natural_key("press-release-2") == second


def test_a_month_source_counts_from_the_end_of_its_month():
    source = Source.objects.create(
        title_en="Digest", date=date(2026, 3, 17), date_precision=DatePrecision.MONTH
    )
    assert (source.date, source.date_period_end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert str(source) == "Digest (March 2026)"


def undated_completed(*sources):
    return factories.body_meeting(
        start_date=None, date_precision="unknown", status="completed", sources=list(sources)
    )


def test_an_undated_completed_item_is_held_by_its_earliest_cited_source():
    later = factories.source("later", date=date(2023, 12, 20))
    report = factories.source()
    item = undated_completed(later, report)
    held = PlanItem.objects.with_held_on().get(pk=item.pk).held_on
    assert held == date(2023, 11, 30)
    assert item.status_changed_on == date(2023, 11, 30)


def test_held_on_costs_no_query_per_item(django_assert_num_queries):
    report = factories.source()
    for _ in range(3):
        undated_completed(report)
    with django_assert_num_queries(1):
        assert {i.held_on for i in PlanItem.objects.with_held_on()} == {date(2023, 11, 30)}


def test_an_undated_completed_item_citing_only_undated_sources_is_refused():
    item = factories.body_meeting(start_date=None, date_precision="unknown")
    undated = Source.objects.create(title_en="Interview", date_precision=DatePrecision.UNKNOWN)
    item.status = "completed"
    with pytest.raises(ValidationError) as refused:
        item.check_cited_sources([undated])
    assert "sources" in refused.value.message_dict


def test_the_officers_group_may_view_add_and_change_sources():
    member_of(OFFICER, "officer")
    codenames = set(Group.objects.get(name=OFFICER).permissions.values_list("codename", flat=True))
    assert {"view_source", "add_source", "change_source"} <= codenames
    assert "delete_source" not in codenames


# The portal -----------------------------------------------------------------------------------


def test_the_activity_page_lists_its_sources_as_written(client):
    item = undated_completed(
        factories.source(url="https://cica.example/report", quote="Six expert meetings."),
        Source.objects.create(
            title_en="Digest",
            title_ru="Дайджест",
            publisher="CICA Secretariat",
            date=date(2024, 3, 1),
            date_precision=DatePrecision.MONTH,
        ),
    )
    page = client.get(f"/en/activities/{item.code}/").content.decode()
    assert "Report of the Secretary General on the activities of CICA in 2023" in page
    assert 'href="https://cica.example/report"' in page
    assert "30 November 2023" in page and "March 2024" in page
    assert "Six expert meetings." in page
    russian = client.get(f"/ru/activities/{item.code}/").content.decode()
    assert "Дайджест" in russian


# The admin ------------------------------------------------------------------------------------


@pytest.fixture
def officer_client(client):
    client.force_login(member_of(OFFICER, "officer"))
    return client


def test_the_item_form_picks_sources_by_autocomplete_and_can_add_one(officer_client):
    item = factories.body_meeting()
    page = officer_client.get(reverse("admin:cbm_planitem_change", args=[item.pk]))
    html = page.content.decode()
    assert 'name="sources"' in html and "admin-autocomplete" in html
    assert 'id="add_id_sources"' in html


def test_the_item_form_refuses_an_undated_completed_item_without_a_dated_source(
    officer_client,
):
    item = factories.body_meeting(start_date=None, date_precision="unknown")
    url = reverse("admin:cbm_planitem_change", args=[item.pk])
    data = change_form_data(officer_client.get(url))
    data.update(status="completed")
    data.pop("sources", None)
    response = officer_client.post(url, data)
    assert "sources" in response.context["adminform"].form.errors
    data["sources"] = [factories.source().pk]
    response = officer_client.post(url, data)
    assert response.status_code == 302
    assert PlanItem.objects.get(pk=item.pk).sources.get().slug == "sg-report-2023"


def test_the_source_list_searches_and_filters(officer_client):
    factories.source()
    url = reverse("admin:cbm_source_changelist")
    assert "sg-report-2023" in officer_client.get(url, {"q": "Secretary"}).content.decode()
    assert officer_client.get(url, {"date_precision__exact": "day"}).status_code == 200


# The spreadsheet import -----------------------------------------------------------------------


def import_rows(rows, dry_run=False):
    dataset = Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append(list(row.values()))
    return PlanItemResource().import_data(dataset, dry_run=dry_run)


def row(**cells):
    cells = {
        "code": "2023-bm-90",
        "category": "body_meeting",
        "body": factories.body().slug,
        "title_en": "Expert meeting",
        "date_precision": "unknown",
        "status": "completed",
        **cells,
    }
    return cells


def test_the_import_takes_sources_by_slug_separated_by_semicolons():
    factories.source()
    factories.source("digest", title_en="Digest", date=date(2023, 12, 5))
    result = import_rows([row(sources="sg-report-2023; digest")])
    assert not result.has_errors() and not result.has_validation_errors()
    item = PlanItem.objects.get(code="2023-bm-90")
    assert sorted(item.sources.values_list("slug", flat=True)) == ["digest", "sg-report-2023"]


def test_the_import_refuses_an_unknown_source_and_an_undated_completed_item_without_one():
    result = import_rows([row(sources="no-such-report")])
    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert "no-such-report" in str(invalid.error_dict)
    result = import_rows([row(sources="")])
    (invalid,) = result.invalid_rows
    assert "sources" in invalid.error_dict
    assert not PlanItem.objects.filter(code="2023-bm-90").exists()
