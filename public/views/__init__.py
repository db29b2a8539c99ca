"""Public pages of the portal. Each view reads through ``public.selectors`` in a fixed
number of queries and is cached for anonymous visitors (``toolkit.cache``)."""

from .administrations import administration_detail, administration_list
from .commitment_pages import commitment_detail, commitment_list
from .dashboard import home, plan_detail, plan_list
from .method_pages import glossary, methodology

__all__ = [
    "administration_detail",
    "administration_list",
    "commitment_detail",
    "commitment_list",
    "glossary",
    "home",
    "methodology",
    "plan_detail",
    "plan_list",
]
