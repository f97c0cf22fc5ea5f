"""Every state, organization and body has its actor, named and kinded as its record says.

Raw saves too: the reference data loads states and bodies raw, and items of the same load
name their actors."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from bodies.models import Body
from membership.models import Organization, State, sync_actor


@receiver(post_save, sender=State)
@receiver(post_save, sender=Organization)
@receiver(post_save, sender=Body)
def keep_actor_in_step(sender, instance, **kwargs):
    sync_actor(instance)
