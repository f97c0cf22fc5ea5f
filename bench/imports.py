"""The import's benchmark: a spreadsheet of new plan items through the officer's two steps
(the check with its preview, then the commit), beside openpyxl reading the same file."""

from pathlib import Path

from openpyxl import load_workbook

CODE_PREFIX = "bench-import-"


def make_workbook(rows: int, path: Path) -> None:
    """`rows` new CBM events of the 2024 plan, cycling through the example plan's shapes, each
    with a co-organizer and a source, as an .xlsx file."""
    from tests.admin.example_plan import as_xlsx, example_rows

    template = example_rows()
    items = []
    for n in range(rows):
        row = dict(template[n % len(template)])
        row.update(code=f"{CODE_PREFIX}{n:05d}", co_organizers="KZ", sources="sg-report-2023")
        items.append(row)
    path.write_bytes(as_xlsx(items))


def officer():
    from django.contrib.auth.models import User

    user, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def run_import(path: Path) -> None:
    """Upload, check, confirm and commit, as the admin's import job does them in-process."""
    from imports import services
    from imports.models import ImportJob

    user = officer()
    job = services.start_import(
        content=path.read_bytes(),
        file_name=path.name,
        file_format="xlsx",
        user=user,
        language="en",
    )
    job = services.validate(job.pk)
    assert job.state == ImportJob.State.PREVIEWED and not job.error_rows, job.preview["rows"][:3]
    assert services.confirm(job, user)
    job = services.commit(job.pk)
    assert job.state == ImportJob.State.DONE, job.error


def forget_import() -> None:
    """Remove what run_import wrote, so that the next round creates the same items again."""
    from cbm.models import PlanItem
    from imports.models import ImportJob

    imported = PlanItem.objects.filter(code__startswith=CODE_PREFIX)
    imported.delete()
    PlanItem.history.filter(code__startswith=CODE_PREFIX).delete()
    ImportJob.objects.filter(uploaded_by=officer()).delete()


def read_with_openpyxl(path: Path) -> int:
    """The floor: every cell of every row, read."""
    workbook = load_workbook(path, read_only=True)
    rows = sum(1 for _row in workbook.active.iter_rows(values_only=True))
    workbook.close()
    return rows
