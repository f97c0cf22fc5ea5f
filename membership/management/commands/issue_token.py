"""`manage.py issue_token USERNAME` prints the user's API token (creating it if need be);
`--revoke` deletes it, so the key stops working at once. The admin's Auth Token pages do the
same for officers who prefer screens."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print USERNAME's API token, creating it if needed; --revoke deletes it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--revoke", action="store_true", help="Delete the token: its key stops working."
        )

    def handle(self, *args, username, revoke, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(
                f"No user {username!r}. Create one first (manage.py createsuperuser, or the admin)."
            ) from None
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            if not deleted:
                raise CommandError(f"{username!r} has no token to revoke.")
            self.stdout.write(f"Revoked the token of {username!r}.")
            return
        if not user.is_active:
            raise CommandError(f"{username!r} is inactive: a token would not authenticate.")
        token, _ = Token.objects.get_or_create(user=user)
        # The key alone on the last line, so a script can read it.
        self.stdout.write(token.key)
