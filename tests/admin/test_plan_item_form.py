"""The plan item form tells officers what is wrong in their words, and warns before odd saves."""

from datetime import date

import pytest
from django.urls import reverse

from cbm.models import CoordinatorRole, PlanItem
from tests import factories
from tests.admin.forms import change_form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:cbm_planitem_add")


def change_url(item):
    return reverse("admin:cbm_planitem_change", args=[item.pk])


@pytest.fixture
def tourism():
    area = factories.priority_area("tourism")
    CoordinatorRole.objects.create(
        priority_area=area, state=factories.state("TJ", "Tajikistan"), role="coordinator"
    )
    return area


def new_event(client, **fields):
    """POST the add form of a CBM event of the 2024 plan organized by its coordinator."""
    data = change_form_data(client.get(ADD_URL))
    data.update(
        code="2024-cbm-01",
        plan=factories.plan(2024).pk,
        category="cbm_event",
        priority_area=factories.priority_area("tourism").pk,
        title_en="Webinar on tourism",
        organizer=factories.state("TJ", "Tajikistan").actor.pk,
        organizer_role="coordinator",
        start_date="2024-09-24",
        end_date="2024-09-24",
        date_precision="day",
        status="planned",
    )
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(ADD_URL, data)


def errors_of(response):
    form = response.context["adminform"].form
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_a_valid_cbm_event_is_saved(officer_client, tourism):
    response = new_event(officer_client)

    assert response.status_code == 302
    assert PlanItem.objects.get(code="2024-cbm-01").title_en == "Webinar on tourism"


def test_an_event_ending_before_it_starts_is_refused_on_the_end_date(officer_client, tourism):
    response = new_event(officer_client, start_date="2024-09-24", end_date="2024-09-20")

    assert response.status_code == 200
    assert errors_of(response) == {
        "end_date": [
            "The event ends (20 September 2024) before it starts (24 September 2024): check the dates."
        ]
    }
    assert not PlanItem.objects.exists()


def test_a_cbm_event_without_priority_area_is_refused_on_that_field(officer_client, tourism):
    response = new_event(officer_client, priority_area="")

    assert errors_of(response) == {
        "priority_area": [
            "A CBM event belongs to a priority area of the Catalogue: choose its area, or at "
            "least its dimension."
        ]
    }
    assert not PlanItem.objects.exists()


def test_a_body_meeting_without_body_is_refused_on_that_field(officer_client, tourism):
    response = new_event(
        officer_client, category="body_meeting", priority_area="", organizer_role=""
    )

    assert errors_of(response) == {
        "body": ["A meeting of a permanent body needs its body: choose it."]
    }


def test_a_dated_item_without_start_date_is_told_what_to_do(officer_client, tourism):
    response = new_event(officer_client, start_date="", end_date="")

    assert errors_of(response) == {
        "start_date": ["Give the start date, or mark the date as not published."]
    }


def test_dates_outside_the_plans_year_are_refused_on_the_start_date(officer_client, tourism):
    response = new_event(officer_client, start_date="2025-01-20", end_date="2025-01-20")

    assert response.status_code == 200
    assert errors_of(response) == {
        "start_date": [
            "The dates fall outside the plan's year 2024: choose the plan of their year, or "
            "mark the item as carried over."
        ]
    }
    assert not PlanItem.objects.exists()


def test_an_item_carried_over_is_saved_with_dates_after_its_plans_year(officer_client, tourism):
    response = new_event(
        officer_client, start_date="2025-01-20", end_date="2025-01-20", carried_over="on"
    )

    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.start_date, item.carried_over) == (date(2025, 1, 20), True)


def test_a_cbm_event_naming_its_dimension_and_no_area_is_saved(officer_client, tourism):
    environmental = factories.dimension("environmental")
    response = new_event(
        officer_client,
        priority_area="",
        dimension=environmental.pk,
        organizer_role="member_state",
        start_date="2024-01-01",
        end_date="",
        date_precision="year",
    )

    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.priority_area, item.dimension, item.dates) == (None, environmental, "2024")


def test_an_area_chosen_without_a_dimension_gives_its_dimension(officer_client, tourism):
    response = new_event(officer_client)

    assert response.status_code == 302
    assert PlanItem.objects.get().dimension == tourism.dimension


def test_without_warning_the_confirm_box_stays_hidden(officer_client, tourism):
    response = new_event(officer_client, title_en="")  # an error, but no warning

    assert 'type="hidden" name="confirm_warnings"' in response.content.decode()


def test_organizer_declared_coordinator_of_an_area_it_does_not_coordinate_is_warned(
    officer_client, tourism
):
    thailand = factories.state("TH", "Thailand")

    response = new_event(officer_client, organizer=thailand.actor.pk)

    assert errors_of(response)["__all__"][0] == (
        "According to the list of coordinators, Thailand is not coordinator of “10. Tourism” on "
        "24 September 2024. If it is anyway, say why in the note on the organizer's role."
    )

    response = new_event(officer_client, organizer=thailand.actor.pk, confirm_warnings="on")

    assert list(errors_of(response)) == ["organizer_role_note"]

    response = new_event(
        officer_client,
        organizer=thailand.actor.pk,
        confirm_warnings="on",
        organizer_role_note="Coordinator for this event by agreement with Tajikistan.",
    )

    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.organizer == thailand.actor
    assert item.organizer_role_note == "Coordinator for this event by agreement with Tajikistan."


def test_a_coordinator_outside_its_term_is_warned(officer_client, tourism):
    CoordinatorRole.objects.update(term_start=date(2025, 1, 1))

    response = new_event(officer_client)

    assert "is not coordinator" in errors_of(response)["__all__"][0]


def test_editing_an_item_whose_role_was_explained_does_not_warn_again(officer_client, tourism):
    item = factories.cbm_event(
        plan=factories.plan(2024),
        priority_area=tourism,
        organizer=factories.state("TH", "Thailand"),
        start_date=date(2024, 9, 24),
        organizer_role_note="By agreement with Tajikistan.",
    )
    response = officer_client.get(change_url(item))

    response = officer_client.post(
        change_url(item), change_form_data(response, title_en="Webinar on tourism (online)")
    )

    assert response.status_code == 302
    assert PlanItem.objects.get().title_en == "Webinar on tourism (online)"


def test_the_second_officer_to_save_is_told_what_changed_and_nothing_is_overwritten(
    officer_client, tourism
):
    item = factories.cbm_event(
        plan=factories.plan(2024),
        priority_area=tourism,
        organizer=factories.state("TJ"),
        start_date=date(2024, 9, 24),
        title_en="Webinar on tourism",
    )
    opened = officer_client.get(change_url(item))
    # Meanwhile a colleague moves the event and renames it.
    colleague_copy = PlanItem.objects.get(pk=item.pk)
    colleague_copy.start_date = colleague_copy.end_date = date(2024, 10, 1)
    colleague_copy.title_en = "Webinar on sustainable tourism"
    colleague_copy.save()

    response = officer_client.post(change_url(item), change_form_data(opened, city="Dushanbe"))

    assert response.status_code == 200
    messages = errors_of(response)["__all__"]
    assert messages[0].startswith("This item changed while you were editing it")
    assert "Title (English): Webinar on tourism → Webinar on sustainable tourism" in messages
    assert "Start date: 2024-09-24 → 2024-10-01" in messages
    item.refresh_from_db()
    assert (item.title_en, item.city) == ("Webinar on sustainable tourism", "")


def test_an_officer_editing_alone_saves_normally(officer_client, tourism):
    item = factories.cbm_event(
        plan=factories.plan(2024),
        priority_area=tourism,
        organizer=factories.state("TJ"),
        start_date=date(2024, 9, 24),
    )
    opened = officer_client.get(change_url(item))

    response = officer_client.post(change_url(item), change_form_data(opened, city="Dushanbe"))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.city == "Dushanbe"


def test_an_item_added_completed_without_dates_is_dated_by_its_source(officer_client, tourism):
    source = factories.source(date=date(2024, 11, 30))
    response = new_event(
        officer_client,
        start_date=None,
        end_date=None,
        date_precision="unknown",
        status="completed",
        sources=[source.pk],
    )

    assert response.status_code == 302, errors_of(response)
    assert PlanItem.objects.get(code="2024-cbm-01").status_changed_on == date(2024, 11, 30)


def test_an_officer_names_participants_of_any_country(officer_client):
    response = new_event(
        officer_client, participating_states=["KZ", "GE", "US"], organizer_role="member_state"
    )
    assert response.status_code == 302, errors_of(response)
    item = PlanItem.objects.get()
    assert [country.code for country in item.participating_states] == ["GE", "KZ", "US"]
    page = officer_client.get(f"/en/admin/cbm/planitem/{item.pk}/change/").content.decode()
    assert 'class="selectfilter"' in page and '<option value="GE" selected>Georgia</option>' in page
