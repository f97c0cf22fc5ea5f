"""Sign-in lockouts, as django-axes records them in the database (AccessAttempt rows).

A client is locked out while its attempt row counts AXES_FAILURE_LIMIT failures within the
cool-off; deleting the row lifts the lockout at once.
"""

import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import QuerySet


def cool_off_minutes() -> int:
    """How long a lockout lasts, in whole minutes (rounded up)."""
    return math.ceil(get_cool_off().total_seconds() / 60)


def unlock(attempts: QuerySet[AccessAttempt]) -> int:
    """Lift the lockouts (and forget the failures) of `attempts`; the number of them lifted."""
    count = attempts.count()
    attempts.delete()
    return count
