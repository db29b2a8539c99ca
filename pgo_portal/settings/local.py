"""Developer laptop and the embedded default (`make run`): SQLite, tasks in-process."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
# A fixed key is acceptable only for the local default, never in production settings.
SECRET_KEY = SECRET_KEY or "local-development-only-not-a-secret"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
