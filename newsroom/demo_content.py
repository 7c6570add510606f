"""Original demo content for `manage.py seed_demo`, in French.

Every story, person, quotation and organisation's words here are invented for
the demo. Real outlet names appear only as citable publishers, with their
homepage; every deep link points under https://example.org/demo/.

Dates are offsets in days from the moment the command runs (negative: in the
past), so the demo always looks current.
"""

from inspect import cleandoc as md

DEMO_URL = "https://example.org/demo/"
ARCHIVE_URL = "https://example.org/demo/archive/"

# Appended to every story's context: real offices appear with invented people.
DEMO_NOTICE = "*Article de démonstration : les faits, les personnes et les citations sont fictifs.*"

OUTLETS = [
    # (slug, name, homepage, kind)
    ("ouest-france", "Ouest-France", "https://www.ouest-france.fr/", "press"),
    (
        "france-3-normandie",
        "France 3 Normandie",
        "https://france3-regions.francetvinfo.fr/normandie",
        "broadcaster",
    ),
    ("le-telegramme", "Le Télégramme", "https://www.letelegramme.fr/", "press"),
    ("la-voix-du-nord", "La Voix du Nord", "https://www.lavoixdunord.fr/", "press"),
    ("courrier-picard", "Courrier picard", "https://www.courrier-picard.fr/", "press"),
    ("la-depeche-du-midi", "La Dépêche du Midi", "https://www.ladepeche.fr/", "press"),
    ("vosges-matin", "Vosges Matin", "https://www.vosgesmatin.fr/", "press"),
    ("franceinfo", "Franceinfo", "https://www.francetvinfo.fr/", "broadcaster"),
    (
        "prefecture-du-calvados",
        "Préfecture du Calvados",
        "https://www.calvados.gouv.fr/",
        "government",
    ),
    ("prefecture-des-vosges", "Préfecture des Vosges", "https://www.vosges.gouv.fr/", "government"),
    (
        "prefecture-de-la-haute-garonne",
        "Préfecture de la Haute-Garonne",
        "https://www.haute-garonne.gouv.fr/",
        "government",
    ),
    ("ville-de-lille", "Ville de Lille", "https://www.lille.fr/", "government"),
    ("amiens-metropole", "Amiens Métropole", "https://www.amiens.fr/", "government"),
    ("region-bretagne", "Région Bretagne", "https://www.bretagne.bzh/", "government"),
    ("ports-de-normandie", "Ports de Normandie", "", "government"),
    ("dir-nord-ouest", "DIR Nord-Ouest", "", "government"),
    (
        "ile-de-france-mobilites",
        "Île-de-France Mobilités",
        "https://www.iledefrance-mobilites.fr/",
        "government",
    ),
    ("ofb", "Office français de la biodiversité", "https://www.ofb.gouv.fr/", "government"),
    ("meteo-france", "Météo-France", "https://meteofrance.com/", "government"),
    ("insee", "Insee", "https://www.insee.fr/", "statistics"),
    ("sncf-voyageurs", "SNCF Voyageurs", "https://www.sncf-voyageurs.com/", "organisation"),
]

# "account" names a demo user (see the command) that writes as this author.
AUTHORS = [
    {
        "slug": "camille-le-goff",
        "name": "Camille Le Goff",
        "account": "journalist",
        "job_title": "Journaliste, bureau de Caen",
        "expertise": "transports, intempéries, Normandie, vérification d'images",
        "biography": md("""
            Camille Le Goff couvre la Normandie depuis le bureau de Caen : routes, ports,
            intempéries et vie des communes du littoral.

            Avant de rejoindre la rédaction, elle a travaillé six ans en radio locale. Elle anime
            les ateliers de **vérification d'images** que nous proposons aux lycées de la région.
        """),
    },
    {
        "slug": "julien-marchetti",
        "name": "Julien Marchetti",
        "account": "editor",
        "job_title": "Rédacteur en chef adjoint",
        "expertise": "vérification, données publiques, collectivités locales, transports",
        "biography": md("""
            Julien Marchetti coordonne la vérification des articles avant publication et veille
            à ce que chaque verdict repose sur des **sources primaires**.

            Il s'intéresse particulièrement aux données ouvertes des collectivités et des
            opérateurs de transport, qu'il apprend aux journalistes de la rédaction à exploiter.
        """),
    },
    {
        "slug": "sophie-lambert",
        "name": "Sophie Lambert",
        "account": "editor2",
        "job_title": "Éditrice, cellule vérification",
        "expertise": "environnement, eau, sécheresse, agriculture, Occitanie",
        "biography": md("""
            Sophie Lambert édite les vérifications de la rédaction et suit les questions
            d'environnement, en particulier la gestion de l'eau dans le Sud-Ouest.

            Ingénieure agronome de formation, elle a rejoint le journalisme après dix ans dans
            une agence de l'eau.
        """),
    },
    {
        "slug": "elise-kerbrat",
        "name": "Élise Kerbrat",
        "account": None,
        "job_title": "Correspondante en Bretagne",
        "expertise": "rail, mobilités, emploi, Bretagne",
        "biography": md("""
            Élise Kerbrat est correspondante en Bretagne, basée à Saint-Brieuc. Elle suit les
            transports régionaux, l'emploi et l'industrie agroalimentaire.
        """),
    },
    {
        "slug": "nadia-benali",
        "name": "Nadia Benali",
        "account": None,
        "job_title": "Correspondante dans les Hauts-de-France",
        "expertise": "éducation, budgets municipaux, fiscalité locale",
        "biography": md("""
            Nadia Benali couvre les Hauts-de-France depuis Lille. Elle décortique les budgets
            municipaux et les politiques éducatives, délibération après délibération.
        """),
    },
    {
        "slug": "thomas-reynaud",
        "name": "Thomas Reynaud",
        "account": None,
        "job_title": "Correspondant dans le Grand Est",
        "expertise": "faune sauvage, montagne, agriculture, Vosges",
        "biography": md("""
            Thomas Reynaud vit dans les Vosges, d'où il couvre la montagne, la faune sauvage et
            l'agriculture. Il est l'auteur de nos vérifications sur le retour des grands
            prédateurs.
        """),
    },
]


def _demo(path):
    return DEMO_URL + path


def _archive(path):
    return ARCHIVE_URL + path


# Each story: "timeline" gives the day of each workflow step that happened;
# "sources" are keyed so that claims can cite them; source kinds and ratings
# use the models' values and the seeded verdict slugs.
STORIES = [
    {
        "slug": "caen-peripherique-nord-coupe-apres-des-pluies-diluviennes",
        "title": "Caen : le périphérique nord coupé une nuit après des pluies diluviennes",
        "work_type": "news",
        "region": "normandie",
        "tags": ["inondations", "routes", "Caen", "intempéries"],
        "authors": ["camille-le-goff"],
        "status": "published",
        "timeline": {"created": -6, "submitted": -5.4, "verified": -5.2, "published": -5},
        "original_url": _demo("partenaires/radio-locale/caen-peripherique-inonde"),
        "original_outlet": "Radio Côtes et Bocage",
        "introduction": (
            "Une portion d'environ cinq kilomètres du périphérique nord de Caen a été fermée "
            "pendant près de onze heures après un orage d'une rare intensité. Trente-cinq "
            "véhicules ont été évacués, sans blessé. Des images trompeuses ont circulé toute "
            "la nuit."
        ),
        "verified_facts": md("""
            - **48,6 mm de pluie en trois heures** ont été relevés à la station Météo-France de
              Caen-Carpiquet, l'équivalent de près de trois semaines de pluie habituelle pour
              la saison.
            - La préfecture du Calvados a fait fermer le périphérique nord, dans les deux sens,
              **entre les sorties 3 et 6** (environ 5 km), de 23 h 40 à 10 h 50 le lendemain.
            - **35 véhicules** ont été immobilisés par l'eau ; leurs occupants ont tous été
              évacués par les sapeurs-pompiers avant 2 heures du matin.
            - Aucun blessé n'a été signalé. Une quarantaine d'interventions pour des caves
              inondées ont été recensées dans l'agglomération.

            Nous avons comparé le bilan de la préfecture avec les relevés publiés par
            Météo-France et avec les constats de nos confrères présents sur place.
        """),
        "development": md("""
            La pluie a commencé peu après 21 heures. En moins d'une heure, le point bas de la
            chaussée, à proximité d'un passage inférieur, s'est rempli plus vite que les
            bassins de rétention ne pouvaient l'absorber.

            Les équipes de la DIR Nord-Ouest, gestionnaire de l'axe, ont pompé l'eau pendant
            la nuit. La chaussée a été inspectée avant la réouverture : aucun affaissement n'a
            été constaté.

            ### Ce qui reste à établir
            La préfecture a annoncé un retour d'expérience avec la DIR Nord-Ouest et la
            communauté urbaine, pour vérifier le dimensionnement des bassins de rétention.
            Nous publierons ses conclusions.
        """),
        "context": md("""
            Le périphérique de Caen est l'axe le plus fréquenté du Calvados. Sa partie nord a
            déjà connu des fermetures ponctuelles lors d'orages d'été, mais jamais aussi
            longues.

            Météo-France avait placé le département en vigilance jaune « orages » dans
            l'après-midi. L'épisode, très localisé, a été plus intense que prévu.
        """),
        "quotes": [
            {
                "text": (
                    "Nous avons fait le choix de fermer tôt plutôt que de laisser des "
                    "automobilistes s'engager dans l'eau. Personne n'a été blessé, c'est "
                    "l'essentiel."
                ),
                "speaker": "Anne-Sophie Garnier",
                "speaker_role": "directrice de cabinet du préfet du Calvados",
                "day": -5,
                "url": _demo("calvados/point-presse-peripherique"),
            },
            {
                "text": (
                    "Les bassins de rétention ont fonctionné, mais ils ne sont pas dimensionnés "
                    "pour un tel volume en si peu de temps. Nous allons en tirer les leçons."
                ),
                "speaker": "Olivier Berthelot",
                "speaker_role": "chef de district, DIR Nord-Ouest",
                "day": -5,
            },
        ],
        "sources": [
            {
                "key": "pluie",
                "outlet": "meteo-france",
                "kind": "data",
                "day": -5,
                "title": "Relevés horaires de précipitations, station de Caen-Carpiquet",
                "path": "meteo-france/releves-caen-carpiquet",
            },
            {
                "key": "prefecture",
                "outlet": "prefecture-du-calvados",
                "kind": "statement",
                "day": -5,
                "archived": True,
                "title": "Communiqué : fermeture puis réouverture du périphérique nord",
                "path": "calvados/communique-peripherique-nord",
            },
            {
                "key": "of",
                "outlet": "ouest-france",
                "kind": "coverage",
                "day": -5,
                "title": "Orage à Caen : le périphérique nord sous l'eau, automobilistes évacués",
                "path": "ouest-france/orage-caen-peripherique",
            },
            {
                "key": "f3",
                "outlet": "france-3-normandie",
                "kind": "coverage",
                "day": -4,
                "title": "Intempéries : nuit agitée sur le périphérique de Caen",
                "path": "france3/intemperies-nuit-peripherique-caen",
            },
        ],
        "claims": [
            {
                "label": "Vidéo de voitures submergées sur le périphérique de Caen",
                "statement": (
                    "Regardez le périph de Caen ce soir, les voitures ont de l'eau jusqu'aux "
                    "portières ! Personne ne vient les aider."
                ),
                "claimant": "Page Facebook « Infos trafic Calvados »",
                "claimant_kind": "social",
                "rating": "trompeur",
                "verdict_explanation": (
                    "La vidéo est authentique, mais elle a été tournée il y a trois ans sur une "
                    "route départementale de l'Orne, pas sur le périphérique de Caen."
                ),
                "analysis": md("""
                    Une recherche d'image inversée sur plusieurs captures mène à une
                    publication plus ancienne d'un habitant de l'Orne, qui nous a confirmé
                    avoir filmé la scène. On y voit une route à double sens et une signalisation
                    départementale, absentes du périphérique, qui est une voie rapide à
                    chaussées séparées.

                    Les images réellement prises sur le périphérique cette nuit-là montrent une
                    eau arrivant à mi-roue, au point le plus bas.
                """),
                "sources": ["prefecture", "of"],
                "appearances": [
                    {
                        "path": "social/infos-trafic-calvados/video-peripherique",
                        "day": -5,
                        "first": True,
                        "archived": True,
                    },
                    {"path": "social/partage/video-peripherique-caen", "day": -5},
                ],
            },
            {
                "label": "Nombre d'automobilistes bloqués toute la nuit sur le périphérique",
                "statement": (
                    "Plus de 200 automobilistes ont passé la nuit coincés dans leur voiture sur "
                    "le périph."
                ),
                "claimant": "Compte anonyme sur X",
                "claimant_kind": "social",
                "rating": "plutot-faux",
                "verdict_explanation": (
                    "Trente-cinq véhicules ont été immobilisés et leurs occupants évacués avant "
                    "2 heures du matin : personne n'a passé la nuit bloqué."
                ),
                "analysis": md("""
                    Le chiffre de 200 correspond, selon la préfecture, au nombre approximatif de
                    véhicules déviés ou ayant fait demi-tour à l'entrée de la zone fermée. Il a
                    été confondu avec celui des véhicules réellement immobilisés dans l'eau.

                    Le bilan des sapeurs-pompiers, cité par France 3 Normandie, concorde avec
                    celui de la préfecture.
                """),
                "sources": ["prefecture", "f3"],
                "appearances": [
                    {"path": "social/x/200-automobilistes-bloques", "day": -5, "first": True},
                ],
            },
        ],
        "corrections": [
            {
                "kind": "correction",
                "day": -4.8,
                "text": (
                    "Une version précédente de cet article indiquait que la portion fermée "
                    "mesurait 8 km. Selon la préfecture, elle mesurait environ 5 km, entre les "
                    "sorties 3 et 6."
                ),
            },
        ],
    },
    {
        "slug": "cherbourg-rumeur-semaine-sans-ferries",
        "title": "Cherbourg : non, les ferries ne resteront pas à quai pendant une semaine",
        "work_type": "factcheck",
        "region": "normandie",
        "tags": ["ferries", "grève", "Cherbourg", "transport maritime", "rumeurs"],
        "authors": ["camille-le-goff", "julien-marchetti"],
        "status": "published",
        "timeline": {"created": -3, "submitted": -2.5, "verified": -2.2, "published": -2},
        "introduction": (
            "Un message partagé plusieurs milliers de fois annonçait l'annulation de toutes les "
            "traversées au départ de Cherbourg pendant une semaine. Le seul préavis de grève "
            "déposé porte sur 24 heures et une seule compagnie ; les autres liaisons sont "
            "maintenues."
        ),
        "verified_facts": md("""
            - Un **préavis de grève de 24 heures** a bien été déposé par les représentants des
              marins d'une compagnie desservant l'Irlande. Il porte sur une seule journée.
            - Les autres traversées au départ de Cherbourg, vers l'Angleterre et l'Irlande,
              sont **maintenues**, selon le gestionnaire du port.
            - Les passagers concernés par la journée de grève ont été prévenus par la compagnie
              et peuvent reporter leur voyage sans frais.

            Nous avons lu le préavis, interrogé le délégué syndical qui l'a signé et obtenu le
            planning des rotations auprès de Ports de Normandie.
        """),
        "development": md("""
            Le message est apparu dans un groupe Facebook consacré aux voyages vers l'Irlande,
            puis a été repris par plusieurs comptes. Il affirmait que « toutes les compagnies »
            seraient bloquées « au moins jusqu'à dimanche prochain ».

            Le préavis vise une seule journée et porte sur les effectifs à bord pendant la
            saison d'été. Le délégué qui l'a signé dit n'avoir jamais appelé à un mouvement
            reconductible et ne pas connaître l'auteur du message.

            Une réunion de négociation est prévue avant la date de la grève. En cas d'accord,
            le préavis pourrait être levé.
        """),
        "context": md("""
            Cherbourg est l'un des principaux ports transmanche de Normandie. En été, une
            journée de grève peut concerner plusieurs milliers de passagers et de nombreux
            transporteurs routiers.

            Les rumeurs de blocage reviennent régulièrement à l'approche des vacances. Avant de
            modifier un voyage, consultez directement les informations de la compagnie ou du
            port.
        """),
        "quotes": [
            {
                "text": (
                    "Le préavis concerne une journée, une compagnie, et rien d'autre. Toutes les "
                    "autres rotations sont assurées normalement."
                ),
                "speaker": "Pierre-Yves Lemonnier",
                "speaker_role": "directeur de l'exploitation du port de Cherbourg",
                "day": -2,
            },
            {
                "text": (
                    "Nous n'avons jamais parlé d'une semaine de grève. Ce message fait peur aux "
                    "passagers et dessert notre revendication."
                ),
                "speaker": "Yannick Hamel",
                "speaker_role": "délégué syndical des marins",
                "day": -2,
            },
        ],
        "sources": [
            {
                "key": "port",
                "outlet": "ports-de-normandie",
                "kind": "statement",
                "day": -2,
                "archived": True,
                "title": "Point trafic : liaisons transmanche au départ de Cherbourg",
                "path": "ports-de-normandie/point-trafic-cherbourg",
            },
            {
                "key": "of",
                "outlet": "ouest-france",
                "kind": "coverage",
                "day": -3,
                "title": "Ferries : un préavis de grève de 24 heures déposé à Cherbourg",
                "path": "ouest-france/preavis-greve-ferries-cherbourg",
            },
            {
                "key": "f3",
                "outlet": "france-3-normandie",
                "kind": "coverage",
                "day": -2,
                "title": "Grève des ferries : les passagers inquiets avant les vacances",
                "path": "france3/greve-ferries-passagers",
            },
        ],
        "claims": [
            {
                "label": "Annulation de toutes les traversées depuis Cherbourg pendant une semaine",
                "statement": (
                    "Grève générale sur les ferries à Cherbourg : toutes les compagnies à quai "
                    "au moins jusqu'à dimanche prochain. Annulez vos réservations !"
                ),
                "claimant": "Groupe Facebook de voyageurs vers l'Irlande",
                "claimant_kind": "social",
                "rating": "faux",
                "verdict_explanation": (
                    "Le seul préavis déposé vise une journée et une compagnie ; les autres "
                    "traversées sont maintenues, selon le port et le syndicat lui-même."
                ),
                "analysis": md("""
                    Le préavis, que nous avons consulté, ne mentionne ni reconduction ni appel
                    aux autres compagnies. Le planning des rotations transmis par le port
                    prévoit tous les départs habituels, à l'exception de ceux de la compagnie
                    concernée le jour de la grève.
                """),
                "sources": ["port", "of"],
                "appearances": [
                    {
                        "path": "social/groupe-voyageurs-irlande/greve-ferries",
                        "day": -3,
                        "first": True,
                        "archived": True,
                    },
                ],
            },
            {
                "label": "Préavis de grève déposé par les marins d'une compagnie",
                "statement": "Les marins ont déposé un préavis de grève pour cet été.",
                "claimant": "Plusieurs comptes relayant la rumeur",
                "claimant_kind": "social",
                "rating": "vrai",
                "verdict_explanation": (
                    "Un préavis de 24 heures a bien été déposé : c'est le point de départ, "
                    "exact, de la rumeur."
                ),
                "analysis": md("""
                    Le délégué syndical nous a transmis le préavis, dont le port et la
                    compagnie ont confirmé la réception.
                """),
                "sources": ["port", "f3"],
                "appearances": [
                    {"path": "social/partage/preavis-marins", "day": -3, "first": True},
                ],
            },
        ],
    },
    {
        "slug": "vosges-loup-lac-de-gerardmer-photos",
        "title": (
            "Un loup au bord du lac de Gérardmer ? Ce que montrent vraiment les images partagées"
        ),
        "work_type": "factcheck",
        "region": "grand-est",
        "tags": ["loup", "faune sauvage", "Vosges", "rumeurs"],
        "authors": ["thomas-reynaud"],
        "status": "published",
        "timeline": {"created": -9.5, "submitted": -8.6, "verified": -8.2, "published": -8},
        "introduction": (
            "Une photo de loup « sur la plage du lac de Gérardmer » a été partagée plus de "
            "20 000 fois en deux jours. Elle a été prise ailleurs, il y a plusieurs années. La "
            "présence du loup dans le massif des Vosges est, elle, bien documentée."
        ),
        "verified_facts": md("""
            - La photo virale a été publiée pour la première fois **il y a cinq ans par un
              photographe animalier**, dans un parc animalier situé hors de France. Il nous a
              transmis l'original et ses métadonnées.
            - L'Office français de la biodiversité (OFB) confirme la **présence du loup dans le
              massif des Vosges**, suivie depuis plusieurs années par le réseau Loup-Lynx.
            - Aucune observation de loup **au bord du lac de Gérardmer** n'a été signalée à
              l'OFB ces dernières semaines.
            - Deux constats d'attaque sur des brebis ont été réalisés dans des communes
              voisines ; **l'expertise est en cours** et ne permet pas encore d'attribuer ces
              attaques à un loup.
        """),
        "development": md("""
            La photo montre un loup gris sur une plage de sable, devant une étendue d'eau
            bordée de sapins. Elle a d'abord été publiée par un compte local avec la mention
            « ce matin au lac de Gérardmer, faites attention à vos enfants ».

            Une recherche d'image inversée mène à la galerie en ligne d'un photographe
            animalier. La version originale, plus large, montre une clôture et un panneau du
            parc où elle a été prise. Le photographe nous a confirmé en être l'auteur et n'avoir
            jamais photographié dans les Vosges.

            Dans la foulée, une seconde image a circulé : un loup « faisant ses courses » dans
            un supermarché de Gérardmer. Elle provient d'un compte parodique qui se présente
            comme tel dans sa biographie.
        """),
        "context": md("""
            Le loup est revenu naturellement dans le massif des Vosges au début des années
            2010. Son suivi est assuré par l'OFB avec des correspondants formés : agents,
            chasseurs, éleveurs et naturalistes.

            Chaque attaque de troupeau donne lieu à un constat. L'indemnisation des éleveurs
            dépend de la conclusion de l'expertise, qui peut prendre plusieurs semaines.

            **Si vous pensez avoir vu un loup**, notez le lieu et l'heure et photographiez si
            possible les traces : ces informations sont utiles au réseau de suivi, contrairement
            aux images partagées sans contexte.
        """),
        "quotes": [
            {
                "text": (
                    "Nous n'avons reçu aucun signalement d'un loup au bord du lac. Nous suivons "
                    "en revanche la présence de l'espèce dans le massif, et chaque indice "
                    "transmis est examiné."
                ),
                "speaker": "Mathilde Grandjean",
                "speaker_role": "cheffe du service départemental des Vosges, OFB",
                "day": -8,
            },
            {
                "text": (
                    "Nous comprenons l'inquiétude des éleveurs. Les constats sont faits, il faut "
                    "laisser l'expertise aller à son terme."
                ),
                "speaker": "Bernard Vautrin",
                "speaker_role": "sous-préfet de Saint-Dié-des-Vosges",
                "day": -8,
                "url": _demo("vosges/declaration-sous-prefet-constats"),
            },
        ],
        "sources": [
            {
                "key": "ofb",
                "outlet": "ofb",
                "kind": "data",
                "day": -30,
                "title": "Suivi du loup dans le massif des Vosges : bilan du réseau Loup-Lynx",
                "path": "ofb/bilan-loup-vosges",
            },
            {
                "key": "prefecture",
                "outlet": "prefecture-des-vosges",
                "kind": "statement",
                "day": -9,
                "archived": True,
                "title": "Communiqué sur les constats d'attaque de troupeaux",
                "path": "vosges/communique-constats-attaques",
            },
            {
                "key": "vm",
                "outlet": "vosges-matin",
                "kind": "coverage",
                "day": -9,
                "title": "Loup : une photo virale affole les réseaux sociaux à Gérardmer",
                "path": "vosges-matin/loup-photo-virale-gerardmer",
            },
            {
                "key": "fi",
                "outlet": "franceinfo",
                "kind": "coverage",
                "day": -40,
                "title": "Retour du loup dans les Vosges : entre inquiétude et suivi scientifique",
                "path": "franceinfo/retour-loup-vosges",
            },
        ],
        "claims": [
            {
                "label": "Photo d'un loup sur la plage du lac de Gérardmer",
                "statement": "Ce matin au lac de Gérardmer, faites attention à vos enfants !",
                "claimant": "Compte Facebook local",
                "claimant_kind": "social",
                "rating": "faux",
                "verdict_explanation": (
                    "La photo a été prise il y a cinq ans dans un parc animalier hors de France ; "
                    "son auteur nous l'a confirmé."
                ),
                "analysis": md("""
                    L'original, plus large que la version partagée, montre la clôture du parc.
                    Ses métadonnées indiquent une date de prise de vue antérieure de cinq ans.
                    L'OFB n'a reçu aucun signalement au bord du lac.
                """),
                "sources": ["ofb", "vm"],
                "appearances": [
                    {
                        "path": "social/compte-local/loup-lac-gerardmer",
                        "day": -10,
                        "first": True,
                        "archived": True,
                    },
                    {"path": "social/partage/loup-gerardmer", "day": -9},
                ],
            },
            {
                "label": "Attaques de brebis attribuées au loup près de Gérardmer",
                "statement": "Le loup a encore frappé : des brebis égorgées à côté de Gérardmer.",
                "claimant": "Publications de plusieurs comptes d'éleveurs",
                "claimant_kind": "unknown",
                "rating": "inverifiable",
                "verdict_explanation": (
                    "Deux constats ont été faits, mais l'expertise est en cours : ni l'OFB ni la "
                    "préfecture ne peuvent encore attribuer ces attaques."
                ),
                "analysis": md("""
                    Un chien errant peut laisser des traces proches de celles d'un loup ; seule
                    l'expertise, parfois complétée d'analyses génétiques, permet de trancher.
                    Nous mettrons ce verdict à jour quand ses conclusions seront publiées.
                """),
                "sources": ["prefecture", "vm"],
                "appearances": [
                    {"path": "social/eleveurs/brebis-gerardmer", "day": -9, "first": True},
                ],
            },
            {
                "label": "Loup photographié dans les rayons d'un supermarché de Gérardmer",
                "statement": "Exclusif : le loup de Gérardmer fait ses courses au rayon boucherie.",
                "claimant": "Compte parodique « Le Vosgien libéré »",
                "claimant_kind": "social",
                "rating": "satire",
                "verdict_explanation": (
                    "L'image est un montage publié par un compte humoristique qui se présente "
                    "comme tel."
                ),
                "analysis": md("""
                    Le compte précise dans sa biographie que « tout est faux ». L'image a été
                    reprise sans cette mention par des internautes qui l'ont prise au premier
                    degré.
                """),
                "sources": ["ofb", "vm"],
                "appearances": [
                    {"path": "social/vosgien-libere/loup-supermarche", "day": -9, "first": True},
                ],
            },
        ],
    },
    {
        "slug": "lille-cantine-repas-a-sept-euros",
        "title": "Cantines de Lille : le repas à 7 euros pour toutes les familles, vraiment ?",
        "work_type": "factcheck",
        "region": "hauts-de-france",
        "tags": ["cantine", "école", "Lille", "budget municipal"],
        "authors": ["nadia-benali"],
        "status": "published",
        "timeline": {"created": -4, "submitted": -3.5, "verified": -3.2, "published": -3},
        "introduction": (
            "Selon un visuel largement partagé, le repas à la cantine coûterait désormais "
            "7 euros à toutes les familles lilloises. Ce montant approche celui de la tranche la "
            "plus haute de la nouvelle grille ; la majorité des familles paient beaucoup moins."
        ),
        "verified_facts": md("""
            La délibération votée par le conseil municipal fixe une grille de **dix tranches**,
            calculées selon le quotient familial :

            | Tranche | Prix du repas |
            |---|---|
            | 1 (quotients les plus bas) | 0,50 € |
            | 5 | 2,40 € |
            | 10 (quotients les plus hauts) | 6,90 € |

            - Le tarif de **6,90 €** ne s'applique qu'à la tranche la plus haute, soit environ
              9 % des familles inscrites, selon la ville.
            - Plus de la moitié des familles se situent dans les quatre premières tranches et
              paient **moins de 2 € par repas**.
            - La hausse moyenne, pondérée par le nombre de repas servis, est de **6 %**. Elle
              atteint **30 %** pour les deux tranches les plus hautes.
        """),
        "development": md("""
            Le visuel, aux couleurs d'un collectif de parents, affiche en gros caractères « La
            cantine à 7 € pour tous ». Il a été partagé dans plusieurs groupes de quartier avant
            la rentrée.

            Nous avons comparé l'ancienne et la nouvelle grille, publiées en annexe des
            délibérations. La ville justifie la hausse par l'augmentation du coût des denrées,
            en particulier des produits issus de l'agriculture biologique, dont la part doit
            progresser.

            Les associations de parents reconnaissent que les tranches basses sont protégées,
            mais dénoncent un « effet de seuil » : une faible hausse de revenus peut faire
            changer de tranche.
        """),
        "context": md("""
            Le prix de la restauration scolaire est fixé par chaque commune, sans pouvoir
            dépasser le coût du service. Beaucoup de villes appliquent une tarification
            sociale, selon le quotient familial.

            Les prix de l'alimentation suivis par l'Insee ont fortement augmenté ces dernières
            années, ce qui pèse sur le coût des repas servis dans les cantines.
        """),
        "quotes": [
            {
                "text": (
                    "Aucune famille ne paie 7 euros. Le tarif le plus élevé est de 6,90 euros et "
                    "concerne moins d'une famille sur dix."
                ),
                "speaker": "Karim Haddad",
                "speaker_role": "adjoint chargé de l'éducation, ville de Lille",
                "day": -3,
            },
            {
                "text": (
                    "Les familles modestes sont protégées, c'est vrai. Mais pour un couple "
                    "d'enseignants avec deux enfants, la hausse dépasse 200 euros par an."
                ),
                "speaker": "Claire Vandenberghe",
                "speaker_role": "présidente d'une association lilloise de parents d'élèves",
                "day": -3,
            },
        ],
        "sources": [
            {
                "key": "deliberation",
                "outlet": "ville-de-lille",
                "kind": "document",
                "day": -20,
                "archived": True,
                "title": "Délibération fixant les tarifs de la restauration scolaire (annexe)",
                "path": "lille/deliberation-tarifs-restauration-scolaire",
            },
            {
                "key": "insee",
                "outlet": "insee",
                "kind": "data",
                "day": -15,
                "title": "Indice des prix à la consommation : alimentation",
                "path": "insee/ipc-alimentation",
            },
            {
                "key": "vdn",
                "outlet": "la-voix-du-nord",
                "kind": "coverage",
                "day": -4,
                "title": "Cantine : la nouvelle grille tarifaire fait réagir les parents",
                "path": "voix-du-nord/cantine-grille-tarifaire",
            },
        ],
        "claims": [
            {
                "label": "Prix du repas à la cantine fixé à 7 euros pour toutes les familles",
                "statement": "La cantine à 7 € pour tous : la mairie fait payer les familles !",
                "claimant": "Visuel d'un collectif de parents",
                "claimant_kind": "organisation",
                "rating": "plutot-faux",
                "verdict_explanation": (
                    "Le tarif maximal est de 6,90 € et ne concerne qu'environ 9 % des familles ; "
                    "plus de la moitié paient moins de 2 € par repas."
                ),
                "analysis": md("""
                    La grille votée compte dix tranches. Le montant cité est proche du tarif
                    de la tranche la plus haute, présenté à tort comme un prix unique.
                """),
                "sources": ["deliberation", "vdn"],
                "appearances": [
                    {
                        "path": "social/collectif-parents/visuel-cantine",
                        "day": -6,
                        "first": True,
                        "archived": True,
                    },
                ],
            },
            {
                "label": "Hausse de 30 % des tarifs de la cantine à la rentrée",
                "statement": "Les tarifs de la cantine augmentent de 30 % à la rentrée.",
                "claimant": "Élus d'opposition au conseil municipal",
                "claimant_kind": "organisation",
                "rating": "manque-de-contexte",
                "verdict_explanation": (
                    "La hausse de 30 % est exacte pour les deux tranches les plus hautes ; la "
                    "hausse moyenne est de 6 %."
                ),
                "analysis": md("""
                    Nous avons recalculé la hausse tranche par tranche à partir des deux
                    grilles, puis pondéré par le nombre de repas servis dans chaque tranche,
                    fourni par la ville.
                """),
                "sources": ["deliberation", "vdn"],
                "appearances": [
                    {"path": "lille/compte-rendu-conseil-municipal", "day": -20, "first": True},
                ],
            },
        ],
    },
    {
        "slug": "haute-garonne-secheresse-ce-que-l-arrete-interdit",
        "title": "Sécheresse en Haute-Garonne : ce que l'arrêté interdit, et ce qu'il permet",
        "work_type": "explainer",
        "region": "occitanie",
        "tags": ["sécheresse", "eau", "canicule", "Haute-Garonne"],
        "authors": ["sophie-lambert"],
        "status": "published",
        "timeline": {"created": -2, "submitted": -1.5, "verified": -1.2, "published": -1},
        "introduction": (
            "Avec la canicule, la préfecture a placé une grande partie de la Haute-Garonne en "
            "alerte renforcée sécheresse. Arrosage, piscines, lavage des voitures : voici ce que "
            "dit l'arrêté, zone par zone, et ce que risquent les contrevenants."
        ),
        "verified_facts": md("""
            L'arrêté préfectoral classe les bassins versants du département en quatre niveaux :
            **vigilance, alerte, alerte renforcée et crise**. Les mesures dépendent de la
            commune où l'on se trouve, pas du département dans son ensemble.

            En **alerte renforcée** :

            - l'arrosage des jardins et des espaces verts est interdit **de 8 heures à
              20 heures** ;
            - le lavage des véhicules hors station professionnelle est interdit ;
            - le remplissage des piscines privées est interdit, sauf **première mise en eau**
              d'un chantier commencé avant l'arrêté.

            En **crise**, seuls les usages prioritaires restent permis : santé, sécurité civile,
            eau potable et salubrité.
        """),
        "development": md("""
            Météo-France prévoit des températures supérieures à 38 °C dans la région
            toulousaine pendant plusieurs jours, sans pluie significative. Plusieurs affluents
            de la Garonne sont passés sous les seuils d'alerte fixés pour la saison.

            ### Savoir quelles règles s'appliquent chez soi
            Le site national VigiEau permet de saisir son adresse pour connaître les
            restrictions en vigueur. La carte est mise à jour à chaque nouvel arrêté.

            ### Les sanctions
            Ne pas respecter une mesure de restriction est une contravention de cinquième
            classe : l'amende peut atteindre **1 500 euros**. Les contrôles, menés par la police
            de l'eau et les gendarmes, commencent souvent par un rappel à la règle.
        """),
        "context": md("""
            Les arrêtés sécheresse sont pris par les préfets, sur la base de seuils fixés à
            l'avance pour chaque bassin versant. Ils visent à préserver l'eau potable et les
            milieux aquatiques lorsque les rivières et les nappes baissent.

            Les agriculteurs irrigants ne sont pas exemptés : leurs restrictions sont organisées
            par tours d'eau, négociés avec les organismes de gestion de l'irrigation.
        """),
        "quotes": [
            {
                "text": (
                    "Chaque litre compte. Nous demandons à chacun de vérifier les règles de sa "
                    "commune, qui peuvent changer d'une semaine à l'autre."
                ),
                "speaker": "Laurent Cassagne",
                "speaker_role": "directeur départemental des territoires de la Haute-Garonne",
                "day": -1,
                "url": _demo("haute-garonne/point-presse-secheresse"),
            },
            {
                "text": (
                    "Aucune pluie significative n'est attendue avant la fin de la semaine "
                    "prochaine sur le bassin toulousain."
                ),
                "speaker": "Agnès Py",
                "speaker_role": "prévisionniste, Météo-France Toulouse",
                "day": -1,
            },
        ],
        "sources": [
            {
                "key": "arrete",
                "outlet": "prefecture-de-la-haute-garonne",
                "kind": "document",
                "day": -2,
                "archived": True,
                "title": "Arrêté portant limitation provisoire des usages de l'eau",
                "path": "haute-garonne/arrete-secheresse",
            },
            {
                "key": "meteo",
                "outlet": "meteo-france",
                "kind": "data",
                "day": -1,
                "title": "Vigilance canicule et prévisions à sept jours, Haute-Garonne",
                "path": "meteo-france/vigilance-canicule-haute-garonne",
            },
            {
                "key": "depeche",
                "outlet": "la-depeche-du-midi",
                "kind": "coverage",
                "day": -2,
                "title": "Sécheresse : la Haute-Garonne passe en alerte renforcée",
                "path": "la-depeche/secheresse-alerte-renforcee",
            },
            {
                "key": "fi",
                "outlet": "franceinfo",
                "kind": "coverage",
                "day": -3,
                "title": "Sécheresse : quelles restrictions d'eau dans votre département ?",
                "path": "franceinfo/restrictions-eau-departements",
            },
        ],
        "claims": [
            {
                "label": "Interdiction de remplir les piscines privées dans toute la Haute-Garonne",
                "statement": (
                    "À partir d'aujourd'hui, interdiction de remplir sa piscine partout en "
                    "Haute-Garonne !"
                ),
                "claimant": "Publication virale sur Facebook",
                "claimant_kind": "social",
                "rating": "a-nuancer",
                "verdict_explanation": (
                    "L'interdiction ne vaut que dans les zones en alerte renforcée ou en crise, "
                    "et une première mise en eau reste possible dans certains cas."
                ),
                "analysis": md("""
                    L'annexe cartographique de l'arrêté laisse plusieurs bassins en simple
                    alerte, où le remplissage des piscines reste autorisé.
                """),
                "sources": ["arrete", "depeche"],
                "appearances": [
                    {"path": "social/facebook/piscines-haute-garonne", "day": -2, "first": True},
                ],
            },
            {
                "label": "Amende pouvant atteindre 1 500 euros pour l'arrosage d'un jardin",
                "statement": "Arroser son jardin peut vous coûter 1 500 euros d'amende.",
                "claimant": "Article repris par plusieurs sites locaux",
                "claimant_kind": "unknown",
                "rating": "plutot-vrai",
                "verdict_explanation": (
                    "Le montant maximal est exact, mais l'interdiction ne porte que sur "
                    "certaines heures et certaines zones."
                ),
                "analysis": md("""
                    L'arrêté renvoie aux sanctions prévues par la loi pour les contraventions
                    de cinquième classe. Arroser la nuit reste permis en alerte renforcée.
                """),
                "sources": ["arrete", "fi"],
                "appearances": [
                    {
                        "path": "sites-locaux/amende-arrosage",
                        "day": -2,
                        "first": True,
                        "archived": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "bretagne-ter-dinan-dol-fermee-huit-semaines",
        "title": "TER en Bretagne : la ligne Dinan – Dol-de-Bretagne fermée huit semaines",
        "work_type": "news",
        "region": "bretagne",
        "tags": ["TER", "rail", "travaux", "Côtes-d'Armor", "mobilités"],
        "authors": ["elise-kerbrat"],
        "status": "published",
        "timeline": {"created": -7, "submitted": -6.5, "verified": -6.2, "published": -6},
        "original_url": _demo("partenaires/radio-locale/ter-dinan-dol-travaux"),
        "original_outlet": "Radio Côtes et Bocage",
        "introduction": (
            "La ligne TER entre Dinan et Dol-de-Bretagne sera fermée aux trains pendant huit "
            "semaines, le temps de renouveler la voie. Des autocars assureront les liaisons. "
            "Contrairement à ce qui circule, la ligne n'est pas menacée de fermeture définitive."
        ),
        "verified_facts": md("""
            - Les travaux portent sur le **renouvellement de la voie** (rails, traverses et
              ballast) sur l'essentiel du parcours, et sur la mise aux normes de plusieurs
              passages à niveau.
            - Pendant la fermeture, **chaque train est remplacé par un autocar**, aux mêmes
              horaires de départ, avec un trajet allongé d'une dizaine de minutes.
            - Le chantier est financé par l'État, la Région Bretagne et SNCF Réseau. La
              convention de financement a été votée en commission permanente du conseil
              régional.
            - Après les travaux, la vitesse autorisée doit remonter sur les sections
              aujourd'hui limitées, ce qui **raccourcira le trajet** de quelques minutes.
        """),
        "development": md("""
            La fermeture a été annoncée aux usagers par affichage en gare et sur l'application
            TER BreizhGo. Dès le lendemain, une publication affirmant que la ligne « ne rouvrira
            jamais » a circulé dans plusieurs groupes de la région de Dinan.

            La convention de financement prévoit une remise à niveau pour au moins vingt-cinq
            ans d'exploitation, ce qui contredit l'idée d'une fermeture définitive.

            Les associations d'usagers demandent que les correspondances avec les TGV soient
            garanties pendant le chantier, les autocars étant plus sensibles aux embouteillages
            de l'été.
        """),
        "context": md("""
            De nombreuses « petites lignes » ferroviaires ont besoin de travaux lourds : faute
            d'entretien suffisant, la vitesse y est parfois réduite pour des raisons de
            sécurité. L'État et les régions financent leur remise à niveau au cas par cas.

            En Bretagne, la Région est l'autorité organisatrice des TER : elle décide de l'offre
            de trains et en finance l'essentiel ; SNCF Voyageurs l'exploite.
        """),
        "quotes": [
            {
                "text": (
                    "Il n'a jamais été question de fermer cette ligne. Nous investissons "
                    "précisément pour qu'elle roule encore dans vingt-cinq ans."
                ),
                "speaker": "Yann Le Roux",
                "speaker_role": "vice-président de la Région Bretagne chargé des mobilités",
                "day": -6,
            },
            {
                "text": (
                    "Chaque train supprimé est remplacé par un car, au même horaire. Les "
                    "correspondances à Dol-de-Bretagne seront surveillées chaque jour."
                ),
                "speaker": "Gaëlle Le Bihan",
                "speaker_role": "directrice régionale TER Bretagne, SNCF Voyageurs",
                "day": -6,
                "url": _demo("sncf/ter-bretagne/travaux-dinan-dol"),
            },
        ],
        "sources": [
            {
                "key": "sncf",
                "outlet": "sncf-voyageurs",
                "kind": "statement",
                "day": -7,
                "archived": True,
                "title": "Information voyageurs : travaux sur la ligne Dinan – Dol-de-Bretagne",
                "path": "sncf/information-travaux-dinan-dol",
            },
            {
                "key": "region",
                "outlet": "region-bretagne",
                "kind": "document",
                "day": -45,
                "title": "Convention de financement des travaux de la ligne Dinan – Dol",
                "path": "region-bretagne/convention-dinan-dol",
            },
            {
                "key": "telegramme",
                "outlet": "le-telegramme",
                "kind": "coverage",
                "day": -7,
                "title": "Travaux : pas de trains entre Dinan et Dol pendant deux mois",
                "path": "le-telegramme/travaux-dinan-dol",
            },
            {
                "key": "of",
                "outlet": "ouest-france",
                "kind": "coverage",
                "day": -6,
                "title": "Ligne Dinan – Dol : les usagers inquiets pour leurs correspondances",
                "path": "ouest-france/dinan-dol-correspondances",
            },
        ],
        "claims": [
            {
                "label": "Fermeture définitive de la ligne Dinan – Dol après les travaux",
                "statement": (
                    "Les travaux, c'est un prétexte : la ligne Dinan-Dol ne rouvrira jamais."
                ),
                "claimant": "Publication dans un groupe Facebook de Dinan",
                "claimant_kind": "social",
                "rating": "faux",
                "verdict_explanation": (
                    "La convention de financement prévoit au contraire une remise à niveau pour "
                    "au moins vingt-cinq ans d'exploitation."
                ),
                "analysis": md("""
                    La convention, votée avant l'annonce des travaux, engage l'État et la
                    Région sur le financement du chantier et sur le maintien du service
                    ferroviaire après sa réouverture.
                """),
                "sources": ["region", "telegramme"],
                "appearances": [
                    {
                        "path": "social/groupe-dinan/ligne-fermee",
                        "day": -6,
                        "first": True,
                        "archived": True,
                    },
                ],
            },
            {
                "label": "Remplacement des trains par des autocars pendant le chantier",
                "statement": "Pendant les travaux, des cars remplaceront les trains.",
                "claimant": "SNCF Voyageurs",
                "claimant_kind": "organisation",
                "rating": "vrai",
                "verdict_explanation": (
                    "Chaque train est remplacé par un autocar aux mêmes horaires de départ, "
                    "selon l'information voyageurs de SNCF."
                ),
                "analysis": md("""
                    Nous avons comparé la grille des autocars publiée par SNCF Voyageurs avec
                    les horaires habituels des trains : tous les départs sont couverts.
                """),
                "sources": ["sncf", "of"],
                "appearances": [
                    {"path": "sncf/information-travaux-dinan-dol", "day": -7, "first": True},
                ],
            },
        ],
    },
    {
        "slug": "ile-de-france-ponctualite-des-trains-ce-que-disent-les-chiffres",
        "title": "Ponctualité des trains franciliens : ce que disent vraiment les chiffres publiés",
        "work_type": "analysis",
        "region": "ile-de-france",
        "tags": ["transports", "trains", "ponctualité", "données"],
        "authors": ["julien-marchetti"],
        "status": "published",
        # Scheduled: verified today, published in three days.
        "timeline": {"created": -3, "submitted": -1, "verified": -0.5, "published": 3},
        "introduction": (
            "« Un train sur deux en retard » : la formule revient souvent dans le débat sur les "
            "transports franciliens. Les données publiées par l'autorité organisatrice racontent "
            "une histoire plus contrastée, avec de fortes différences d'une ligne à l'autre."
        ),
        "verified_facts": md("""
            Nous avons analysé les indicateurs mensuels de ponctualité publiés en données
            ouvertes par Île-de-France Mobilités pour les douze derniers mois.

            - Un train est compté « à l'heure » s'il arrive avec **moins de cinq minutes de
              retard** à son terminus ; les trains supprimés sont comptés à part.
            - Sur l'ensemble du réseau ferré, la ponctualité moyenne se situe entre
              **85 % et 92 %** selon les mois.
            - La ligne la moins ponctuelle, sur son plus mauvais mois, est descendue à **71 %**.
            - Aucune ligne n'est passée sous la barre de 50 % sur un mois complet.
        """),
        "development": md("""
            ### Une moyenne qui masque de fortes différences
            Les lignes les plus chargées, qui partagent des voies avec d'autres trains, sont
            aussi les plus exposées aux incidents en cascade. À l'inverse, des lignes plus
            courtes dépassent 95 % de ponctualité la plupart des mois.

            ### Ce que l'indicateur ne mesure pas
            Le taux porte sur les trains, pas sur les voyageurs : un retard à l'heure de pointe
            pèse autant qu'un retard en pleine nuit. Les trains supprimés sont exclus du calcul,
            ce qui peut flatter le résultat les jours de grève ou de travaux.

            ### Refaire le calcul
            Les fichiers sont librement téléchargeables. Le tableau utilisé pour cette analyse
            figure dans nos sources, avec les formules appliquées.
        """),
        "context": md("""
            Île-de-France Mobilités, l'autorité organisatrice des transports de la région, fixe
            des objectifs de ponctualité aux exploitants, avec des pénalités financières s'ils
            ne sont pas atteints.

            Selon l'Insee, plusieurs millions d'actifs franciliens se rendent au travail en
            transports en commun : chaque point de ponctualité concerne beaucoup de voyageurs.
        """),
        "quotes": [
            {
                "text": (
                    "Nous publions ces données pour qu'elles soient discutées. Elles montrent "
                    "des progrès sur certaines lignes et des difficultés persistantes sur "
                    "d'autres."
                ),
                "speaker": "Sandrine Aubert",
                "speaker_role": "directrice de la communication, Île-de-France Mobilités",
                "day": -1,
            },
        ],
        "sources": [
            {
                "key": "idfm",
                "outlet": "ile-de-france-mobilites",
                "kind": "data",
                "day": -10,
                "archived": True,
                "title": "Indicateurs mensuels de ponctualité du réseau ferré (données ouvertes)",
                "path": "idfm/ponctualite-mensuelle",
            },
            {
                "key": "insee",
                "outlet": "insee",
                "kind": "data",
                "day": -200,
                "title": "Déplacements domicile-travail en Île-de-France",
                "path": "insee/domicile-travail-ile-de-france",
            },
            {
                "key": "fi",
                "outlet": "franceinfo",
                "kind": "coverage",
                "day": -5,
                "title": "Transports en Île-de-France : la ponctualité en question",
                "path": "franceinfo/ponctualite-ile-de-france",
            },
        ],
        "claims": [
            {
                "label": "« Un train sur deux en retard » sur le réseau francilien",
                "statement": "En Île-de-France, un train sur deux arrive en retard.",
                "claimant": "Tract d'un collectif d'usagers",
                "claimant_kind": "organisation",
                "rating": "plutot-faux",
                "verdict_explanation": (
                    "Aucune ligne n'est tombée à 50 % de ponctualité sur un mois complet ; la "
                    "moyenne du réseau se situe entre 85 % et 92 %."
                ),
                "analysis": md("""
                    Certaines journées de forte perturbation peuvent approcher ce niveau sur
                    une ligne, mais elles ne sont pas représentatives de l'année.
                """),
                "sources": ["idfm", "fi"],
                "appearances": [
                    {"path": "collectif-usagers/tract-ponctualite", "day": -12, "first": True},
                ],
            },
        ],
    },
    {
        "slug": "centre-bretagne-cooperative-suppressions-de-postes",
        "title": (
            "Centre-Bretagne : une coopérative légumière préparerait 150 suppressions de postes"
        ),
        "work_type": "news",
        "region": "bretagne",
        "tags": ["emploi", "agroalimentaire", "Côtes-d'Armor"],
        "authors": ["elise-kerbrat"],
        "status": "withdrawn",
        "timeline": {
            "created": -13,
            "submitted": -12.5,
            "verified": -12.2,
            "published": -12,
            "withdrawn": -10,
        },
        "withdrawal_reason": (
            "Le document sur lequel reposait cet article était un scénario de travail parmi "
            "d'autres, jamais présenté ni validé ; la direction et les représentants du "
            "personnel ont démenti tout projet de suppression de postes. Nous n'aurions pas dû "
            "publier sur la foi de ce seul document. Nous présentons nos excuses aux salariés "
            "et à leurs familles."
        ),
        "introduction": (
            "Selon un document interne consulté par notre rédaction, une coopérative légumière "
            "du Centre-Bretagne envisagerait de supprimer 150 postes sur ses deux sites de "
            "conditionnement d'ici la fin de l'année."
        ),
        "verified_facts": md("""
            - Le document présente un scénario de réorganisation des deux sites de
              conditionnement de la coopérative.
            - Il mentionne une réduction d'effectifs de **150 postes** sur deux ans.
        """),
        "development": md("""
            Contactée, la direction n'avait pas répondu à nos questions au moment de la
            publication. Les représentants du personnel disaient découvrir le document.
        """),
        "context": md("""
            La filière légumière bretonne traverse une période difficile, entre la hausse des
            coûts de l'énergie et la concurrence européenne.
        """),
        "quotes": [
            {
                "text": "Nous découvrons ce document et demandons des explications à la direction.",
                "speaker": "Gwenaël Rault",
                "speaker_role": "représentant du personnel au comité social et économique",
                "day": -12,
            },
        ],
        "sources": [
            {
                "key": "insee",
                "outlet": "insee",
                "kind": "data",
                "day": -60,
                "title": "Emploi salarié dans l'industrie agroalimentaire en Bretagne",
                "path": "insee/emploi-iaa-bretagne",
            },
            {
                "key": "telegramme",
                "outlet": "le-telegramme",
                "kind": "coverage",
                "day": -20,
                "title": "Légumes : la filière bretonne sous pression",
                "path": "le-telegramme/filiere-legumiere",
            },
        ],
        "claims": [],
    },
    {
        "slug": "rouen-pont-flaubert-fermetures-nocturnes",
        "title": "Rouen : le pont Flaubert fermé plusieurs nuits pour maintenance",
        "work_type": "news",
        "region": "normandie",
        "tags": ["Rouen", "routes", "travaux"],
        "authors": ["camille-le-goff"],
        "status": "draft",
        "timeline": {"created": -1},
        "introduction": (
            "Le pont Gustave-Flaubert, qui relie les deux rives de la Seine à Rouen, sera fermé "
            "à la circulation plusieurs nuits de suite pour la maintenance de sa travée levante."
        ),
        "verified_facts": md("""
            - Les fermetures auront lieu de 21 heures à 5 heures *(dates à confirmer auprès de
              la DIR Nord-Ouest)*.
            - Une déviation sera mise en place *(itinéraire à compléter)*.
        """),
        "development": "",
        "context": "",
        "quotes": [
            {
                "text": (
                    "Ces opérations sont indispensables au bon fonctionnement de la travée levante."
                ),
                "speaker": "Service communication de la DIR Nord-Ouest",
                "speaker_role": "gestionnaire du pont",
                "day": -1,
            },
        ],
        "sources": [
            {
                "key": "dir",
                "outlet": "dir-nord-ouest",
                "kind": "statement",
                "day": -1,
                "title": "Avis de fermetures nocturnes du pont Gustave-Flaubert",
                "path": "dir-nord-ouest/fermetures-pont-flaubert",
            },
        ],
        "claims": [
            {
                "label": "Fermeture du pont Flaubert pendant tout l'été",
                "statement": "Le pont Flaubert va être fermé tout l'été, bonjour les bouchons.",
                "claimant": "Groupe Facebook d'automobilistes rouennais",
                "claimant_kind": "social",
                # Not rated yet: the draft is still being checked.
                "rating": None,
                "verdict_explanation": "",
                "analysis": "",
                "sources": ["dir"],
                "appearances": [
                    {"path": "social/automobilistes-rouen/pont-flaubert", "day": -1, "first": True},
                ],
            },
        ],
    },
    {
        "slug": "amiens-taxe-sur-les-barbecues",
        "title": "Amiens : une « taxe sur les barbecues » votée par la métropole ?",
        "work_type": "factcheck",
        "region": "hauts-de-france",
        "tags": ["Amiens", "fiscalité locale", "rumeurs"],
        "authors": ["nadia-benali", "camille-le-goff"],
        "status": "submitted",
        "timeline": {"created": -1, "submitted": -0.3},
        "introduction": (
            "Une capture d'écran affirme qu'Amiens Métropole aurait voté une taxe de 50 euros "
            "par an sur les barbecues. Aucune délibération de ce type ne figure dans les "
            "comptes rendus des derniers conseils."
        ),
        "verified_facts": md("""
            - Nous avons consulté les ordres du jour et les comptes rendus des trois derniers
              conseils communautaires d'Amiens Métropole : **aucune délibération** ne porte sur
              les barbecues.
            - Une collectivité ne peut pas créer un impôt : les taxes locales sont définies par
              la loi.
            - La capture reprend la mise en page d'un site d'information parodique.
        """),
        "development": md("""
            La capture a d'abord circulé sur un réseau social, sans lien vers l'article
            d'origine. Le titre, la typographie et le logo sont ceux d'un site parodique connu,
            dont la page « À propos » précise que ses articles sont inventés.
        """),
        "context": md("""
            Les fausses taxes locales sont un classique des rumeurs estivales : taxe sur les
            piscines, sur les barbecues ou sur les chiens reviennent régulièrement.
        """),
        "quotes": [
            {
                "text": "Il n'y a pas de taxe sur les barbecues, ni votée, ni en projet.",
                "speaker": "Service de presse d'Amiens Métropole",
                "speaker_role": "communauté d'agglomération",
                "day": -1,
            },
        ],
        "sources": [
            {
                "key": "conseils",
                "outlet": "amiens-metropole",
                "kind": "document",
                "day": -15,
                "archived": True,
                "title": "Ordres du jour et comptes rendus des conseils communautaires",
                "path": "amiens-metropole/conseils-communautaires",
            },
            {
                "key": "cp",
                "outlet": "courrier-picard",
                "kind": "coverage",
                "day": -1,
                "title": "Une taxe sur les barbecues à Amiens ? La métropole dément",
                "path": "courrier-picard/taxe-barbecues",
            },
        ],
        "claims": [
            {
                "label": "Taxe annuelle de 50 euros sur les barbecues votée par Amiens Métropole",
                "statement": (
                    "Amiens Métropole vote une taxe de 50 € par an pour chaque barbecue déclaré."
                ),
                "claimant": "Capture d'un site parodique",
                "claimant_kind": "social",
                "rating": "satire",
                "verdict_explanation": (
                    "L'article d'origine vient d'un site parodique ; aucune délibération de ce "
                    "type n'a été votée."
                ),
                "analysis": md("""
                    Proposition de verdict de l'autrice, à confirmer par un éditeur avant
                    publication.
                """),
                "sources": ["conseils", "cp"],
                "appearances": [
                    {
                        "path": "social/capture-taxe-barbecues",
                        "day": -2,
                        "first": True,
                        "archived": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "secheresse-cessons-d-opposer-agriculteurs-et-vacanciers",
        "title": "Sécheresse : cessons d'opposer agriculteurs et vacanciers",
        "work_type": "opinion",
        "region": "occitanie",
        "tags": ["sécheresse", "eau", "agriculture", "tourisme"],
        "authors": ["sophie-lambert"],
        "status": "verified",
        "timeline": {"created": -2, "submitted": -1, "verified": -0.2},
        "introduction": (
            "Chaque été, le débat sur l'eau se réduit à un match entre irrigants et touristes. "
            "C'est une impasse : la ressource se joue sur toute l'année, et chacun a sa part "
            "d'effort à faire."
        ),
        "verified_facts": md("""
            Cette tribune s'appuie sur des faits vérifiés par la rédaction :

            - les restrictions d'eau sont décidées par bassin versant, selon des seuils fixés à
              l'avance ;
            - l'irrigation agricole obéit à des règles propres, organisées par tours d'eau ;
            - en été, la population présente dans certaines communes touristiques dépasse
              largement la population résidente, selon l'Insee.
        """),
        "development": md("""
            Il suffit d'un arrêté sécheresse pour que les réseaux sociaux s'enflamment : les
            uns accusent les agriculteurs d'assécher les rivières, les autres reprochent aux
            vacanciers leurs piscines et leurs douches.

            Ce match n'a pas de vainqueur. L'eau qui manque en août est celle qui n'a pas
            rechargé les nappes en hiver, et les choix qui comptent se font bien avant l'été :
            quelles cultures, quels réseaux réparés, quelles fuites colmatées.

            Plutôt que de chercher un coupable à chaque canicule, nous gagnerions à publier, et
            à lire, les volumes réellement prélevés par chacun. Les chiffres existent ; ils
            sont rarement sur la table quand le débat s'échauffe.
        """),
        "context": md("""
            Cette tribune exprime le point de vue de son autrice, éditrice à la rédaction. Les
            faits sur lesquels elle s'appuie ont été vérifiés selon notre méthode habituelle.
        """),
        "quotes": [
            {
                "text": (
                    "On nous montre du doigt dès qu'il fait chaud, alors que nous avons réduit "
                    "nos prélèvements depuis dix ans."
                ),
                "speaker": "Jean-Marc Sabatier",
                "speaker_role": "irrigant dans le Lauragais",
                "day": -2,
            },
        ],
        "sources": [
            {
                "key": "arrete",
                "outlet": "prefecture-de-la-haute-garonne",
                "kind": "document",
                "day": -2,
                "title": "Arrêté portant limitation provisoire des usages de l'eau",
                "path": "haute-garonne/arrete-secheresse",
            },
            {
                "key": "insee",
                "outlet": "insee",
                "kind": "data",
                "day": -120,
                "title": "Population présente et hébergement touristique en Occitanie",
                "path": "insee/population-presente-occitanie",
            },
            {
                "key": "depeche",
                "outlet": "la-depeche-du-midi",
                "kind": "coverage",
                "day": -2,
                "title": "Sécheresse : agriculteurs et élus appellent au calme",
                "path": "la-depeche/secheresse-appel-au-calme",
            },
        ],
        "claims": [],
    },
]

PAGES = {
    "methodology": md("""
        Nous vérifions les informations qui circulent dans nos régions : déclarations
        publiques, rumeurs, chiffres, images. Chaque vérification suit les mêmes étapes.

        ## Comment nous travaillons
        1. **Choisir** : nous vérifions ce qui circule largement ou ce qui peut avoir des
           conséquences concrètes (santé, sécurité, argent, droits).
        2. **Remonter à l'origine** : nous cherchons la première apparition de l'affirmation et
           nous l'archivons.
        3. **S'appuyer sur des sources primaires** : documents officiels, données, déclarations
           enregistrées, entretiens. Les articles d'autres médias corroborent ; ils ne
           remplacent jamais une source primaire.
        4. **Croiser** : chaque verdict s'appuie sur des sources d'au moins deux éditeurs
           distincts.
        5. **Relire à quatre yeux** : un éditeur qui n'a pas signé l'article vérifie chaque
           verdict avant publication.

        ## Nos verdicts
        Chaque affirmation reçoit un verdict de notre échelle, présentée sur cette page, avec
        une explication d'une ou deux phrases et les sources qui le justifient. Le libellé d'une
        affirmation ne contient jamais son verdict.

        ## Refaire la vérification
        Nos sources sont listées au bas de chaque article, avec leur date et, quand c'est
        possible, une copie archivée. Nos vérifications sont aussi publiées au format
        ClaimReview, lisible par les moteurs de recherche.
    """),
    "corrections_policy": md("""
        Nous nous trompons parfois. Quand c'est le cas, nous le disons clairement, vite, et sans
        effacer nos traces.

        ## Types de modifications
        - **Correction** : une erreur factuelle (un chiffre, un nom, une date). L'article est
          corrigé et une note datée indique ce qui était faux.
        - **Précision** : un passage pouvait être mal compris ; nous le reformulons et le
          signalons.
        - **Mise à jour** : un fait nouveau est survenu après la publication.

        ## Retrait d'un article
        Nous ne supprimons pas un article publié. Si ses fondements se révèlent faux, nous le
        retirons : son adresse affiche alors la raison du retrait, datée.

        ## Toutes nos corrections
        La [page des corrections](/corrections/) les recense toutes, de la plus récente à la
        plus ancienne.

        ## Nous signaler une erreur
        Écrivez-nous via la page [Contact](/pages/contact/), avec l'adresse de l'article et ce
        qui vous semble inexact. Nous répondons à chaque signalement.
    """),
    "ownership": md("""
        *Site de démonstration : l'organisation décrite ici, ses articles, les personnes citées
        et leurs propos sont fictifs.*

        Ce site est édité par « Vérifications régionales », une association à but non lucratif,
        sans actionnaire.

        ## Financement
        - les dons des lecteurs, environ 60 % des ressources ;
        - des subventions de fondations pour le journalisme, qui n'interviennent pas dans les
          choix éditoriaux ;
        - des ateliers de vérification dans des lycées et des médiathèques.

        Nous n'acceptons ni publicité ciblée, ni financement d'un parti, d'un élu ou d'une
        entreprise dont nous pourrions avoir à parler. Tout financement supérieur à
        5 000 euros par an est publié sur cette page, avec le nom du financeur.
    """),
    "team": md("""
        La rédaction réunit des correspondants en région et une cellule de vérification. Chaque
        auteur a sa page, avec sa biographie et ses articles.
    """),
    "contact": md("""
        ## Écrire à la rédaction
        redaction@example.org : nous lisons tous les messages.

        ## Signaler une erreur
        Indiquez l'adresse de l'article, le passage concerné et, si vous en avez une, la source
        qui montre l'erreur. Les corrections suivent notre
        [politique de corrections](/pages/politique-de-corrections/).

        ## Nous transmettre une information
        Pour une information sensible, n'envoyez pas de document permettant de vous
        identifier par courriel ordinaire : écrivez-nous d'abord, nous vous proposerons un
        canal plus sûr.
    """),
}


def team_page():
    """The team page: the shared intro, then every author with a link to their page."""
    lines = [PAGES["team"], ""]
    lines += [f"- [{a['name']}](/auteurs/{a['slug']}/) — {a['job_title']}" for a in AUTHORS]
    return "\n".join(lines)
