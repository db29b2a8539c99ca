"""E-mail reminders about milestones and indicators, and the coordinators' weekly digest: when
they are due (``schedule``, pure rules), what is due today (``selectors``), planning it into
the outbox (``models.ReminderOutbox``), rendering it in the recipient's language (``emails``)
and sending it (``services``).

``reminders_send`` plans (``reminders_plan``: idempotent inserts into ``ReminderOutbox``), then
for each ready row: *claims* it with a conditional update, renders it in the recipient's
language, sends it and marks it sent.

Delivery guarantee
------------------
Each reminder (one ``dedup_key``: kind, milestone or indicator, recipient, date) is planned once:
the key is unique and inserts ignore conflicts, so a rerun or two planners at once add nothing.
It is sent by whoever wins the claim (``UPDATE … WHERE status = old AND claimed_at = old``
changes one row for exactly one worker), so a rerun or two workers at once never send it twice.
A claimed row whose worker died stays in ``sending``; after ``LEASE`` another run takes it over,
so nothing is lost. The one unavoidable duplicate: a worker that dies (or loses the database)
*after* the SMTP server accepted the message and *before* the row is marked ``sent`` — the row
looks abandoned and is sent again once the lease has expired. Closing that window would need
the SMTP server to take part in the transaction; the lease makes it one resend at most per crash.
The lease must outlast the slowest single send: keep ``EMAIL_TIMEOUT`` well under ``LEASE``, or
a worker stuck on a dead SMTP socket could see its row taken over while it still sends.

The claim must be committed before the message leaves: call ``reminders_send`` outside any
``transaction.atomic`` block (Celery tasks and management commands run in autocommit).
"""
