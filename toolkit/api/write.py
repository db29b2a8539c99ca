"""What the write endpoints of every app share: authentication required, the services' errors
turned into the API's (400 naming the field, 403), and the documented error responses.

The write API does the same actions as the workspace forms, through the same services:
authenticated by a per-user token (``Authorization: Token …``) or the session; authorisation is
the services' own.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView


def service_call(service, **kwargs):
    """Run a service, turning its Django errors into DRF's (400 with fields, 403)."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from None
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from None


WRITE_ERRORS = {
    400: OpenApiResponse(description="Donnée invalide : le message nomme le champ."),
    401: OpenApiResponse(description="Authentification requise (jeton ou session)."),
    403: OpenApiResponse(description="L'engagement n'appartient pas à vos administrations."),
    404: OpenApiResponse(description="Objet introuvable."),
}


class WriteView(APIView):
    permission_classes = [IsAuthenticated]
