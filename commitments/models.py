"""Plans, axes, administrations, partners, commitments and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ActionPlan(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        IN_PROGRESS = "in_progress", _("En cours")
        CLOSED = "closed", _("Clos")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    title_en = models.CharField(_("titre (anglais)"), max_length=300, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published = models.BooleanField(_("publié"), default=False)
    source_url = models.URLField(_("source officielle"), blank=True)

    class Meta:
        verbose_name = _("plan d'action national")
        verbose_name_plural = _("plans d'action nationaux")
        ordering = ["-period_start", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="plan_period_in_order",
                violation_error_message=_("La fin de la période doit suivre son début."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Axis(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)
    title_en = models.CharField(_("intitulé (anglais)"), max_length=300, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=80)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="axis_number_unique_per_plan"),
            models.UniqueConstraint(fields=["plan", "slug"], name="axis_slug_unique_per_plan"),
            models.CheckConstraint(condition=Q(number__gte=1), name="axis_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Administration(TimeStamped):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministère")
        AGENCY = "agency", _("Agence ou opérateur")
        INDEPENDENT_AUTHORITY = "independent_authority", _("Autorité indépendante")
        JURISDICTION = "jurisdiction", _("Juridiction")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=250, unique=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.MINISTRY)
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Membership(models.Model):
    """A user who updates the commitments of an administration (a *contributor*)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'une administration")
        verbose_name_plural = _("membres des administrations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "administration"], name="membership_unique_per_administration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.administration}"


def supported_language(code: str | None) -> str:
    """``code`` if the portal speaks it, else its default language (for e-mails to a user)."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Profile(models.Model):
    """Per-user preferences and the coordination-team flag."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(_("langue"), max_length=5, choices=settings.LANGUAGES, default="fr")
    is_coordinator = models.BooleanField(_("équipe de coordination"), default=False)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self) -> str:
        return str(self.user)


class Partner(models.Model):
    name = models.CharField(_("nom"), max_length=250, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("partenaire de la société civile")
        verbose_name_plural = _("partenaires de la société civile")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commitment(TimeStamped):
    class OgpCompletion(models.TextChoices):
        NO_EVIDENCE = "no_evidence", _("Pas d'information")
        NOT_STARTED = "not_started", _("Non commencé")
        LIMITED = "limited", _("Limité")
        SUBSTANTIAL = "substantial", _("Substantiel")
        COMPLETE = "complete", _("Complet")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    ogp_id = models.CharField(_("identifiant OGP"), max_length=20, blank=True, db_index=True)
    axis = models.ForeignKey(
        Axis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("axe"),
    )
    title = models.CharField(_("intitulé"), max_length=400)
    title_en = models.CharField(_("intitulé (anglais)"), max_length=400, blank=True)
    summary = models.TextField(_("résumé en langage clair"), blank=True)
    problem = models.TextField(_("problème traité"), blank=True)
    baseline_situation = models.TextField(_("situation de départ"), blank=True)
    objective = models.TextField(_("objectif"), blank=True)
    description = models.TextField(_("description"), blank=True)

    # OGP values the commitment is relevant to.
    value_access_to_information = models.BooleanField(_("accès à l'information"), default=False)
    value_civic_participation = models.BooleanField(_("participation citoyenne"), default=False)
    value_public_accountability = models.BooleanField(_("redevabilité"), default=False)
    value_technology_innovation = models.BooleanField(_("technologie et innovation"), default=False)

    # Implementation action types.
    action_law = models.BooleanField(_("texte de loi ou décret"), default=False)
    action_standard = models.BooleanField(_("nouvelle norme ou standard"), default=False)
    action_tool = models.BooleanField(_("outil ou service"), default=False)
    action_data = models.BooleanField(_("publication de données"), default=False)
    action_consultation = models.BooleanField(_("consultation"), default=False)
    action_other = models.BooleanField(_("autre action"), default=False)

    lead_administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_commitments",
        verbose_name=_("administration porteuse"),
    )
    co_owners = models.ManyToManyField(
        Administration,
        blank=True,
        related_name="co_owned_commitments",
        verbose_name=_("administrations co-porteuses"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="commitments", verbose_name=_("partenaires")
    )
    contact_name = models.CharField(_("responsable nommé"), max_length=200, blank=True)
    contact_role = models.CharField(_("fonction du responsable"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel du responsable"), blank=True)

    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)

    cost_amount = models.DecimalField(
        _("coût estimé (euros)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost_staff_fte = models.DecimalField(
        _("moyens humains (ETP)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cost_funding_source = models.CharField(_("source de financement"), max_length=300, blank=True)
    no_additional_cost = models.BooleanField(_("sans coût supplémentaire"), default=False)
    cost_is_illustrative = models.BooleanField(
        _("coût illustratif (données de démonstration)"), default=False
    )

    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("prolonge l'engagement"),
    )
    ogp_completion = models.CharField(
        _("niveau d'achèvement (échelle OGP)"),
        max_length=20,
        choices=OgpCompletion.choices,
        blank=True,
    )
    irm_assessment = models.TextField(_("évaluation du MEI (IRM)"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    data_confidence = models.CharField(_("fiabilité des données"), max_length=200, blank=True)

    # Stored by scoring.recompute.scores_recompute (method v1); never typed by hand.
    progress = models.DecimalField(
        _("avancement (%)"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    points = models.DecimalField(
        _("points"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    max_points = models.DecimalField(
        _("points maximum"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    penalty = models.DecimalField(
        _("pénalités"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    late_milestones = models.PositiveIntegerField(_("jalons en retard"), default=0, editable=False)
    milestones_counted = models.PositiveIntegerField(
        _("jalons comptés (hors abandonnés)"), default=0, editable=False
    )
    milestones_completed = models.PositiveIntegerField(
        _("jalons réalisés"), default=0, editable=False
    )
    milestones_completed_on_time = models.PositiveIntegerField(
        _("jalons réalisés à temps"), default=0, editable=False
    )
    measurability = models.PositiveSmallIntegerField(
        _("mesurabilité (sur 8)"), default=0, editable=False
    )
    measurability_failures = models.JSONField(
        _("critères de mesurabilité non remplis"), default=list, blank=True, editable=False
    )
    scored_on = models.DateField(_("score calculé au"), null=True, blank=True, editable=False)
    method_version = models.CharField(
        _("version de la méthode"), max_length=10, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="commitment_number_unique_per_plan",
                violation_error_message=_("Ce numéro est déjà utilisé dans ce plan."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="commitment_number_positive"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="commitment_dates_in_order",
                violation_error_message=_("La date de fin doit suivre la date de début."),
            ),
            models.CheckConstraint(
                condition=Q(cost_amount__isnull=True) | Q(cost_amount__gte=0),
                name="commitment_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost_staff_fte__isnull=True) | Q(cost_staff_fte__gte=0),
                name="commitment_staff_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="commitment_progress_in_range",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="commitment_score_in_range",
            ),
            models.CheckConstraint(
                condition=Q(no_additional_cost=False)
                | (Q(cost_amount__isnull=True) | Q(cost_amount=0)),
                name="commitment_no_cost_has_no_amount",
                violation_error_message=_(
                    "Un engagement « sans coût supplémentaire » ne peut pas avoir de montant."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    ACTION_TYPE_FIELDS = (
        ("law", "action_law"),
        ("standard", "action_standard"),
        ("tool", "action_tool"),
        ("data", "action_data"),
        ("consultation", "action_consultation"),
        ("other", "action_other"),
    )
    OGP_VALUE_FIELDS = (
        ("access_to_information", "value_access_to_information"),
        ("civic_participation", "value_civic_participation"),
        ("public_accountability", "value_public_accountability"),
        ("technology_innovation", "value_technology_innovation"),
    )

    @property
    def action_types(self) -> list[str]:
        return [code for code, field in self.ACTION_TYPE_FIELDS if getattr(self, field)]

    @property
    def ogp_values(self) -> list[str]:
        return [code for code, field in self.OGP_VALUE_FIELDS if getattr(self, field)]


class AuditRecord(models.Model):
    """One row per change, from any path: the public history of a commitment."""

    class Source(models.TextChoices):
        FORM = "form", _("formulaire")
        API = "api", _("API")
        ADMIN = "admin", _("administration du site")
        IMPORT = "import", _("import")
        JOB = "job", _("tâche automatique")
        COMMAND = "command", _("commande")

    class Action(models.TextChoices):
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    actor_label = models.CharField(_("auteur (libellé)"), max_length=150, blank=True)
    source = models.CharField(_("canal"), max_length=20, choices=Source.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("type d'objet"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    object_repr = models.CharField(_("objet"), max_length=300)
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_records",
    )
    changes = models.JSONField(_("modifications"), default=dict, blank=True)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("enregistrement d'audit")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


class VagueVerb(models.Model):
    """A verb that makes a commitment vague ("Bannir les mots flous"); editable by coordinators."""

    infinitive = models.CharField(_("verbe (infinitif)"), max_length=40, unique=True)
    suggestion = models.CharField(_("alternative concrète suggérée"), max_length=300, blank=True)
    extra_forms = models.CharField(
        _("formes supplémentaires"),
        max_length=500,
        blank=True,
        help_text=_("Pour un verbe irrégulier : ses formes conjuguées, séparées par des virgules."),
    )
    active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("verbe flou")
        verbose_name_plural = _("verbes flous")
        ordering = ["infinitive"]

    def __str__(self) -> str:
        return self.infinitive

    def clean(self) -> None:
        self.infinitive = self.infinitive.strip().lower()


class GlossaryTerm(models.Model):
    """A term explained in place on the site; measurability criterion 7 checks summaries use
    only explained terms."""

    term = models.CharField(_("terme"), max_length=120, unique=True)
    term_en = models.CharField(_("terme (anglais)"), max_length=120, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    aliases = models.CharField(
        _("variantes"), max_length=300, blank=True, help_text=_("Séparées par des virgules.")
    )
    definition = models.TextField(_("définition"), blank=True)
    definition_en = models.TextField(_("définition (anglais)"), blank=True)

    class Meta:
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("glossaire")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]


class ScoreSnapshot(models.Model):
    """Per commitment and date: the stored scores, written only when a value changed."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField(_("date"))
    progress = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(max_digits=10, decimal_places=2)
    max_points = models.DecimalField(max_digits=10, decimal_places=2)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    measurability = models.PositiveSmallIntegerField()
    method_version = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("historique de score")
        verbose_name_plural = _("historiques de score")
        ordering = ["commitment", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "date"], name="snapshot_one_per_commitment_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.date}"


class Rollup(models.Model):
    """Stored roll-up of the commitments' scores per plan, axis, administration."""

    class Scope(models.TextChoices):
        PLAN = "plan", _("plan")
        AXIS = "axis", _("axe")
        ADMINISTRATION = "administration", _("administration (tous plans)")
        PLAN_ADMINISTRATION = "plan_administration", _("administration dans un plan")

    key = models.CharField(max_length=60, unique=True)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="rollups"
    )
    axis = models.ForeignKey(
        Axis, on_delete=models.CASCADE, null=True, blank=True, related_name="rollups"
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, null=True, blank=True, related_name="rollups"
    )
    commitments = models.PositiveIntegerField(default=0)
    progress = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    max_points = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    penalty = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    late_milestones = models.PositiveIntegerField(default=0)
    milestones_counted = models.PositiveIntegerField(default=0)
    milestones_completed = models.PositiveIntegerField(default=0)
    milestones_completed_on_time = models.PositiveIntegerField(default=0)
    measurability_mean = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    scored_on = models.DateField(null=True, blank=True)
    method_version = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("agrégat de scores")
        verbose_name_plural = _("agrégats de scores")
        indexes = [models.Index(fields=["scope", "plan"])]

    def __str__(self) -> str:
        return self.key


# --- a lead administration is not also a co-owner ------------------------------------------

LEAD_IS_CO_OWNER = _("L'administration porteuse ne peut pas être aussi co-porteuse.")


def _co_owner_is_not_the_lead(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Refuses to add a commitment's lead administration to its co-owners, whoever adds it (the
    admin form and the import check it first, with a message next to the field).

    Changing the lead to an administration that is already a co-owner is not refused here: a
    form that swaps the two saves the new lead before it replaces the co-owners. The admin form
    and the import check that case; no other path changes the lead."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # administration.co_owned_commitments.add(commitment, …)
        clash = Commitment.objects.filter(pk__in=pk_set, lead_administration=instance).exists()
    else:
        clash = instance.lead_administration_id in pk_set
    if clash:
        raise ValidationError({"co_owners": [LEAD_IS_CO_OWNER]}, code="lead_is_co_owner")


models.signals.m2m_changed.connect(
    _co_owner_is_not_the_lead,
    sender=Commitment.co_owners.through,
    dispatch_uid="commitments_co_owner_is_not_the_lead",
)
