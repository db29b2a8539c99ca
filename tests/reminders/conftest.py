from tests.reminders.helpers import cast  # noqa: F401 - fixtures
