"""Plans, axes, administrations, partners, commitments, the audit trail, the method's editable
inputs and the stored figures (one module each)."""

from .commitment import LEAD_IS_CO_OWNER, Commitment, CommitmentStatus
from .figures import Rollup, ScoreSnapshot
from .history import AuditRecord
from .method import GlossaryTerm, VagueVerb
from .people import Administration, Membership, Partner, Profile, supported_language
from .plans import ActionPlan, Axis, TimeStamped

__all__ = [
    "LEAD_IS_CO_OWNER",
    "ActionPlan",
    "Administration",
    "AuditRecord",
    "Axis",
    "Commitment",
    "CommitmentStatus",
    "GlossaryTerm",
    "Membership",
    "Partner",
    "Profile",
    "Rollup",
    "ScoreSnapshot",
    "TimeStamped",
    "VagueVerb",
    "supported_language",
]
