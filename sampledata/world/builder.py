"""The whole generated world: shared administrations and partners, plans, axes,
commitments, then their parts (``parts``), written in bulk, and one audit record per plan and
commitment."""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.text import slugify

from commitments.audit import diff_values, model_values
from commitments.models import ActionPlan, Administration, AuditRecord, Axis, Commitment, Partner
from indicators.models import Indicator, Measurement
from milestones.models import Milestone, MilestoneRevision

from .parts import _ascii, _dec, _insert, _Parts, _unique_slug
from .vocabulary import (
    ABSTRACT_OBJECTS,
    ACTOR_LABEL,
    ADMINISTRATIONS,
    AXIS_THEMES,
    BATCH_SIZE,
    COMMITMENTS_PER_PLAN,
    CONCRETE_ACTIONS,
    DOMAINS,
    FIRST_NAMES,
    FIRST_YEAR,
    FUNDING_SOURCES,
    LAST_NAMES,
    LAST_START_YEAR,
    PARTNERS,
    PLAN_SLUG_RE,
    PLAN_TITLES,
    ROLES,
    VAGUE_VERBS,
    Day,
)


class _World(_Parts):
    def __init__(
        self, rng: random.Random, as_of: datetime.date, say: Callable[[str], None], seed: int
    ):
        self.rng = rng
        self.as_of = as_of
        self.say = say
        self.seed = seed
        self.counts: dict[str, int] = {}
        self.audit: list[AuditRecord] = []

    def add(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    # -- shared rows -----------------------------------------------------------------------

    def shared(self, model: type[models.Model], rows: list[tuple[str, dict[str, Any]]], key: str):
        """Ids of these named rows, in order: existing names reused, missing ones created.

        ``rows`` are ``(slug base, field values)``; a slug taken by another name gets a suffix.
        """
        manager = model._default_manager
        existing: dict[str, int] = dict(manager.values_list("name", "pk"))
        slugs = set(manager.values_list("slug", flat=True))
        new = [
            model(**values, slug=_unique_slug(slug_base, slugs))
            for slug_base, values in rows
            if values["name"] not in existing
        ]
        self.add(key, _insert(model, new))
        existing |= {obj.name: obj.pk for obj in new}  # type: ignore[attr-defined]
        return [existing[values["name"]] for _slug, values in rows]

    def administrations(self) -> tuple[list[int], list[int], list[str]]:
        rows = [
            (slugify(acronym or name), {"name": name, "acronym": acronym, "kind": kind})
            for name, acronym, kind, _weight in ADMINISTRATIONS
        ]
        ids = self.shared(Administration, rows, "administrations")
        weights = [weight for *_rest, weight in ADMINISTRATIONS]
        labels = [slug[:30].strip("-") for slug, _values in rows]
        return ids, weights, labels

    def partners(self) -> list[int]:
        return self.shared(
            Partner, [(slugify(name), {"name": name}) for name in PARTNERS], "partners"
        )

    # -- plans and axes --------------------------------------------------------------------

    def plans(self, n_plans: int) -> list[ActionPlan]:
        rng = self.rng
        offset = 0
        for slug in ActionPlan.objects.filter(slug__startswith="pan-").values_list(
            "slug", flat=True
        ):
            match = PLAN_SLUG_RE.match(slug)
            if match:
                offset = max(offset, int(match.group(1)))
        span = LAST_START_YEAR - FIRST_YEAR
        plans = []
        for i in range(n_plans):
            year = LAST_START_YEAR if n_plans == 1 else FIRST_YEAR + round(i * span / (n_plans - 1))
            month = rng.choice((1, 7, 7, 9, 10))
            start = datetime.date(year, month, rng.choice((1, 1, 15, 16)))
            end = start.replace(year=year + 2) - Day
            if end < self.as_of:
                status = ActionPlan.Status.CLOSED
            elif start > self.as_of:
                status = ActionPlan.Status.DRAFT
            else:
                status = ActionPlan.Status.IN_PROGRESS
            title = rng.choice(PLAN_TITLES)
            plans.append(
                ActionPlan(
                    slug=f"pan-{year}-{year + 2}-{offset + i + 1}",
                    title=f"{title} — Plan d'action national {year}-{year + 2}",
                    description=(
                        f"Plan d'action national {year}-{year + 2} pour le Partenariat pour un "
                        "Gouvernement Ouvert. Jeu de données généré pour les essais de charge : "
                        "engagements, jalons, indicateurs et coûts sont illustratifs."
                    ),
                    period_start=start,
                    period_end=end,
                    status=status,
                    published=status != ActionPlan.Status.DRAFT or rng.random() < 0.3,
                )
            )
        self.add("plans", _insert(ActionPlan, plans))
        return plans

    def axes(self, plans: list[ActionPlan]) -> dict[int, list[Axis]]:
        by_plan: dict[int, list[Axis]] = {}
        objs = []
        for plan in plans:
            themes = self.rng.sample(AXIS_THEMES, self.rng.randint(3, 6))
            axes = [
                Axis(
                    plan_id=plan.pk,
                    number=k,
                    title=title,
                    title_en=title_en,
                    slug=slugify(title)[:80].strip("-"),
                )
                for k, (title, title_en) in enumerate(themes, start=1)
            ]
            by_plan[plan.pk] = axes
            objs += axes
        self.add("axes", _insert(Axis, objs))
        return by_plan

    # -- commitments -----------------------------------------------------------------------

    def sizes(self, total: int, n_plans: int) -> list[int]:
        """``total`` split over the plans, unevenly but each plan with at least one."""
        weights = [self.rng.uniform(0.6, 1.4) for _ in range(n_plans)]
        rest = total - n_plans
        shares = [rest * w / sum(weights) for w in weights]
        sizes = [1 + math.floor(s) for s in shares]
        order = sorted(
            range(n_plans), key=lambda i: shares[i] - math.floor(shares[i]), reverse=True
        )
        for i in order[: total - sum(sizes)]:
            sizes[i] += 1
        return sizes

    def commitment(
        self,
        plan: ActionPlan,
        number: int,
        axes: list[Axis],
        previous: list[Commitment],
        ogp_number: int,
        admins: tuple[list[int], list[int], list[str]],
    ) -> tuple[Commitment, list[int]]:
        rng = self.rng
        admin_ids, admin_weights, admin_labels = admins
        y0, y1 = plan.period_start.year, plan.period_end.year
        domain = rng.choice(DOMAINS)
        vague = rng.random() < 0.35
        if vague:
            verb, obj = rng.choice(VAGUE_VERBS), rng.choice(ABSTRACT_OBJECTS)
        else:
            verb, obj = rng.choice(CONCRETE_ACTIONS)
        title = f"{verb} {obj} {domain}"
        if not vague and rng.random() < 0.3:
            title += f" d'ici {y1}"

        lead_index = (
            rng.choices(range(len(admin_ids)), weights=admin_weights)[0]
            if rng.random() >= 0.03
            else None
        )
        lead_id = admin_ids[lead_index] if lead_index is not None else None
        n_co = rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
        co_owners = [a for a in rng.sample(admin_ids, n_co + 1) if a != lead_id][:n_co]

        start = plan.period_start + Day * rng.randint(0, 90)
        end = plan.period_end - Day * rng.randint(0, 60)
        values: dict[str, Any] = {}
        if rng.random() < 0.85:
            values["summary"] = rng.choice(
                (
                    f"Aujourd'hui, les informations {domain} sont difficiles à trouver et à "
                    f"comparer. Cet engagement prévoit de les rendre publiques et lisibles par "
                    f"tous d'ici {y1}, avec un calendrier et des étapes vérifiables.",
                    f"L'administration s'engage à {verb.lower()} {obj} {domain}. Chacun pourra "
                    "suivre l'avancement des étapes sur ce portail.",
                    f"Cet engagement répond à une demande de la société civile : mieux connaître "
                    f"les décisions {domain} et pouvoir en débattre.",
                )
            )
        if rng.random() < 0.85:
            values["objective"] = (
                f"Contribuer à {rng.choice(VAGUE_VERBS).lower()} {rng.choice(ABSTRACT_OBJECTS)} "
                f"{domain}."
                if vague and rng.random() < 0.5
                else f"D'ici {y1}, rendre accessibles en ligne, dans un format ouvert et "
                f"réutilisable, {rng.randint(5, 10) * 10} % des informations {domain}."
            )
        if rng.random() < 0.7:
            values["problem"] = (
                f"Les informations {domain} sont dispersées entre plusieurs services et "
                "rarement publiées dans un format réutilisable."
            )
            values["baseline_situation"] = (
                f"En {y0}, environ {rng.randint(0, 40)} % de ces informations étaient publiées."
            )
        if rng.random() < 0.6:
            values["description"] = (
                f"Le projet se déroule en plusieurs étapes de {y0} à {y1} : état des lieux, "
                "consultation des usagers, mise en œuvre, puis évaluation publique."
            )
        if rng.random() < 0.85:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            label = admin_labels[lead_index] if lead_index is not None else "pgo"
            values["contact_name"] = f"{first} {last}"
            values["contact_role"] = rng.choice(ROLES)
            values["contact_email"] = (
                f"{_ascii(first)}.{_ascii(last).replace(' ', '-')}@{label}.example.org"
            )

        # Action types: most commitments name at least one explicit one.
        if rng.random() < 0.85:
            for field in rng.sample(
                (
                    "action_law",
                    "action_standard",
                    "action_tool",
                    "action_data",
                    "action_consultation",
                ),
                rng.choices((1, 2, 3), weights=(50, 35, 15))[0],
            ):
                values[field] = True
        if rng.random() < 0.15:
            values["action_other"] = True
        for field, p in (
            ("value_access_to_information", 0.6),
            ("value_civic_participation", 0.45),
            ("value_public_accountability", 0.4),
            ("value_technology_innovation", 0.3),
        ):
            if rng.random() < p:
                values[field] = True

        roll = rng.random()
        if roll < 0.4:
            amount = math.exp(rng.uniform(math.log(5_000), math.log(5_000_000)))
            values |= {
                "cost_amount": Decimal(round(amount, -3) or 1000),
                "cost_staff_fte": _dec(rng.uniform(0.2, 12), 1) if rng.random() < 0.8 else None,
                "cost_funding_source": rng.choice(FUNDING_SOURCES),
                "cost_is_illustrative": True,
            }
        elif roll < 0.65:
            values |= {
                "no_additional_cost": True,
                "cost_staff_fte": _dec(rng.uniform(0.1, 3), 1) if rng.random() < 0.3 else None,
                "cost_is_illustrative": True,
            }

        if plan.status == ActionPlan.Status.CLOSED:
            values["ogp_completion"] = rng.choice(Commitment.OgpCompletion.values)
        if previous and rng.random() < 0.1:
            values["continues_id"] = rng.choice(previous).pk

        commitment = Commitment(
            plan_id=plan.pk,
            number=number,
            ogp_id=f"FR{ogp_number:04d}",
            axis_id=rng.choice(axes).pk if rng.random() < 0.95 else None,
            title=title,
            lead_administration_id=lead_id,
            start_date=start,
            end_date=end,
            data_confidence="illustratif (jeu de données généré)",
            **values,
        )
        return commitment, co_owners

    # -- milestones ------------------------------------------------------------------------

    # -- the whole world -------------------------------------------------------------------

    def run(self, total: int) -> dict[str, int]:
        self.say("administrations and partners…")
        admins = self.administrations()
        partner_ids = self.partners()

        n_plans = max(1, round(total / COMMITMENTS_PER_PLAN))
        self.say(f"plans… ({n_plans})")
        plans = self.plans(n_plans)
        axes = self.axes(plans)

        CoOwner = Commitment.co_owners.through
        PartnerLink = Commitment.partners.through
        ogp_start = Commitment.objects.count() + 1000
        commitments: list[Commitment] = []
        co_rows: list[models.Model] = []
        partner_rows: list[models.Model] = []
        previous: list[Commitment] = []
        previous_year = None
        current: list[Commitment] = []
        done = 0
        next_report = 1000
        for plan, size in zip(plans, self.sizes(total, n_plans), strict=True):
            if plan.period_start.year != previous_year:
                previous, previous_year = current or previous, plan.period_start.year
                current = []
            batch, owners = [], []
            for number in range(1, size + 1):
                commitment, co = self.commitment(
                    plan, number, axes[plan.pk], previous, ogp_start + done + number, admins
                )
                batch.append(commitment)
                owners.append(co)
            _insert(Commitment, batch)
            for commitment, co in zip(batch, owners, strict=True):
                co_rows += [CoOwner(commitment_id=commitment.pk, administration_id=a) for a in co]
                n_partners = self.rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
                partner_rows += [
                    PartnerLink(commitment_id=commitment.pk, partner_id=p)
                    for p in self.rng.sample(partner_ids, n_partners)
                ]
            commitments += batch
            current += batch
            done += size
            if done >= next_report or done == total:
                self.say(f"commitments {done}/{total}…")
                next_report = (done // 1000 + 1) * 1000
        self.add("commitments", len(commitments))
        self.add("co_owners", _insert(CoOwner, co_rows))
        self.add("commitment_partners", _insert(PartnerLink, partner_rows))

        self.say("milestones…")
        milestones: list[Milestone] = []
        per_commitment: dict[int, list[int]] = {}
        for commitment in commitments:
            rows = self.milestones(commitment)
            per_commitment[commitment.pk] = [len(rows), 0, 0]
            milestones += rows
        self.add("milestones", _insert(Milestone, milestones))
        revisions = [
            m._world_revision.row(m.pk, m.original_due_date)
            for m in milestones
            if getattr(m, "_world_revision", None) is not None
        ]
        self.add("milestone_revisions", _insert(MilestoneRevision, revisions))
        del milestones

        self.say("indicators…")
        indicators: list[tuple[Indicator, dict[str, Any]]] = []
        for commitment in commitments:
            rows = self.indicators(commitment)
            per_commitment[commitment.pk][1] = len(rows)
            indicators += rows
        self.add("indicators", _insert(Indicator, [ind for ind, _ in indicators]))

        self.say("measurements…")
        pending: list[Measurement] = []
        written = 0
        for indicator, plan_values in indicators:
            rows = self.measurements(indicator, plan_values)
            per_commitment[indicator.commitment_id][2] += len(rows)
            pending += rows
            if len(pending) >= 10 * BATCH_SIZE:
                written += _insert(Measurement, pending)
                pending = []
                self.say(f"measurements {written}…")
        written += _insert(Measurement, pending)
        self.add("measurements", written)

        self.say("audit records…")
        justification = f"Jeu de données généré par generate_world (graine {self.seed})"
        records = [
            AuditRecord(
                actor_label=ACTOR_LABEL,
                source=AuditRecord.Source.COMMAND,
                action=AuditRecord.Action.CREATE,
                object_type="actionplan",
                object_id=plan.pk,
                object_repr=str(plan)[:300],
                plan_id=plan.pk,
                changes=diff_values({}, model_values(plan)),
                justification=f"{justification}.",
            )
            for plan in plans
        ]
        for commitment in commitments:
            n_m, n_i, n_v = per_commitment[commitment.pk]
            records.append(
                AuditRecord(
                    actor_label=ACTOR_LABEL,
                    source=AuditRecord.Source.COMMAND,
                    action=AuditRecord.Action.CREATE,
                    object_type="commitment",
                    object_id=commitment.pk,
                    object_repr=str(commitment)[:300],
                    plan_id=commitment.plan_id,
                    commitment_id=commitment.pk,
                    changes=diff_values({}, model_values(commitment)),
                    justification=(
                        f"{justification}, avec {n_m} jalons, {n_i} indicateurs et {n_v} "
                        "mesures illustratifs."
                    ),
                )
            )
        self.add("audit_records", _insert(AuditRecord, records))
        return self.counts
