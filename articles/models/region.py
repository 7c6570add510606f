from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom import fields
from newsroom.db import CompiledQuery, attnames, from_row

# Country > region > département > city is four levels; a walk of the tree
# never goes further than this, even through rows written before cycles were
# refused (or by a bulk update, which no model code sees).
MAX_DEPTH = 8


class Region(models.Model):
    """A place a story is about: country > region > département > city."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        DEPARTEMENT = "departement", _("département")
        CITY = "city", _("city")

    name = fields.CharField(_("name"), max_length=120)
    slug = fields.SlugField(_("slug"), max_length=140, unique=True)
    level = fields.CharField(_("level"), max_length=20, choices=Level, default=Level.REGION)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "The larger area this one belongs to, e.g. the region of a département. "
            "Never the place itself or a place inside it."
        ),
    )
    code = fields.CharField(
        _("official code"),
        max_length=10,
        blank=True,
        help_text=_("INSEE code of the region or département, when it has one."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="region_not_its_own_parent",
                violation_error_message=_("A place cannot be inside itself."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Every writer, not only the admin form: a loop in the tree would make
        # every walk of it (region pages, feeds, searches by region) endless.
        self.check_parent()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:region_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        self.check_parent()

    def check_parent(self):
        """Refuse a parent that is this place or lies inside it, at any depth."""
        if self.parent_id is None:
            return
        if self.pk is not None and self.pk in self.ancestor_ids(start=self.parent_id):
            raise ValidationError(
                {"parent": _("A place cannot be inside itself or inside a place it contains.")},
                code="region_cycle",
            )

    @staticmethod
    def ancestor_ids(*, start) -> list[int]:
        """`start` and the places above it, nearest first (at most MAX_DEPTH, stops at a loop)."""
        ids, pk = [], start
        while pk is not None and pk not in ids and len(ids) < MAX_DEPTH:
            ids.append(pk)
            pk = Region.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
        return ids

    def ancestors(self) -> list["Region"]:
        """The places above this one, largest first, for breadcrumbs (bounded, loop-safe).

        Without a query when each place's parent is already loaded (`located`).
        """
        chain, seen, place = [], {self.pk}, self
        while len(chain) < MAX_DEPTH and place.parent_id is not None:
            if place.parent_id in seen:
                break
            place = place.parent
            seen.add(place.pk)
            chain.append(place)
        return chain[::-1]

    def self_and_descendant_ids(self, pairs=None) -> list[int]:
        """This place and every place inside it, at any depth: from `pairs`, every
        place's (id, parent id), else from one small query."""
        children = {}
        if pairs is None:
            pairs = Region.objects.values_list("pk", "parent_id")
        for pk, parent in pairs:
            children.setdefault(parent, []).append(pk)
        ids, seen, queue = [], {self.pk}, [(self.pk, 0)]
        while queue:
            pk, depth = queue.pop()
            ids.append(pk)
            if depth >= MAX_DEPTH:
                continue
            for child in children.get(pk, ()):
                if child not in seen:  # a loop stored before cycles were refused
                    seen.add(child)
                    queue.append((child, depth + 1))
        return ids

    @staticmethod
    def located(slug: str) -> tuple["Region", list[int]] | None:
        """(the place at `slug`, with the places above it loaded for `ancestors()`,
        and `self_and_descendant_ids()`), or None for an unknown slug.

        One query, compiled once: every place's row (the table holds the places a
        newsroom covers, six short columns each); only the place and those above it
        become instances. What a region page reads for its breadcrumbs and stories."""
        rows = _every_place()
        names = attnames(Region)
        slug_at, parent_at = names.index("slug"), names.index("parent_id")
        found = next((row for row in rows if row[slug_at] == slug), None)
        if found is None:
            return None
        by_pk = {row[0]: row for row in rows}
        place = from_row(Region, dict(zip(names, found, strict=True)))
        below, seen = place, {place.pk}
        while below.parent_id in by_pk and below.parent_id not in seen:  # bounded, as ancestors()
            above = from_row(Region, dict(zip(names, by_pk[below.parent_id], strict=True)))
            below.parent = above
            below, seen = above, seen | {above.pk}
        return place, place.self_and_descendant_ids([(row[0], row[parent_at]) for row in rows])


_every_place = CompiledQuery(
    Region, lambda: Region.objects.order_by().values_list(*attnames(Region)), {}
)
