from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from commitments.permissions import user_is_coordinator


def coordinator_named(username: str):
    """The ``--as`` user: must exist, be active and belong to the coordination team."""
    user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("Utilisateur inconnu ou inactif : « %(name)s ».") % {"name": username})
    if not user_is_coordinator(user):
        raise CommandError(
            _("« %(name)s » n'est pas membre de l'équipe de coordination : rien n'a été fait.")
            % {"name": username}
        )
    return user
