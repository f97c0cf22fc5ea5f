"""/api/v1/events/: filters, ordering, pagination, CSV and iCalendar, and writing with a token."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.db.models import Q
from icalendar import Calendar

from cbm.models import PlanItem
from tests import factories
from tests.api.conftest import token_client


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


@pytest.mark.usefixtures("reference_data")
class TestReadingEventsOfThe2023Plan:
    def test_count_is_the_plan_size_and_pages_carry_count(self, api_client):
        body = api_client.get("/api/v1/events/?year=2023&page_size=10").json()
        # The plan's 41 items and the 2 events of 2023 outside it (2023-escap-79, the UN-CICA
        # side event of 22 September).
        assert body["count"] == 41 + 2
        assert len(body["results"]) == 10
        assert body["next"].endswith("page=2&page_size=10&year=2023")

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("category=cbm_event", 13),
            ("category=body_meeting", 17),
            ("status=postponed", 11),
            ("status=completed", 30 + 2),  # and the 2 events of 2023 outside the plan
            ("dimension=new-challenges-and-threats", 5),
            ("dimension=economic&dimension=human", 5),
            ("priority_area=tourism", 1),
            ("organizer=TH", 1),
            ("body=special-working-group", 4),
            ("date_after=2023-12-01&date_before=2023-12-31", 3),
        ],
    )
    def test_filters_of_the_portal_filterset(self, api_client, query, expected):
        assert api_client.get(f"/api/v1/events/?year=2023&{query}").json()["count"] == expected

    def test_meeting_format_filter_beside_the_rendering_format(self, api_client):
        offline = PlanItem.objects.in_year(2023).filter(format="offline").count()
        response = api_client.get("/api/v1/events/?year=2023&meeting_format=offline&format=json")
        assert response.json()["count"] == offline > 0

    def test_format_with_a_meeting_format_filters_and_renders_json(self, api_client):
        online = PlanItem.objects.in_year(2023).filter(format="online")
        response = api_client.get("/api/v1/events/?year=2023&format=online")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert sorted(codes(response)) == sorted(online.values_list("code", flat=True))
        assert online.count() > 0

    def test_format_with_a_rendering_still_chooses_the_rendering(self, api_client):
        response = api_client.get("/api/v1/events/?year=2023&format=csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")

    def test_bad_filter_value_is_a_400_naming_the_filter(self, api_client):
        response = api_client.get("/api/v1/events/?organizer=XX&date_after=soon")
        assert response.status_code == 400
        # The date range is one filter of the filterset: its errors come under "date".
        assert set(response.json()["errors"]) == {"organizer", "date"}

    def test_ordering_by_code_descending(self, api_client):
        got = codes(api_client.get("/api/v1/events/?year=2023&ordering=-code&page_size=100"))
        assert got == sorted(got, reverse=True)

    def test_csv_lists_every_matching_event_with_a_header(self, api_client):
        response = api_client.get("/api/v1/events/?category=cbm_event&format=csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
        assert len(rows) == 13  # not paginated
        first = next(row for row in rows if row["code"] == "2023-cbm-01")
        assert (first["organizer.kind"], first["organizer.slug"]) == ("member_state", "KZ")
        # The postponed items name no organizer: their organizer cells are empty.
        everything = api_client.get("/api/v1/events/?year=2023&format=csv").getvalue().decode()
        postponed = [
            r for r in csv.DictReader(io.StringIO(everything)) if r["status"] == "postponed"
        ]
        assert len(postponed) == 11
        assert {(r["organizer.kind"], r["organizer.slug"]) for r in postponed} == {("", "")}
        assert first["start_date"] == "2023-08-23"
        assert first["dimension"] == "military-political"

    def test_csv_by_accept_header(self, api_client):
        response = api_client.get("/api/v1/events/?status=postponed", HTTP_ACCEPT="text/csv")
        assert response["Content-Type"].startswith("text/csv")
        assert len(response.getvalue().decode().strip().splitlines()) == 1 + 11

    def test_icalendar_has_the_dated_events_only(self, api_client):
        response = api_client.get("/api/v1/events/?year=2023&status=completed&format=ics")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = Calendar.from_ical(response.getvalue())
        uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
        of_2023 = Q(plan__year=2023) | Q(plan__isnull=True, start_date__year=2023)
        dated = PlanItem.objects.filter(of_2023, status="completed", start_date__isnull=False)
        assert uids == {f"{code}@cbm.s-cica.org" for code in dated.values_list("code", flat=True)}
        # 30 completed items of the plan, three undated thematic meetings left out, and the 2
        # events of 2023 outside the plan.
        assert len(uids) == 27 + 2

    def test_errors_of_a_csv_request_come_as_json(self, api_client):
        response = api_client.get("/api/v1/events/?format=csv&year=soon")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert list(response.json()["errors"]) == ["year"]


def event_payload(**fields) -> dict:
    factories.priority_area()
    factories.state("TH", "Thailand")
    factories.state("KZ", "Kazakhstan")
    factories.plan(2025)
    return {
        "code": "2025-cbm-01",
        "plan": 2025,
        "category": "cbm_event",
        "priority_area": "tourism",
        "title_en": "Seminar on sustainable tourism",
        "organizer": "TH",
        "organizer_role": "member_state",
        "start_date": "2025-05-20",
        "end_date": "2025-05-21",
        "participating_states": ["TH", "KZ"],
        **fields,
    }


@pytest.mark.django_db
class TestWritingEvents:
    def test_anonymous_client_cannot_create(self, api_client):
        response = api_client.post("/api/v1/events/", event_payload(), format="json")
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        assert not PlanItem.objects.exists()

    def test_token_without_permission_cannot_create(self, unprivileged_client):
        response = unprivileged_client.post("/api/v1/events/", event_payload(), format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert not PlanItem.objects.exists()

    def test_token_without_permission_still_reads(self, unprivileged_client):
        assert unprivileged_client.get("/api/v1/events/").status_code == 200

    def test_officer_creates_an_event_with_its_participating_states(self, officer_client):
        response = officer_client.post("/api/v1/events/", event_payload(), format="json")
        assert response.status_code == 201, response.content
        item = PlanItem.objects.get(code="2025-cbm-01")
        assert response["Location"] == "http://testserver/api/v1/events/2025-cbm-01/"
        assert response.json()["participating_states"] == ["KZ", "TH"]
        assert {country.code for country in item.participating_states} == {"KZ", "TH"}
        assert item.history.first().history_user.username == "officer"

    def test_model_rules_come_back_field_by_field(self, officer_client):
        payload = event_payload(priority_area=None, end_date="2025-05-01", code="bad code")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert set(response.json()["errors"]) == {"code"}  # field validation first

        payload = event_payload(priority_area=None, end_date="2025-05-01")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        # Each rule of the model, on the field it concerns.
        assert response.json()["errors"] == {
            "priority_area": ["A CBM event needs its priority area, or at least its dimension."],
            "end_date": ["The end date cannot be before the start date."],
        }
        assert not PlanItem.objects.exists()

    def test_unknown_natural_keys_are_refused_and_nothing_is_saved(self, officer_client):
        payload = event_payload(participating_states=["TH", "ZZ"], plan=1990)
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"participating_states", "plan"}
        assert not PlanItem.objects.exists()

    def test_officer_changes_an_event_and_its_history_records_who(self, officer_client):
        item = factories.cbm_event(code="2023-cbm-77")
        response = officer_client.patch(
            "/api/v1/events/2023-cbm-77/", {"status": "postponed"}, format="json"
        )
        assert response.status_code == 200, response.content
        item.refresh_from_db()
        assert item.status == "postponed"
        assert response["ETag"] != ""
        assert item.history.first().history_user.username == "officer"

    def test_a_change_breaking_a_rule_changes_nothing(self, officer_client):
        item = factories.cbm_event(code="2023-cbm-78")
        response = officer_client.patch(
            "/api/v1/events/2023-cbm-78/",
            {"title_en": "Renamed", "category": "body_meeting"},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["errors"] == {"body": ["A meeting of a body needs its body."]}
        item.refresh_from_db()
        assert (item.title_en, item.category) != ("Renamed", "body_meeting")

    def test_token_without_permission_cannot_change(self, unprivileged_client):
        factories.cbm_event(code="2023-cbm-79")
        response = unprivileged_client.patch(
            "/api/v1/events/2023-cbm-79/", {"status": "cancelled"}, format="json"
        )
        assert response.status_code == 403
        assert PlanItem.objects.get(code="2023-cbm-79").status == "planned"

    def test_events_cannot_be_deleted_through_the_api(self, db):
        factories.cbm_event(code="2023-cbm-80")
        admin = token_client(User.objects.create_superuser("root"))
        assert admin.delete("/api/v1/events/2023-cbm-80/").status_code == 405
        assert PlanItem.objects.filter(code="2023-cbm-80").exists()


@pytest.mark.parametrize(
    "query",
    [
        "year=99999",
        "year=2023.5",
        "year=-5",
        "organizer_id=99999999999999999999",
        "priority_area_id=-99999999999999999999",
        "page_size=99999999999999999999",
        "date_after=9999-12-31",
        "search=%00",
    ],
)
def test_values_out_of_range_are_answered_without_a_server_error(api_client, db, query):
    factories.cbm_event()
    response = api_client.get(f"/api/v1/events/?{query}")
    assert response.status_code in (200, 400), response.content
    assert response["Content-Type"] == "application/json"


def activity_2026(**fields) -> dict:
    factories.plan(2026)
    factories.dimension("environmental")
    factories.priority_area()
    return {
        "code": "2026-activity",
        "plan": 2026,
        "category": "other",
        "title_en": "Secretariat briefing",
        **fields,
    }


@pytest.mark.django_db
class TestDatesAtAnyPrecision:
    @pytest.mark.parametrize(
        ("written", "precision", "start", "end"),
        [
            ("2026", "year", "2026-01-01", "2026-12-31"),
            ("2026-02", "month", "2026-02-01", "2026-02-28"),
            ("2026-02-25", "day", "2026-02-25", "2026-02-25"),
        ],
    )
    def test_a_date_is_taken_at_the_precision_it_is_written(
        self, officer_client, written, precision, start, end
    ):
        payload = activity_2026(start_date=written, end_date=written)
        response = officer_client.post("/api/v1/events/", payload, format="json")

        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["start_date"], body["end_date"], body["date_precision"]) == (
            start,
            end,
            precision,
        )

    def test_an_explicit_precision_that_agrees_is_allowed(self, officer_client):
        payload = activity_2026(start_date="2026-02", date_precision="month")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["date_precision"] == "month"

    def test_a_precision_that_disagrees_with_the_written_date_names_the_field(self, officer_client):
        payload = activity_2026(start_date="2026-02", date_precision="day")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"start_date"}
        assert not PlanItem.objects.exists()

    def test_start_and_end_written_at_different_precisions_name_the_end(self, officer_client):
        payload = activity_2026(start_date="2026-02", end_date="2026-02-25")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"end_date"}

    def test_a_date_that_is_no_date_is_refused_on_its_field(self, officer_client):
        payload = activity_2026(start_date="2026-13")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"start_date"}


@pytest.mark.django_db
class TestDimensionsAndFieldErrors:
    def test_a_cbm_event_names_its_dimension_and_no_area(self, officer_client):
        payload = activity_2026(category="cbm_event", dimension="environmental", start_date="2026")
        response = officer_client.post("/api/v1/events/", payload, format="json")

        assert response.status_code == 201, response.content
        assert (response.json()["dimension"], response.json()["priority_area"]) == (
            "environmental",
            None,
        )
        assert PlanItem.objects.get().dimension.slug == "environmental"

    def test_an_area_gives_its_dimension(self, officer_client):
        payload = activity_2026(category="cbm_event", priority_area="tourism", start_date="2026-02")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["dimension"] == "economic"

    def test_an_area_of_another_dimension_is_refused_on_the_dimension(self, officer_client):
        payload = activity_2026(
            category="cbm_event",
            priority_area="tourism",
            dimension="environmental",
            start_date="2026",
        )
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"dimension"}

    def test_a_cbm_event_without_area_or_dimension_is_told_on_the_area(self, officer_client):
        payload = activity_2026(category="cbm_event", start_date="2026")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "priority_area": ["A CBM event needs its priority area, or at least its dimension."]
        }

    def test_an_event_dated_outside_its_plans_year_is_refused_on_the_start_date(
        self, officer_client
    ):
        factories.plan(2023)
        payload = activity_2026(plan=2023, start_date="2031-05-01")
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["start_date"]
        assert not PlanItem.objects.exists()

    def test_an_event_carried_over_may_fall_after_its_plans_year(self, officer_client):
        factories.plan(2025)
        payload = activity_2026(plan=2025, start_date="2026-03", carried_over=True)
        response = officer_client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["carried_over"] is True


@pytest.mark.django_db
def test_participants_of_any_country_are_taken_by_iso_code(officer_client):
    response = officer_client.post(
        "/api/v1/events/",
        event_payload(participating_states=["KZ", "by", "ID", "us"]),
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["participating_states"] == ["BY", "ID", "KZ", "US"]
    item = PlanItem.objects.get(code="2025-cbm-01")
    assert [country.code for country in item.participating_states] == ["BY", "ID", "KZ", "US"]


@pytest.mark.django_db
@pytest.mark.parametrize("states", [["KZ", "XX"], ["KZ", ""], "KZ", [None]])
def test_a_participant_that_is_no_country_is_refused_naming_the_field(officer_client, states):
    response = officer_client.post(
        "/api/v1/events/", event_payload(participating_states=states), format="json"
    )
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == {"participating_states"}
    assert not PlanItem.objects.exists()


@pytest.mark.django_db
def test_an_error_in_a_list_says_which_item_in_the_one_error_shape(officer_client):
    response = officer_client.post(
        "/api/v1/events/", event_payload(participating_states=["KZ", {}]), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "participating_states": ["item 2: No country “{}”: give its ISO 3166-1 code, e.g. ID."]
    }
