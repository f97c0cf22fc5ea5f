"""The bulk import (imports.bulk) against the row-by-row import it replaces, kept here as the
spec: over sheets of every shape the import tests use, the same preview (each row's number,
kind, cells and errors), the same items (every field, co-organizers, sources) and the same
history (its versions, their kind, user and values, their many-to-many rows); then its queries,
the same for 100 rows as for 1,000."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cbm.models import AnnualPlan, PlanItem
from cbm.resources import CSV, XLSX, PlanItemResource
from imports.bulk import BulkPlanItemResource
from tests import factories
from tests.admin.example_plan import as_csv, as_xlsx, example_rows

pytestmark = pytest.mark.django_db

# The spec: the resource as it imported before the bulk path, a row, a query and a save at a time.
RowByRowResource = PlanItemResource
WRITERS = {"xlsx": (as_xlsx, XLSX), "csv": (as_csv, CSV)}


@pytest.fixture
def world(reference_data, django_user_model):
    factories.plan(2024, status=AnnualPlan.Status.DRAFT)
    factories.source()  # sg-report-2023, 30 November 2023
    factories.source("digest", title_en="Digest", date=date(2024, 3, 5))
    factories.institution("Academy of Sciences", slug="academy-of-sciences")
    factories.body()
    return django_user_model.objects.create(username="officer")


def outcome(resource_class, content: bytes, file_format: str, *, dry_run: bool, user):
    """What an import does, then undone: its rows as the preview shows them, and the items and
    their history as it leaves them."""
    savepoint = transaction.savepoint()
    try:
        format_ = WRITERS[file_format][1]()
        format_.encoding = "utf-8-sig"
        dataset = format_.create_dataset(content)
        result = resource_class().import_data(
            dataset, dry_run=dry_run, raise_errors=False, user=user
        )
        rows = [
            (row.number, row.import_type, list(row.cells), [(c, str(m)) for c, m in row.messages])
            for row in result.rows
        ]
        return {
            "totals": dict(result.totals),
            "base_errors": [str(error.error) for error in result.base_errors],
            "rows": rows,
            "items": items(),
            "history": history(),
        }
    finally:
        transaction.savepoint_rollback(savepoint)


UNCOMPARED = ("id", "created_at", "updated_at")  # a sequence's and the clock's


def items():
    return {
        item.code: {
            **{k: v for k, v in model_to_dict(item).items() if k not in UNCOMPARED},
            "country": str(item.country),
            "participating_states": [c.code for c in item.participating_states],
            "co_organizers": sorted(item.co_organizers.values_list("slug", flat=True)),
            "sources": sorted(item.sources.values_list("slug", flat=True)),
        }
        for item in PlanItem.objects.order_by("code")
    }


def history():
    versions = {}
    model = PlanItem.history.model
    tracked = [f.attname for f in model.tracked_fields if f.attname not in UNCOMPARED]
    for version in model.objects.order_by("history_id"):
        versions.setdefault(version.code, []).append(
            (
                version.history_type,
                version.history_user_id,
                version.history_change_reason,
                {name: getattr(version, name) for name in tracked},
                sorted(version.co_organizers.values_list("actor_id", flat=True)),
                sorted(version.sources.values_list("source_id", flat=True)),
            )
        )
    return versions


def assert_same(content: bytes, file_format: str, user):
    for dry_run in (True, False):
        spec = outcome(RowByRowResource, content, file_format, dry_run=dry_run, user=user)
        bulk = outcome(BulkPlanItemResource, content, file_format, dry_run=dry_run, user=user)
        for got, wanted in zip(bulk["rows"], spec["rows"], strict=True):
            assert got[:2] == wanted[:2] and got[3] == wanted[3]
            cells = [
                (i, g, w) for i, (g, w) in enumerate(zip(got[2], wanted[2], strict=True)) if g != w
            ]
            assert not cells, (got[0], cells)
        assert bulk["items"] == spec["items"]
        assert bulk["history"] == spec["history"]
        assert bulk == spec
    return spec


def example(**changes_by_index):
    rows = example_rows()
    for index, changes in changes_by_index.items():
        rows[int(index.removeprefix("r"))].update(changes)
    return rows


def sheets():
    """Every shape the import tests use, and each error the import can tell."""
    rows = example_rows()
    yield "new items", rows
    yield (
        "blank rows and two errors",
        [
            rows[0],
            None,
            {**rows[1], "start_date": date(2024, 6, 12), "end_date": date(2024, 6, 11)},
            rows[2],
            {**rows[3], "priority_area": "no-such-area"},
        ],
    )
    yield "a repeated code", [*rows[:3], None, rows[0], {**rows[1], "city": "Tashkent"}]
    yield (
        "dates to the year and the month, a dimension without an area",
        example(
            r0={"start_date": "2024", "end_date": None, "date_precision": None},
            r1={"start_date": "2024-06", "end_date": "2024-07", "date_precision": None},
            r2={"priority_area": None, "dimension": "economic"},
        ),
    )
    yield (
        "dates that disagree, outside the year, carried over",
        example(
            r0={"start_date": "2024-06", "end_date": None, "date_precision": "day"},
            r1={"start_date": date(2031, 5, 1), "end_date": date(2031, 5, 1)},
            r2={
                "start_date": "2025-02",
                "end_date": None,
                "date_precision": None,
                "carried_over": 1,
            },
            r3={"start_date": "tomorrow"},
            r4={"start_date": None, "end_date": None, "date_precision": "unknown"},
        ),
    )
    yield (
        "plans",
        example(r0={"plan": 2031}, r1={"plan": "next year"}, r2={"plan": 1900}, r3={"plan": None}),
    )
    yield (
        "completed items",
        example(
            r0={"status": "completed"},
            r1={
                "status": "completed",
                "start_date": None,
                "end_date": None,
                "date_precision": "unknown",
                "sources": "digest; sg-report-2023",
            },
            r2={
                "status": "completed",
                "start_date": None,
                "end_date": None,
                "date_precision": "unknown",
                "sources": "",
            },
            r3={"sources": "no-such-report; digest"},
            r4={"status": "postponed", "status_reason": "Moved", "sources": "digest"},
        ),
    )
    yield (
        "organizers and co-organizers",
        example(
            r0={"co_organizers": "KZ; academy-of-sciences"},
            r1={"co_organizers": "TR"},  # its own organizer again
            r2={"co_organizers": "nobody; KZ"},
            r3={"organizer": "academy-of-sciences"},  # not a member, as a coordinator
            r4={"organizer": "kz", "organizer_role": "partner"},
        ),
    )
    yield (
        "no organizer for a state's role, an unknown organizer",
        example(r0={"organizer": None}, r1={"organizer": "nobody"}),
    )
    yield (
        "countries and places",
        example(
            r0={"country": "ID", "city": "Jakarta", "participating_states": "KZ; by; ID"},
            r1={"country": "QQ", "participating_states": "KZ; ZZ"},
            r2={"format": "online", "city": "Astana"},  # a rule only the constraint tells
            r3={"format": "online", "country": "KZ"},
            r4={"format": "hybrid", "country": "kz"},
        ),
    )
    yield (
        "categories, bodies, areas",
        example(
            r0={"body": "senior-officials-committee"},
            r1={"category": "body_meeting", "priority_area": None},
            r2={
                "category": "body_meeting",
                "body": "senior-officials-committee",
                "priority_area": None,
            },
            r3={"priority_area": None},
            r4={"category": "nonsense", "body": "no-such-body"},
        ),
    )
    yield (
        "areas in another dimension, titles, numbers",
        example(
            r0={"dimension": "military-political"},
            r1={"title_en": None},
            r2={"title_en": None, "details_published": False},
            r3={"participants": -3, "states_represented": "many"},
            r4={"code": "not a slug", "status": "bogus", "format": "by pigeon"},
        ),
    )
    yield (
        "Russian",
        example(
            r0={
                "title_ru": "ПРИМЕР – семинар СВМДА",
                "city_ru": "Астана",
                "city": "Astana",
                "description_ru": "Описание",
            },
            r1={"title_ru": "ПРИМЕР", "priority_area": "нет-такой"},
        ),
    )


@pytest.mark.parametrize("file_format", WRITERS)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_sheet_gives_the_same_rows_items_and_history_as_row_by_row(
    world, file_format, language
):
    write = WRITERS[file_format][0]
    shapes = 0
    with translation.override(language):
        for _name, rows in sheets():
            assert_same(write(rows), file_format, world)
            shapes += 1
    assert shapes == 13


def test_updates_give_the_same_rows_items_and_history_as_row_by_row(world):
    rows = example(r0={"co_organizers": "KZ", "sources": "digest"}, r1={"sources": "digest"})
    spec = outcome(RowByRowResource, as_xlsx(rows), "xlsx", dry_run=False, user=world)
    assert spec["totals"]["new"] == 5
    # Written once for good, row by row, as the starting point of both.
    RowByRowResource().import_data(XLSX().create_dataset(as_xlsx(rows)), dry_run=False, user=world)
    changed = example(
        r0={"co_organizers": "academy-of-sciences; KZ", "sources": "sg-report-2023"},  # ± both
        r1={"sources": "", "city": "Tashkent"},  # a source removed
        r2={"co_organizers": "KZ", "status": "completed"},  # added; completed
        r3={"plan": 2025, "carried_over": True},  # moved to the next plan (reference data's)
        # r4 unchanged: skipped
    )
    changed.append({**example_rows()[0], "code": "2024-example-cbm-09"})  # and a new one
    result = assert_same(as_xlsx(changed), "xlsx", world)
    assert [row[1] for row in result["rows"]] == ["update"] * 4 + ["skip", "new"]
    # Created (+, co-organizer added, source added), then changed (~, a co-organizer added, a
    # source removed, one added).
    assert len(result["history"]["2024-example-cbm-01"]) == 3 + 4
    refused = [*changed, {**example_rows()[1], "city": "Almaty", "organizer": None}]
    assert_same(as_xlsx(refused), "xlsx", world)


def many(n: int) -> bytes:
    template = example_rows()
    rows = []
    for i in range(n):
        row = dict(template[i % len(template)])
        row.update(code=f"2024-bulk-{i:05d}", co_organizers="KZ", sources="digest")
        rows.append(row)
    return as_xlsx(rows)


def queries_of(content: bytes, user, *, dry_run: bool) -> int:
    dataset = XLSX().create_dataset(content)
    with CaptureQueriesContext(connection) as queries:
        result = BulkPlanItemResource().import_data(dataset, dry_run=dry_run, user=user)
    assert not result.has_errors() and not result.has_validation_errors()
    return len(queries)


COMMIT_IN_BATCHES = pytest.mark.xfail(
    strict=True,
    reason="the commit writes 1,000 rows a statement per table (items, history, m2m history): "
    "at 1,000 items it takes a few statements more than at 100",
)


@pytest.mark.parametrize(
    "dry_run", [True, pytest.param(False, marks=COMMIT_IN_BATCHES)], ids=["preview", "commit"]
)
def test_an_import_runs_the_same_queries_for_100_rows_as_for_1000(world, dry_run):
    small, large = many(100), many(1000)
    with transaction.atomic():
        counted_small = queries_of(small, world, dry_run=dry_run)
        transaction.set_rollback(True)
    with transaction.atomic():
        counted_large = queries_of(large, world, dry_run=dry_run)
        transaction.set_rollback(True)
    assert counted_small == counted_large
