"""The Trust Project's policy pages (ethics, diversity, feedback, unnamed sources, mission
and coverage priorities, unsigned stories), with a first text the newsroom edits in the
admin. Each is named by a property of the publisher's NewsMediaOrganization JSON-LD."""

from django.db import migrations, models

NB = "\u00a0"  # before ":" and inside « »
NNB = "\u202f"  # before ";", "?" and "!"

PAGES = [
    (
        "ethics",
        "Notre charte déontologique",
        "charte-deontologique",
        f"""Nos journalistes s'engagent à respecter la Charte d'éthique professionnelle des
journalistes et la Déclaration de Munich. Concrètement{NB}:

- nous distinguons les faits, leur analyse et les opinions, et chaque article dit de quel
  genre il relève{NNB};
- nous ne publions pas une information que nous n'avons pas pu vérifier{NNB};
- nous n'acceptons ni cadeau ni voyage offert par les personnes et organisations dont nous
  parlons{NNB};
- un journaliste ne traite pas un sujet dans lequel il a un intérêt personnel, et le signale
  à la rédaction en chef{NNB};
- toute erreur est corrigée publiquement, datée, en haut de l'article.""",
    ),
    (
        "diversity",
        "Diversité des voix",
        "diversite",
        f"""Nos régions ne se résument pas à leurs préfectures. Nous veillons à donner la
parole à des personnes de tous âges, de tous milieux et de tous les territoires, villes,
bourgs et campagnes.

Chaque trimestre, la rédaction compte qui s'exprime dans nos articles (femmes et hommes,
élus et citoyens, territoires) et publie ce bilan sur cette page. Nos recrutements
s'ouvrent aux candidatures venues hors des écoles de journalisme.""",
    ),
    (
        "feedback",
        "Vos remarques et signalements",
        "vos-remarques",
        f"""Vous avez repéré une erreur, une affirmation à vérifier ou un angle oublié{NNB}?
Écrivez-nous par le formulaire «{NB}Signaler une affirmation à vérifier{NB}» ou par courriel à
l'adresse indiquée sur la page Contact.

Chaque message est lu par un membre de la rédaction sous deux jours ouvrés. Si vous nous
laissez une adresse, nous vous répondons et nous vous disons ce que nous en avons fait{NB}:
correction publiée, vérification en cours ou raison pour laquelle nous ne donnons pas
suite.""",
    ),
    (
        "unnamed_sources",
        "Sources anonymes",
        "sources-anonymes",
        f"""Nous nommons nos sources. Nous n'accordons l'anonymat qu'à une personne qui
s'exposerait à un risque réel (pour son emploi, sa sécurité ou celle de ses proches) en
parlant publiquement, et seulement si l'information ne peut pas être obtenue autrement.

La rédaction en chef connaît l'identité de chaque source anonyme. L'article dit pourquoi
l'anonymat a été accordé, et une information venue d'une seule source anonyme n'est jamais
la base d'un verdict{NB}: elle doit être confirmée par un document ou une seconde
source.""",
    ),
    (
        "mission",
        "Notre mission et nos priorités",
        "mission",
        f"""Nous vérifions ce qui circule dans nos régions et pèse sur la vie de leurs
habitants{NB}: santé, sécurité, transports, argent public, environnement et élections.

Nous choisissons nos sujets selon trois critères{NB}: l'audience de l'affirmation, ses
conséquences possibles et ce que les habitants nous signalent. Nous ne vérifions pas les
opinions, seulement les faits qu'elles avancent.""",
    ),
    (
        "no_bylines",
        "Articles non signés",
        "articles-non-signes",
        f"""Presque tous nos articles sont signés par les journalistes qui les ont écrits.
Un article paraît sans signature nominative seulement quand il est le travail collectif de
la rédaction (une synthèse, un direct) ou quand nommer son auteur l'exposerait à un
danger{NB}; il est alors signé «{NB}La rédaction{NB}».

Dans tous les cas, un éditeur qui ne l'a pas écrit l'a vérifié avant publication, comme
chaque article.""",
    ),
]


def seed(apps, schema_editor):
    SitePage = apps.get_model("articles", "SitePage")
    from newsroom.markup import render_markdown

    for kind, title, slug, body in PAGES:
        if SitePage.objects.filter(slug=slug).exclude(kind=kind).exists():
            slug = f"{slug}-{kind.replace('_', '-')}"
        SitePage.objects.get_or_create(
            kind=kind,
            defaults={
                "title": title,
                "slug": slug,
                "body": body,
                "body_html": render_markdown(body),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_record_trigger_uses_the_clock"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sitepage",
            name="kind",
            field=models.CharField(
                choices=[
                    ("methodology", "methodology"),
                    ("corrections_policy", "corrections policy"),
                    ("ownership", "ownership and funding"),
                    ("team", "team"),
                    ("contact", "contact"),
                    ("editorial_line", "editorial line"),
                    ("ethics", "ethics policy"),
                    ("diversity", "diversity policy"),
                    ("feedback", "actionable feedback policy"),
                    ("unnamed_sources", "unnamed sources policy"),
                    ("mission", "mission and coverage priorities"),
                    ("no_bylines", "unsigned stories policy"),
                ],
                max_length=30,
                unique=True,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
