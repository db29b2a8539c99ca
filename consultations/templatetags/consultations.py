"""The section of a commitment's page that names the consultation proposals it comes from."""

from __future__ import annotations

from django import template

from consultations.selectors import proposals_of_commitment

register = template.Library()


@register.inclusion_tag("consultations/_commitment_proposals.html")
def commitment_proposals(commitment) -> dict:
    """One query: the proposals the commitment comes from, in published consultations."""
    return {"proposals": proposals_of_commitment(commitment=commitment)}
