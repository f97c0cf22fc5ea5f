"""Moving organizers from states to actors, and participating states to country codes, keeps
every 2023 item's organizer and participants, in the items and in their history, both ways
(issue 11)."""

import pytest

from cica_site.reference_data import load_reference_data
from tests.cbm.migrating import POSTGRES_ONLY, migrate, migrate_to_latest

pytestmark = POSTGRES_ONLY

BEFORE = [("cbm", "0011_states_represented")]
AFTER = [("cbm", "0013_participating_states_any_country")]


def organizers(apps, key: str) -> tuple[dict, dict]:
    """Each item's organizer by its natural key (`key` of the organizer), and each historical
    version's, by item code and version id."""
    PlanItem = apps.get_model("cbm", "PlanItem")
    HistoricalPlanItem = apps.get_model("cbm", "HistoricalPlanItem")
    items = dict(PlanItem.objects.values_list("code", f"organizer__{key}"))
    versions = {
        (code, history_id): organizer_id
        for code, history_id, organizer_id in HistoricalPlanItem.objects.values_list(
            "code", "history_id", "organizer_id"
        )
    }
    Organizer = PlanItem._meta.get_field("organizer").related_model
    keys = dict(Organizer.objects.values_list("pk", key))
    return items, {version: keys.get(pk) for version, pk in versions.items()}


def participants(apps) -> dict[str, list[str]]:
    PlanItem = apps.get_model("cbm", "PlanItem")
    field = PlanItem._meta.get_field("participating_states")
    if field.many_to_many:
        rows = PlanItem.participating_states.through.objects.values_list(
            "planitem__code", "state__iso_code"
        )
        found: dict[str, list[str]] = {}
        for code, iso_code in rows:
            found.setdefault(code, []).append(iso_code)
        return {code: sorted(codes) for code, codes in found.items()}
    rows = PlanItem.objects.exclude(participating_states="").values_list(
        "code", "participating_states"
    )
    return {code: str(codes).split(",") for code, codes in rows}


@pytest.mark.django_db(transaction=True)
def test_the_2023_organizers_move_to_actors_and_back_without_loss():
    load_reference_data()
    from cbm.models import PlanItem

    PlanItem.objects.filter(code="2023-cbm-01").update(participating_states="KZ,TH")
    PlanItem.objects.filter(code="2023-cbm-02").update(participating_states="IN,RU,TR")
    try:
        latest = migrate(AFTER)
        items, versions = organizers(latest, "slug")
        named = participants(latest)
        assert named == {"2023-cbm-01": ["KZ", "TH"], "2023-cbm-02": ["IN", "RU", "TR"]}
        assert len(items) >= 41 and sum(1 for o in items.values() if o) >= 21
        assert items["2023-cbm-01"] == "KZ"
        states = set(
            latest.get_model("membership", "Actor")
            .objects.filter(state__isnull=False)
            .values_list("slug", flat=True)
        )

        old = migrate(BEFORE)

        # A state's actor's slug is its ISO code: back on states, every state organizer
        # stands (the old schema holds no other kind).
        def states_only(organizer_of: dict) -> dict:
            return {key: slug if slug in states else None for key, slug in organizer_of.items()}

        assert organizers(old, "iso_code") == (states_only(items), states_only(versions))
        assert participants(old) == named  # CICA states, all of them: nothing is lost
        # Forward again, the states' items are organized by their actors again.
        items, versions = states_only(items), states_only(versions)

        new = migrate(AFTER)

        assert organizers(new, "slug") == (items, versions)
        assert participants(new) == named
        Actor = new.get_model("membership", "Actor")
        assert Actor.objects.filter(kind="secretariat").get().slug == "cica-secretariat"
    finally:
        migrate_to_latest()
