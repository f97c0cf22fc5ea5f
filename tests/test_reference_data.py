"""The reference data in fixtures/ says what the sources say: the 2023 plan, the Catalogue,
membership and bodies, loaded by `load_reference_data`, idempotently."""

import io
from datetime import date

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from bodies.models import Body, Session
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    PlanItem,
    PriorityArea,
)
from cbm.stats import store_snapshot
from cica_site.dates import DatePrecision, period_end
from cica_site.reference_data import (
    REFERENCE_FIXTURES,
    load_reference_data,
    reference_fixture_paths,
)
from membership.models import ACTOR_FOLLOWS_RECORD, Actor, Chairmanship, Organization, State

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures"
FIXTURE_PATHS = reference_fixture_paths()

MEMBER_STATES = {
    "AF", "AZ", "BH", "BD", "KH", "CN", "EG", "IN", "IR", "IQ", "IL", "JO", "KZ", "KW",
    "KG", "MN", "PK", "PS", "QA", "KR", "RU", "LK", "TJ", "TH", "TR", "AE", "UZ", "VN",
}  # fmt: skip

AREAS_IN_REPORT_ORDER = [
    "military-political-dimension",
    "new-challenges-and-threats-general",
    "combating-terrorism",
    "ict-security",
    "combating-illicit-drugs",
    "epidemiological-safety",
    "sme-development",
    "energy-security",
    "information-technology",
    "tourism",
    "transportation-corridors",
    "agriculture",
    "finance",
    "trade-and-investment",
    "sustainable-development",
    "natural-disaster-management",
    "environment-protection",
    "human-dimension",
]


def items_2023():
    return PlanItem.objects.in_year(2023)


def dump_reference_tables() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        "membership",
        "bodies",
        "cbm",
        natural_foreign=True,
        natural_primary=True,
        stdout=out,
    )
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in ("membership", "bodies", "cbm")
        for model in apps.get_app_config(label).get_models()
    }


# --- Loading ----------------------------------------------------------------------------------


def test_loading_the_reference_data_twice_changes_nothing(reference_data):
    dump_before, counts_before = dump_reference_tables(), row_counts()

    call_command("load_reference_data", verbosity=0)

    assert row_counts() == counts_before
    assert dump_reference_tables() == dump_before


def test_reloading_keeps_every_change_an_officer_made(reference_data):
    item = PlanItem.objects.get(code="2023-bm-01")
    item.title_en = "Informal meeting of the Ministerial Council (corrected)"
    item.participants = 120
    item.save()
    records = sum(row_counts().values())

    report = load_reference_data()

    item.refresh_from_db()
    assert (item.title_en, item.participants) == (
        "Informal meeting of the Ministerial Council (corrected)",
        120,
    )
    assert report.added == {}
    assert report.kept == len(reference_records())
    assert sum(row_counts().values()) == records


def test_loading_adds_only_the_missing_records(db):
    first = load_reference_data(FIXTURE_PATHS[:2])  # membership and bodies
    assert set(first.added) == {
        "membership.State",
        "membership.Organization",
        "membership.Chairmanship",
        "bodies.Body",
        "bodies.Session",
    }

    report = load_reference_data()

    assert report.kept == sum(first.added.values())
    # The 41 items of the 2023 plan and the items of the other fixtures.
    assert report.added["cbm.PlanItem"] == fixture_records("cbm.planitem")
    assert report.left_out == 0


def test_what_officers_deleted_stays_deleted_with_what_refers_to_it(reference_data):
    area = PriorityArea.objects.annotate(items=Count("plan_items")).filter(items=0).first()
    dependents = area.coordinator_roles.count() + area.concept_papers.count()
    assert dependents  # the area has coordinators or concept papers to leave out with it
    area.delete()  # cascades to its coordinator roles and concept papers
    role = CoordinatorRole.objects.first()
    role.delete()
    counts = row_counts()

    report = load_reference_data()

    assert report.added == {}
    assert report.left_out == 1 + dependents + 1
    assert row_counts() == counts
    assert not PriorityArea.objects.filter(slug=area.slug).exists()


def test_a_reference_to_nothing_is_an_error_and_loads_nothing(reference_data, tmp_path):
    catalogue = yaml.safe_load((FIXTURES / "catalogue.yaml").read_text())
    paper = next(r for r in catalogue if r["model"] == "cbm.conceptpaper")
    paper["fields"].update(as_of=date(2030, 1, 1))
    dangling = {**paper, "fields": {**paper["fields"], "priority_area": ["nothing"]}}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump([paper, dangling], allow_unicode=True))
    counts = row_counts()

    with pytest.raises(CommandError) as error:
        call_command("load_reference_data", str(path), verbosity=0)

    message = str(error.value)
    assert message.startswith("bad.yaml: a cbm.conceptpaper record cannot be loaded")
    assert "PriorityArea matching query does not exist" in message
    assert message.endswith("Nothing was loaded.")

    assert row_counts() == counts


def test_a_record_with_a_pk_is_refused(db, tmp_path):
    record = yaml.safe_load((FIXTURES / "catalogue.yaml").read_text())[0]
    path = tmp_path / "with-pk.yaml"
    path.write_text(yaml.safe_dump([{**record, "pk": 7}], allow_unicode=True))

    with pytest.raises(CommandError, match="has a pk; reference records are found by their"):
        call_command("load_reference_data", str(path), verbosity=0)

    assert not Dimension.objects.exists()


def test_reloading_recompiles_a_snapshot_the_added_items_made_stale(reference_data, eager_celery):
    plan = AnnualPlan.objects.get(year=2023)
    # As if the fixtures had gained the item since the last load: gone without a trace.
    PlanItem.objects.get(code="2023-postponed-01").delete()
    PlanItem.history.filter(code="2023-postponed-01").delete()
    snapshot = store_snapshot(plan, date(2023, 12, 31))
    assert snapshot.figures["total_items"] == 40

    call_command("load_reference_data", verbosity=0)

    snapshot.refresh_from_db()
    assert snapshot.figures["total_items"] == 41


def test_every_loaded_record_starts_its_history_from_the_sources(reference_data):
    tracked = [
        model
        for label in ("membership", "bodies", "cbm")
        for model in apps.get_app_config(label).get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]
    assert PlanItem in tracked and State in tracked
    for model in tracked:
        first_versions = model.history.filter(history_type="+")
        assert first_versions.count() == model.objects.count(), model
        # The actors of states, organizations and bodies follow their records.
        assert set(first_versions.values_list("history_change_reason", flat=True)) <= {
            "Loaded from the reference data",
            ACTOR_FOLLOWS_RECORD,
        }
    derived = Actor.history.filter(history_change_reason=ACTOR_FOLLOWS_RECORD)
    assert (
        derived.count()
        == State.objects.count() + Organization.objects.count() + Body.objects.count()
    )
    versions = PlanItem.history.count()

    load_reference_data()

    assert PlanItem.history.count() == versions


def test_added_records_are_stamped_with_the_time_of_the_load(db):
    before = timezone.now()
    load_reference_data()
    after = timezone.now()
    stamps = PlanItem.objects.values_list("created_at", "updated_at")
    assert len(stamps) == fixture_records("cbm.planitem")
    assert all(before <= created == updated <= after for created, updated in stamps)


def test_first_version_keeps_the_participating_states(reference_data, tmp_path):
    record = yaml.safe_load((FIXTURES / "plan-2023.yaml").read_text())[1]
    record["fields"].update(code="2023-test-01", participating_states=["KZ", "TH", "ID"])
    path = tmp_path / "item.yaml"
    path.write_text(yaml.safe_dump([record], allow_unicode=True))

    load_reference_data([path])

    item = PlanItem.objects.get(code="2023-test-01")
    (first,) = item.history.all()
    assert [country.code for country in first.participating_states] == ["ID", "KZ", "TH"]


def reference_records() -> list[dict]:
    return [
        record
        for name in REFERENCE_FIXTURES
        for record in yaml.safe_load((FIXTURES / name).read_text())
    ]


def fixture_records(model: str) -> int:
    """How many records of `model` ("cbm.planitem") the reference fixtures hold."""
    return sum(1 for record in reference_records() if record["model"] == model)


def test_every_loaded_row_passes_model_validation(reference_data):
    for model in (
        State,
        Organization,
        Chairmanship,
        Body,
        Session,
        Dimension,
        PriorityArea,
        CoordinatorRole,
        ConceptPaper,
        AnnualPlan,
        PlanItem,
    ):
        for obj in model.objects.all():
            obj.full_clean()


# --- The 2023 plan ------------------------------------------------------------------------------


def test_the_2023_plan_was_approved_by_the_soc_in_december_2022(reference_data):
    plan = AnnualPlan.objects.get(year=2023)
    assert plan.status == AnnualPlan.Status.APPROVED
    assert plan.approved_on == date(2022, 12, 1)
    assert plan.approved_on_precision == DatePrecision.MONTH


def test_the_2023_plan_has_41_items_30_completed_and_11_postponed(reference_data):
    by_status = dict(items_2023().values_list("status").annotate(n=Count("id")))
    assert items_2023().count() == 41
    assert by_status == {PlanItem.Status.COMPLETED: 30, PlanItem.Status.POSTPONED: 11}


def test_the_30_completed_items_are_17_body_meetings_and_13_cbm_events(reference_data):
    completed = items_2023().filter(status=PlanItem.Status.COMPLETED)
    by_category = dict(completed.values_list("category").annotate(n=Count("id")))
    assert by_category == {PlanItem.Category.BODY_MEETING: 17, PlanItem.Category.CBM_EVENT: 13}


def test_item_codes_follow_the_report_breakdown(reference_data):
    codes = set(items_2023().values_list("code", flat=True))
    expected = (
        {f"2023-bm-{n:02d}" for n in range(1, 18)}
        | {f"2023-cbm-{n:02d}" for n in range(1, 14)}
        | {f"2023-postponed-{n:02d}" for n in range(1, 12)}
    )
    assert codes == expected
    assert set(items_2023().body_meetings().values_list("code", flat=True)) == {
        f"2023-bm-{n:02d}" for n in range(1, 18)
    }


def test_cbm_events_by_dimension_match_the_report(reference_data):
    by_dimension = dict(
        items_2023()
        .cbm_events()
        .values_list("priority_area__dimension__slug")
        .annotate(n=Count("id"))
    )
    assert by_dimension == {
        "new-challenges-and-threats": 5,
        "economic": 3,
        "environmental": 2,
        "human": 2,
        "military-political": 1,
    }


def test_seven_priority_areas_had_no_event_in_2023(reference_data):
    areas = PriorityArea.objects.in_force_in(2023).annotate(
        events=Count(
            "plan_items",
            filter=Q(plan_items__plan__year=2023, plan_items__category="cbm_event"),
        )
    )
    without = list(areas.filter(events=0).values_list("order", flat=True))
    assert without == [6, 7, 8, 9, 13, 14, 15]


def test_cbm_events_are_listed_in_the_report_order_with_organizer_and_role(reference_data):
    events = items_2023().cbm_events().order_by("code")
    rows = [
        (e.priority_area.order, e.organizer.slug, e.organizer_role, e.start_date, e.end_date)
        for e in events.select_related("priority_area", "organizer")
    ]
    assert rows == [
        (1, "KZ", "coordinator", date(2023, 8, 23), date(2023, 8, 24)),
        (2, "TR", "coordinator", date(2023, 2, 6), date(2023, 2, 10)),
        (3, "IN", "coordinator", date(2023, 2, 2), date(2023, 2, 2)),
        (3, "IN", "coordinator", date(2023, 5, 25), date(2023, 5, 26)),
        (4, "RU", "coordinator", date(2023, 10, 2), date(2023, 10, 3)),
        (5, "IR", "coordinator", date(2023, 12, 11), date(2023, 12, 11)),
        (10, "TH", "member_state", date(2023, 8, 7), date(2023, 8, 11)),
        (11, "KZ", "member_state", date(2023, 7, 12), date(2023, 7, 12)),
        (12, "CN", "coordinator", date(2023, 5, 18), date(2023, 5, 31)),
        (16, "BD", "co_coordinator", date(2023, 5, 31), date(2023, 5, 31)),
        (17, "BD", "co_coordinator", date(2023, 7, 26), date(2023, 7, 27)),
        (18, "KZ", "co_coordinator", date(2023, 7, 20), date(2023, 7, 21)),
        (18, "CN", "co_coordinator", date(2023, 8, 31), date(2023, 8, 31)),
    ]
    assert all(e.body_id is None and e.date_precision == DatePrecision.DAY for e in events)


def test_the_two_bangladesh_seminars_of_31_may_are_one_event(reference_data):
    event = items_2023().get(priority_area__slug="natural-disaster-management")
    assert event.start_date == date(2023, 5, 31)
    assert "Towards disaster resilience" in event.title_en
    assert "Bangladesh experience" in event.title_en


def test_irans_december_course_is_completed_with_a_note_that_the_report_expected_it(
    reference_data,
):
    course = items_2023().get(code="2023-cbm-06")
    assert course.status == PlanItem.Status.COMPLETED
    assert course.format == "online"
    assert "30 November" in course.source_note
    assert course.status_changed_on is None


def test_the_three_swg_meetings_of_may_june_and_august_have_month_precision(reference_data):
    swg = items_2023().filter(
        body__slug="special-working-group", date_precision=DatePrecision.MONTH
    )
    assert sorted(item.start_date.month for item in swg) == [5, 6, 8]
    for item in swg:
        assert item.start_date.day == 1
        assert item.end_date == period_end(item.start_date, DatePrecision.MONTH)
    assert [item.dates for item in swg.order_by("start_date")] == [
        "May 2023",
        "June 2023",
        "August 2023",
    ]


def test_the_fourth_swg_meeting_is_dated_5_december(reference_data):
    december = items_2023().get(body__slug="special-working-group", date_precision="day")
    assert december.start_date == date(2023, 12, 5)


def test_the_soc_met_on_19_april_22_august_and_12_december(reference_data):
    soc = items_2023().filter(body__slug="senior-officials-committee").order_by("start_date")
    assert list(soc.values_list("start_date", flat=True)) == [
        date(2023, 4, 19),
        date(2023, 8, 22),
        date(2023, 12, 12),
    ]


def test_the_informal_mc_meeting_was_held_by_the_chairmanship_in_new_york(reference_data):
    mc = items_2023().get(body__slug="ministerial-council")
    # At UN headquarters: a host country that is not a CICA state is kept all the same.
    assert (mc.start_date, mc.city, mc.country.code) == (date(2023, 9, 21), "New York", "US")
    assert (mc.organizer.slug, mc.organizer_role) == ("KZ", "chairmanship")


def test_three_thematic_expert_meetings_are_undated_and_counted_at_the_report_date(
    reference_data,
):
    expert = items_2023().filter(body__slug="chairmanship-expert-meetings")
    assert expert.count() == 6
    dated = expert.exclude(date_precision=DatePrecision.UNKNOWN)
    assert sorted(dated.values_list("start_date", flat=True)) == [
        date(2023, 11, 7),
        date(2023, 11, 17),
        date(2023, 11, 28),
    ]
    undated = expert.filter(date_precision=DatePrecision.UNKNOWN)
    assert undated.count() == 3
    for item in undated:
        assert item.start_date is None and item.end_date is None
        assert [source.slug for source in item.sources.all()] == ["sg-report-2023"]
        assert item.details_published and item.title_en
        assert item.dates == "date not published"


def test_the_postponed_items_are_not_described(reference_data):
    postponed = items_2023().filter(status=PlanItem.Status.POSTPONED)
    assert postponed.count() == 11
    for item in postponed:
        assert item.category == PlanItem.Category.OTHER
        assert not item.details_published
        assert item.title_en == ""
        assert item.organizer is None and item.priority_area is None and item.body is None
        assert item.date_precision == DatePrecision.UNKNOWN and item.start_date is None
        assert [source.slug for source in item.sources.all()] == ["sg-report-2023"]


def test_advisory_body_meetings_of_2023_are_linked_to_their_sessions(reference_data):
    linked = {
        item.body.slug: (item.session.kind, item.session.ordinal)
        for item in items_2023().filter(session__isnull=False).select_related("body", "session")
    }
    assert linked == {
        "business-council": ("plenary_session", 6),
        "youth-council": ("session", 6),
        "think-tank-forum": ("session", 11),
    }
    youth = items_2023().get(body__slug="youth-council")
    assert (youth.organizer.slug, youth.organizer_role) == ("UZ", "member_state")
    assert (youth.city, youth.country.code) == ("Samarkand", "UZ")


def test_items_without_a_published_organizer_have_none(reference_data):
    for code in ("2023-bm-02", "2023-bm-05", "2023-bm-09", "2023-bm-11"):
        item = PlanItem.objects.get(code=code)
        assert item.organizer is None and item.organizer_role == ""


# --- Sessions where the sources disagree ----------------------------------------------------------


def test_business_council_6th_plenary_keeps_one_participants_value_and_names_both_sources(
    reference_data,
):
    session = Session.objects.get_by_natural_key("business-council", "plenary_session", 6)
    assert session.participants == 160
    assert session.member_states_represented == 20
    assert session.start_date == date(2023, 11, 13)
    assert "160" in session.source_note and "140" in session.source_note
    assert "Chairmanship report" in session.source_note


def test_ttf_11th_session_keeps_one_participants_value_and_names_both_sources(reference_data):
    session = Session.objects.get_by_natural_key("think-tank-forum", "session", 11)
    assert (session.participants, session.member_states_represented) == (67, 20)
    assert (session.start_date, session.end_date) == (date(2023, 8, 27), date(2023, 8, 29))
    assert (session.city, session.country.iso_code) == ("Xining", "CN")
    assert "50" in session.source_note and "Chairmanship report" in session.source_note
    assert "meeting" in session.source_note


def test_advisory_sessions_2021_2024_are_all_recorded(reference_data):
    numbers = {
        (slug, kind): sorted(
            Session.objects.filter(body__slug=slug, kind=kind).values_list("ordinal", flat=True)
        )
        for slug, kind in [
            ("business-council", "plenary_session"),
            ("business-council", "forum"),
            ("youth-council", "session"),
            ("think-tank-forum", "session"),
        ]
    }
    assert numbers == {
        ("business-council", "plenary_session"): [4, 5, 6, 7],
        ("business-council", "forum"): [6, 7, 8, 9],
        ("youth-council", "session"): [4, 5, 6, 7],
        ("think-tank-forum", "session"): [9, 10, 11, 12],
    }


# --- The Catalogue ---------------------------------------------------------------------------------


def test_eighteen_priority_areas_in_force_in_2023_in_the_report_order(reference_data):
    areas = PriorityArea.objects.in_force_in(2023)
    assert list(areas.values_list("order", flat=True)) == list(range(1, 19))
    assert list(areas.values_list("slug", flat=True)) == AREAS_IN_REPORT_ORDER


def test_five_dimensions_in_catalogue_order(reference_data):
    assert list(Dimension.objects.values_list("slug", flat=True)) == [
        "military-political",
        "new-challenges-and-threats",
        "economic",
        "environmental",
        "human",
    ]


def test_russia_and_china_coordinate_ict_security_for_2024_2025(reference_data):
    roles = CoordinatorRole.objects.filter(
        priority_area__slug="ict-security", term_start__isnull=False
    )
    terms = {
        r.state.iso_code: (r.role, r.term_start, r.term_end, r.term_start_precision) for r in roles
    }
    assert terms == {
        "RU": ("coordinator", date(2024, 1, 1), date(2025, 12, 31), "year"),
        "CN": ("co_coordinator", date(2024, 1, 1), date(2025, 12, 31), "year"),
    }
    assert set(
        CoordinatorRole.objects.filter(priority_area__slug="ict-security")
        .current_on(date(2025, 6, 30))
        .values_list("state__iso_code", flat=True)
    ) >= {"RU", "CN"}


def test_russias_2023_ict_coordinator_role_is_kept_without_a_term(reference_data):
    earlier = CoordinatorRole.objects.get_by_natural_key("ict-security", "RU", None)
    assert earlier.role == "coordinator"
    assert earlier.term_end is None
    assert "2023" in earlier.source_note


def test_trade_and_investment_has_two_co_coordinators_from_2024(reference_data):
    roles = CoordinatorRole.objects.filter(priority_area__slug="trade-and-investment")
    assert {(r.state.iso_code, r.role, r.term_start) for r in roles} == {
        ("KG", "co_coordinator", date(2024, 1, 1)),
        ("TR", "co_coordinator", date(2024, 1, 1)),
    }
    assert not CoordinatorRole.objects.filter(
        priority_area__slug="trade-and-investment"
    ).current_on(date(2023, 6, 30))


def test_every_priority_area_has_a_coordinator_role_in_the_annex(reference_data):
    assert not PriorityArea.objects.annotate(n=Count("coordinator_roles")).filter(n=0).exists()


def test_concept_paper_statuses_as_of_december_2023(reference_data):
    as_of_2023 = ConceptPaper.objects.filter(as_of=date(2023, 12, 7))
    by_status = dict(as_of_2023.values_list("status").annotate(n=Count("id")))
    assert by_status == {
        "approved": 8,
        "finalized": 2,
        "submitted": 6,
        "needs_updating": 1,
        "not_elaborated": 1,
    }
    assert as_of_2023.values("priority_area").distinct().count() == 18
    finalized = as_of_2023.filter(status="finalized")
    assert set(finalized.values_list("status_date", flat=True)) == {date(2023, 12, 5)}


def test_eleven_concept_papers_approved_as_of_december_2024(reference_data):
    approved = ConceptPaper.objects.filter(as_of=date(2024, 12, 1), status="approved")
    assert approved.count() == 11
    assert set(approved.values_list("status_date_precision", flat=True)) == {"month"}
    ict = approved.get(priority_area__slug="ict-security")
    assert ict.status_date == date(2024, 6, 1)


# --- Membership and bodies --------------------------------------------------------------------------


def test_28_member_states_with_their_iso_codes(reference_data):
    members = State.objects.member_states()
    assert members.count() == 28
    assert set(members.values_list("iso_code", flat=True)) == MEMBER_STATES
    assert not members.filter(name_ru="").exists()


def test_kuwait_is_the_newest_member_since_2022(reference_data):
    kuwait = State.objects.get(iso_code="KW")
    assert (kuwait.status_since, kuwait.status_since_precision) == (date(2022, 1, 1), "year")


def test_the_ten_observer_states_without_morocco(reference_data):
    observers = {
        s.iso_code: s.status_since and s.status_since.year for s in State.objects.observers()
    }
    # The years are published for the two newest only.
    assert observers == {
        **dict.fromkeys(["BY", "ID", "JP", "LA", "MY", "PH", "UA", "US"]),
        "TM": 2021,
        "SA": 2023,
    }
    assert not State.objects.filter(iso_code="MA").exists()


def test_observer_and_partner_organizations(reference_data):
    statuses = dict(Organization.objects.values_list("abbreviation", "status"))
    assert statuses == {
        "UN": "observer",
        "IOM": "observer",
        "TURKPA": "observer",
        "UNODC": "partner",
        "EEC": "partner",
    }


def test_chairmanships_in_order_from_kazakhstan_to_azerbaijan(reference_data):
    chairs = [(c.state.iso_code, c.term_start) for c in Chairmanship.objects.all()]
    assert chairs == [
        ("KZ", None),
        ("TR", date(2010, 1, 1)),
        ("CN", date(2014, 1, 1)),
        ("TJ", date(2018, 1, 1)),
        ("KZ", date(2020, 9, 1)),
        ("KZ", date(2022, 1, 1)),
        ("AZ", date(2024, 12, 17)),
    ]
    azerbaijan = Chairmanship.objects.get(state__iso_code="AZ")
    assert azerbaijan.term_start_precision == "day"


def test_bodies_have_the_expected_slugs_and_kinds(reference_data):
    kinds = dict(Body.objects.values_list("slug", "kind"))
    assert kinds == {
        "summit": "governing",
        "ministerial-council": "governing",
        "senior-officials-committee": "governing",
        "special-working-group": "working",
        "secretariat": "executive",
        "business-council": "advisory",
        "youth-council": "advisory",
        "think-tank-forum": "advisory",
        "council-of-eminent-persons": "advisory",
        "pnlu": "advisory",
        "finance-summit": "advisory",
        "cica-fund": "special_mechanism",
        "project-review-committee": "special_mechanism",
        "chairmanship-expert-meetings": "consultative",
    }
    assert Body.objects.get(slug="project-review-committee").parent.slug == "cica-fund"
    cep = Body.objects.get(slug="council-of-eminent-persons")
    assert (cep.established, cep.established_precision) == (date(2021, 10, 12), "day")
    ttf = Body.objects.get(slug="think-tank-forum")
    assert ttf.chair == "Shanghai Institutes for International Studies"
