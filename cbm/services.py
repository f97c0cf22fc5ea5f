"""What officers do to plan items in bulk: complete, postpone, cancel, copy into next year.

Plain functions over querysets; the admin actions only parse the officer's input and call them.
Each item is saved on its own (not `QuerySet.update`) so its history records who changed what,
and each function runs in one transaction: all the selected items change, or none.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cbm.models import AnnualPlan, PlanItem


def _set_status(items: Iterable[PlanItem], status: str, when: date, **fields) -> list[PlanItem]:
    changed = []
    with transaction.atomic():
        for item in items:
            item.status = status
            # A completion is dated by the day the item was held, as far as that is known.
            if status == PlanItem.Status.COMPLETED:
                item.status_changed_on = item.completed_on(when)
            else:
                item.status_changed_on = when
            for name, value in fields.items():
                setattr(item, name, value)
            if status == PlanItem.Status.COMPLETED:
                try:
                    item.check_cited_sources(item.sources.all())
                except ValidationError:
                    raise ValidationError(
                        _(
                            "%(item)s has no published date: cite the dated source that "
                            "reports it held before marking it completed."
                        )
                        % {"item": item.code}
                    ) from None
            item.full_clean()
            item.save()
            changed.append(item)
    return changed


def mark_completed(
    items: Iterable[PlanItem], participants: int | None, when: date
) -> list[PlanItem]:
    """Mark `items` completed as of `when`, with `participants` (None keeps each item's figure).

    Each item's status is dated by the last day it was held, never after `when`. An item
    without a published date counts as held by the earliest source it cites; one that cites
    no dated source is refused (ValidationError), and so are all the others: the date of a
    source is a fact to record, not the day an officer clicks. Returns the changed items.
    """
    items = list(items)
    for item in items:
        if participants is not None:
            item.participants = participants
    return _set_status(items, PlanItem.Status.COMPLETED, when)


def postpone(items: Iterable[PlanItem], reason: str, when: date) -> list[PlanItem]:
    """Mark `items` postponed by their organizers on `when`, keeping `reason`."""
    return _set_status(items, PlanItem.Status.POSTPONED, when, status_reason=reason)


def cancel(items: Iterable[PlanItem], reason: str, when: date) -> list[PlanItem]:
    """Mark `items` cancelled on `when`, keeping `reason`."""
    return _set_status(items, PlanItem.Status.CANCELLED, when, status_reason=reason)


def _next_year(day: date | None) -> date | None:
    if day is None:
        return None
    # 29 February has no twin next year: the last day of February stands in for it.
    last = calendar.monthrange(day.year + 1, day.month)[1]
    return day.replace(year=day.year + 1, day=min(day.day, last))


def _free_code(year: int, base: str, taken: set[str]) -> str:
    """`<year>-<base>`, with a number added until it is not taken."""
    stem = f"{year}-{base}"[: PlanItem._meta.get_field("code").max_length - 4]
    code, n = stem, 2
    while code in taken:
        code, n = f"{stem}-{n}", n + 1
    taken.add(code)
    return code


def copy_to_next_year(items: Iterable[PlanItem]) -> list[PlanItem]:
    """Copy `items` into the draft plan of the year after their own, creating that plan if
    missing. Copies are planned, with new codes and their dates a year later where known.

    Items of different years go to their own next years. Refuses (ValidationError, nothing
    written) an item outside any plan or when the next year's plan is already approved.
    """
    items = list(items)
    copies = []
    with transaction.atomic():
        plans: dict[int, AnnualPlan] = {}
        taken = set(PlanItem.objects.values_list("code", flat=True))
        for item in items:
            if item.plan is None:
                raise ValidationError(
                    _("%(item)s is in no plan: there is no next year to copy it to.")
                    % {"item": item}
                )
            year = item.plan.year + 1
            if year not in plans:
                plan, _created = AnnualPlan.objects.get_or_create(
                    year=year, defaults={"status": AnnualPlan.Status.DRAFT}
                )
                if plan.status != AnnualPlan.Status.DRAFT:
                    raise ValidationError(
                        _(
                            "The plan for %(year)s is already approved: items are no longer copied into it."
                        )
                        % {"year": year}
                    )
                plans[year] = plan
            old_prefix = f"{item.plan.year}-"
            base = item.code.removeprefix(old_prefix)
            copy = PlanItem(
                code=_free_code(year, base, taken),
                plan=plans[year],
                category=item.category,
                body=item.body,
                priority_area=item.priority_area,
                dimension=item.dimension,
                details_published=item.details_published,
                title_en=item.title_en,
                title_ru=item.title_ru,
                description_en=item.description_en,
                description_ru=item.description_ru,
                organizer=item.organizer,
                organizer_role=item.organizer_role,
                organizer_role_note=item.organizer_role_note,
                partner_institutions=item.partner_institutions,
                start_date=_next_year(item.start_date),
                end_date=_next_year(item.end_date),
                date_precision=item.date_precision,
                carried_over=item.carried_over,
                city=item.city,
                country=item.country,
                format=item.format,
                status=PlanItem.Status.PLANNED,
            )
            copy.full_clean()
            copy.save()
            copy.co_organizers.set(item.co_organizers.all())
            copies.append(copy)
    return copies
