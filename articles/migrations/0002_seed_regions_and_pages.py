"""France and its 18 regions (13 metropolitan, 5 overseas), and the site pages."""

from django.db import migrations

REGIONS = [
    # (name, slug, INSEE code)
    ("Auvergne-Rhône-Alpes", "auvergne-rhone-alpes", "84"),
    ("Bourgogne-Franche-Comté", "bourgogne-franche-comte", "27"),
    ("Bretagne", "bretagne", "53"),
    ("Centre-Val de Loire", "centre-val-de-loire", "24"),
    ("Corse", "corse", "94"),
    ("Grand Est", "grand-est", "44"),
    ("Hauts-de-France", "hauts-de-france", "32"),
    ("Île-de-France", "ile-de-france", "11"),
    ("Normandie", "normandie", "28"),
    ("Nouvelle-Aquitaine", "nouvelle-aquitaine", "75"),
    ("Occitanie", "occitanie", "76"),
    ("Pays de la Loire", "pays-de-la-loire", "52"),
    ("Provence-Alpes-Côte d'Azur", "provence-alpes-cote-d-azur", "93"),
    ("Guadeloupe", "guadeloupe", "01"),
    ("Martinique", "martinique", "02"),
    ("Guyane", "guyane", "03"),
    ("La Réunion", "la-reunion", "04"),
    ("Mayotte", "mayotte", "06"),
]

PAGES = [
    ("methodology", "Méthodologie", "methodologie",
     "Comment nous vérifions une information, et ce que signifie chaque verdict."),
    ("corrections_policy", "Politique de corrections", "politique-de-corrections",
     "Quand nous nous trompons, nous le disons : chaque correction est datée et publique."),
    ("ownership", "Propriété et financement", "propriete-et-financement",
     "Qui possède ce site et qui le finance."),
    ("team", "L'équipe", "equipe", "Les journalistes et éditeurs de la rédaction."),
    ("contact", "Contact", "contact", "Écrivez à la rédaction pour signaler une erreur."),
]


def seed(apps, schema_editor):
    Region = apps.get_model("articles", "Region")
    SitePage = apps.get_model("articles", "SitePage")
    from newsroom.markup import render_markdown

    france, _ = Region.objects.get_or_create(
        slug="france", defaults={"name": "France", "level": "country", "code": "FR"}
    )
    for name, slug, code in REGIONS:
        Region.objects.get_or_create(
            slug=slug, defaults={"name": name, "level": "region", "code": code, "parent": france}
        )
    for kind, title, slug, body in PAGES:
        SitePage.objects.get_or_create(
            kind=kind,
            defaults={"title": title, "slug": slug, "body": body, "body_html": render_markdown(body)},
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
