"""Follow by e-mail without an account: a commitment, an administration or a plan.

Double opt-in (``services.subscribe`` then ``services.confirm``), digests weekly or daily of
what changed (``selectors.change_feed`` reads the audit trail, so every app that audits its
changes appears), sent exactly once through ``models.DigestOutbox`` (see ``services``), with a
one-click unsubscribe (RFC 8058). Unconfirmed addresses are erased after seven days, and an
address that unsubscribes is erased at once. When a digest is due: ``periods`` (pure).
"""
