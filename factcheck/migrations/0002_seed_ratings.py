"""The French verdict scale: five values from Faux to Vrai, and four labels off the scale."""

from django.db import migrations

RATINGS = [
    # (label, slug, value, colour, description)
    ("Faux", "faux", 1, "#a4161a", "L'affirmation est contredite par les faits vérifiés."),
    ("Plutôt faux", "plutot-faux", 2, "#b3541e",
     "L'affirmation contient un élément exact mais l'essentiel est erroné."),
    ("À nuancer", "a-nuancer", 3, "#7a5c00",
     "L'affirmation est en partie exacte ; des éléments importants manquent ou sont déformés."),
    ("Plutôt vrai", "plutot-vrai", 4, "#3a6b1f",
     "L'affirmation est exacte pour l'essentiel, avec des imprécisions mineures."),
    ("Vrai/Confirmé", "vrai", 5, "#1b5e20",
     "L'affirmation est confirmée par des sources primaires et des médias indépendants."),
    ("Trompeur", "trompeur", None, "#6a1b9a",
     "Des faits exacts présentés de façon à tromper."),
    ("Manque de contexte", "manque-de-contexte", None, "#37474f",
     "Sans contexte, l'affirmation induit en erreur."),
    ("Satire", "satire", None, "#00566b", "Un contenu humoristique pris au premier degré."),
    ("Invérifiable", "inverifiable", None, "#4e4e4e",
     "Aucune source accessible ne permet de confirmer ou d'infirmer l'affirmation."),
]


def seed(apps, schema_editor):
    Rating = apps.get_model("factcheck", "Rating")
    for position, (label, slug, value, colour, description) in enumerate(RATINGS):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={"label": label, "value": value, "colour": colour,
                      "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
