from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A place a story is about: country > region > département > city."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        DEPARTEMENT = "departement", _("département")
        CITY = "city", _("city")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level, default=Level.REGION)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger area this one belongs to, e.g. the region of a département."),
    )
    code = models.CharField(
        _("official code"),
        max_length=10,
        blank=True,
        help_text=_("INSEE code of the region or département, when it has one."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:region_detail", kwargs={"slug": self.slug})

    def self_and_descendant_ids(self) -> list[int]:
        """This place and every place inside it, at any depth (one small query)."""
        children = {}
        for pk, parent in Region.objects.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        ids, queue = [], [self.pk]
        while queue:
            pk = queue.pop()
            ids.append(pk)
            queue.extend(children.get(pk, ()))
        return ids
