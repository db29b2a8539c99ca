"""The people who update the portal: log-in with limits (``login``), invitations by e-mail
(``invitations``), API tokens, and the workspace shell they land on (``views``: what their
administrations must update, a commitment's implementation details, the coordination tools).

Who may change what (memberships of administrations, the coordinator flag, the permission
checks every write service makes) belongs to ``commitments``, which every write path of the
domain consults; this app is where people meet that machinery.
"""
