"""The real issue of the 3rd quarter of 2023, transcribed by hand as demo content.

The seed's links were lost on export: buttons point to the homepage of the organisation concerned,
or to the e-mail address the seed gives when the action is an e-mail. Dates, times, places and
costs are fields, so the « Infos pratiques » blocks of the seed are not repeated in the texts.
"""

import datetime
import textwrap
from zoneinfo import ZoneInfo

from events.models import EventKind
from resources.models import ResourceKind


def _text(source):
    """Unwrap paragraphs written over several source lines; list and quotation lines stay apart."""
    paragraphs = []
    for block in textwrap.dedent(source).strip().split("\n\n"):
        lines = []
        for line in block.splitlines():
            line = line.strip()
            if lines and not line.startswith(("- ", "> ")):
                lines[-1] += " " + line
            else:
                lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _day(month, day):
    return datetime.date(2023, month, day)


PUBLISH_AT = datetime.datetime(2023, 10, 16, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))

SITE_PROFILE = {
    "site_name": "PARÉ contre l'exploitation sexuelle des mineurs",
    "publisher_name": "Fondation Droit d'Enfance",
    "publisher_description": _text(
        """
        Fondation de protection de l'enfance reconnue d'utilité publique depuis 1866, elle
        accueille et accompagne en Île-de-France plusieurs centaines de garçons et de filles
        placé(e)s sous sa protection par l'Aide Sociale à l'Enfance (ASE).

        Droit d'Enfance coordonne et gère également le numéro d'urgence européen 116000 Enfants
        Disparus qui apporte un soutien juridique, psychologique et social aux familles d'enfants
        disparus. Enfin, la fondation est le membre français du Service Social International
        (SSI), acteur international de la protection de l'enfance.
        """
    ),
    "publisher_url": "https://www.droitdenfance.org",
    "address": "76 avenue Pierre Brossolette, 92240 Malakoff",
    "contact_name": "Chloé Baudry",
    "contact_role": "Coordinatrice du projet PARÉ",
    "contact_email": "chloe.baudry@droitdenfance.org",
    "contact_phone": "07 61 88 58 70",
    "donation_url": "https://www.droitdenfance.org",
    "donation_email": "service.donateurs@droitdenfance.org",
}

# department: INSEE code, or None for a national organisation or one abroad.
ORGANISATIONS = [
    {
        "slug": "fondation-droit-denfance",
        "name": "Fondation Droit d'Enfance",
        "department": "92",
        "website": "https://www.droitdenfance.org",
        "description": SITE_PROFILE["publisher_description"],
    },
    {
        "slug": "child-focus",
        "name": "Child Focus",
        "abroad": "Belgique",
        "website": "https://childfocus.be",
    },
    {
        "slug": "reseau-enfants-retour",
        "name": "Réseau Enfants-Retour",
        "abroad": "Québec",
        "website": "https://www.reseauenfantsretour.ong",
    },
    {
        "slug": "mouvement-du-nid",
        "name": "Mouvement du Nid",
        "website": "https://www.mouvementdunid.org",
    },
    {
        "slug": "mouvement-du-nid-haut-rhin",
        "name": "Mouvement du Nid – délégation du Haut-Rhin",
        "department": "68",
        "website": "https://www.mouvementdunid.org",
    },
    {
        "slug": "mouvement-du-nid-sarthe",
        "name": "Mouvement du Nid – délégation de la Sarthe",
        "department": "72",
        "website": "https://www.mouvementdunid.org",
    },
    {
        "slug": "ecpat-france",
        "name": "ECPAT France",
        "website": "https://ecpat-france.fr",
    },
    {
        "slug": "ciivise",
        "name": (
            "Commission indépendante sur l'inceste et les violences sexuelles faites aux enfants"
        ),
        "acronym": "CIIVISE",
        "website": "https://www.ciivise.fr",
    },
    {
        "slug": "conseil-departemental-des-hautes-alpes",
        "name": "Conseil départemental des Hautes-Alpes",
        "department": "05",
        "website": "https://www.hautes-alpes.fr",
    },
    {
        "slug": "cnape",
        "name": "Convention nationale des associations de protection de l'enfant",
        "acronym": "CNAPE",
        "website": "https://www.cnape.fr",
    },
    {
        "slug": "cravs-bretagne",
        "name": "Centre de ressources régional sur les auteurs de violences sexuelles de Bretagne",
        "acronym": "CRAVS Bretagne",
        "department": "35",
    },
    {
        "slug": "udaf-du-nord",
        "name": "Union départementale des associations familiales du Nord",
        "acronym": "UDAF du Nord",
        "department": "59",
    },
    {
        "slug": "la-breche",
        "name": "La Brèche",
        "department": "77",
    },
    {
        "slug": "alc",
        "name": "Agir pour le lien social et la citoyenneté",
        "acronym": "ALC",
        "department": "06",
        "website": "https://www.association-alc.org",
    },
    {
        "slug": "odpe-aude",
        "name": "Observatoire départemental de la protection de l'enfance de l'Aude",
        "acronym": "ODPE de l'Aude",
        "department": "11",
        "website": "https://www.aude.fr",
    },
    {
        "slug": "lycee-saint-jacques-de-compostelle",
        "name": "Lycée Saint-Jacques-de-Compostelle",
        "department": "43",
    },
    {
        "slug": "lycee-sidoine-apollinaire",
        "name": "Lycée Sidoine Apollinaire",
        "department": "63",
        "website": "https://www.lycee-sidoine-apollinaire.fr",
    },
    {
        "slug": "althea-38",
        "name": "ALTHEA 38",
        "department": "38",
    },
    {
        "slug": "metropole-de-lyon",
        "name": "Métropole de Lyon",
        "department": "69",
        "website": "https://www.grandlyon.com",
    },
    {
        "slug": "le-relais",
        "name": "Le Relais",
        "department": "69",
    },
    {
        "slug": "akatij",
        "name": "Akatij",
        "department": "973",
        "website": "https://www.akatij.fr",
        "description": "An nou kombat ansanm tout inegalite di jodla.",
    },
    {
        "slug": "croix-rouge-francaise",
        "name": "Croix-Rouge française",
        "website": "https://www.croix-rouge.fr",
    },
    {
        "slug": "la-mist",
        "name": "Mission d'intervention et de sensibilisation contre la traite des êtres humains",
        "acronym": "La MIST",
        "website": "https://mist-association.org",
    },
    {
        "slug": "koutcha",
        "name": "Koutcha",
        "website": "https://koutcha.org",
    },
    {
        "slug": "editions-artege",
        "name": "Éditions Artège",
        "website": "https://www.editionsartege.fr",
    },
    {
        "slug": "ihemi",
        "name": "Institut des hautes études du ministère de l'Intérieur",
        "acronym": "IHEMI",
        "website": "https://www.ihemi.fr",
    },
    {
        "slug": "sup-de-pub",
        "name": "Sup de Pub",
        "website": "https://www.supdepub.com",
    },
    {
        "slug": "la-croix",
        "name": "La Croix",
        "website": "https://www.la-croix.com",
    },
    {
        "slug": "apprentis-dauteuil",
        "name": "Apprentis d'Auteuil",
        "website": "https://www.apprentis-auteuil.org",
    },
    {
        "slug": "m2pf-33",
        "name": "Maison de la prévention et protection des familles de la Gironde",
        "acronym": "M2PF 33",
        "department": "33",
        "website": "https://www.gendarmerie.interieur.gouv.fr",
    },
    {
        "slug": "gendarmerie-nationale",
        "name": "Gendarmerie nationale",
        "website": "https://www.gendarmerie.interieur.gouv.fr",
    },
    {
        "slug": "le-cri-gironde",
        "name": "Mouvement Le Cri – association départementale de la Gironde",
        "department": "33",
    },
    {
        "slug": "point-de-contact",
        "name": "Point de Contact",
        "website": "https://www.pointdecontact.net",
    },
]

# The agenda in the seed's order, which is not the order of the dates.
EVENTS = [
    {
        "slug": "webinaire-pare-echange-de-pratiques-france-belgique-quebec",
        "title": "Webinaire PARÉ consacré à un échange de pratiques France, Belgique & Québec",
        "kind": EventKind.WEBINAR,
        "first_day": _day(11, 14),
        "start_time": datetime.time(14, 30),
        "end_time": datetime.time(16, 30),
        "is_online": True,
        "online_details": "sur Teams",
        "organisers": ["fondation-droit-denfance", "child-focus", "reseau-enfants-retour"],
        "cta_label": "S'inscrire",
        "cta_url": "https://www.droitdenfance.org",
        "text": _text(
            """
            Dans le cadre du projet PARÉ contre la prostitution des mineurs, la Fondation Droit
            d'Enfance vous invite à un nouveau webinaire.

            Pour ce troisième rendez-vous de l'année, l'équipe de PARÉ a décidé d'accorder une
            attention particulière aux bonnes pratiques observées à l'étranger pour mieux
            prévenir, repérer, orienter et prendre en charge les mineurs ayant des conduites
            prostitutionnelles.

            Nous aurons le plaisir d'échanger avec nos partenaires belge, Child Focus, et
            québécois, le Réseau Enfants-Retour, qui partageront leur expertise en matière de
            lutte contre l'exploitation sexuelle des mineurs victimes.

            Ce temps d'échanges sera également l'occasion de revenir sur les actions réalisées par
            l'équipe du projet PARÉ cette année.
            """
        ),
    },
    {
        # The seed's practical information says « Mardi 14 novembre 2023 »: the heading wins.
        "slug": "projection-debat-noemie-dit-oui-mulhouse",
        "title": "Projection et ciné-débat autour du film québécois Noémie dit oui à Mulhouse",
        "kind": EventKind.SCREENING,
        "first_day": _day(10, 24),
        "start_time": datetime.time(20, 0),
        "venue": "Cinéma le Palace",
        "city": "Mulhouse",
        "department": "68",
        "is_free": True,
        "registration": "ouvertes",
        "registration_note": "sur inscription",
        "organisers": ["mouvement-du-nid-haut-rhin"],
        "cta_label": "S'inscrire",
        "cta_url": "https://www.mouvementdunid.org",
        "text": _text(
            """
            Le Mouvement du Nid du Haut-Rhin organise une projection-débat du film Noémie dit oui
            au cinéma le Palace à Mulhouse. Une autre projection aura lieu en début d'année à
            Colmar.

            Cet évènement fait suite à une journée d'étude sur la prostitution des mineures et
            jeunes majeures qui a réuni près de 100 professionnels le 2 octobre dernier à
            Mulhouse.
            """
        ),
    },
    {
        "slug": "formation-ecpat-france-paris-novembre-2023",
        "title": "Formation gratuite proposée par ECPAT France à Paris",
        "kind": EventKind.TRAINING,
        "first_day": _day(11, 6),
        "last_day": _day(11, 9),
        "city": "Paris",
        "department": "75",
        "is_free": True,
        "registration": "ouvertes",
        "registration_note": "sur inscription, à un seul module",
        "capacity": "quinze personnes au maximum par module",
        "organisers": ["ecpat-france"],
        "sessions": [
            {
                "title": "L'exploitation sexuelle des jeunes filles françaises (module 2)",
                "first_day": _day(11, 6),
                "last_day": _day(11, 7),
            },
            {
                "title": "L'exploitation sexuelle des mineurs non accompagnés (module 3)",
                "first_day": _day(11, 8),
                "last_day": _day(11, 9),
            },
        ],
        "cta_label": "S'inscrire",
        "cta_email": "gvuillard@ecpat-france.org",
        "text": _text(
            """
            Face à l'augmentation des cas de prostitution de mineurs en Île-de-France constatée
            par les professionnels de terrain et le manque d'outils pour y répondre, ECPAT France
            a mandaté le chercheur Guillaume Coron pour apporter des clés de compréhension à ces
            acteurs de l'intervention.

            Cette étude a mis en exergue les difficultés rencontrées par les acteurs de terrain à
            proposer un accompagnement adapté aux mineurs concernés, en particulier à celles et
            ceux qui ne se considèrent pas comme victimes.

            Pour répondre aux besoins qui ont émergé lors de la restitution de cette recherche,
            ECPAT France propose une série de modules de formation gratuits.

            Sous réserve de places encore disponibles, vous pouvez vous inscrire à l'un de ces
            deux modules (et uniquement à un, sur deux journées) par email auprès de Guillemette
            Villard, responsable des programmes : gvuillard@ecpat-france.org
            """
        ),
    },
    {
        "slug": "presentation-publique-rapport-ciivise-paris",
        "title": "Présentation publique du rapport de la CIIVISE à Paris",
        "kind": EventKind.PRESENTATION,
        "first_day": _day(11, 20),
        "start_time": datetime.time(13, 0),
        "end_time": datetime.time(18, 30),
        "venue": "Maison de la Radio",
        "city": "Paris",
        "department": "75",
        "organisers": ["ciivise"],
        "cta_label": "S'inscrire",
        "cta_url": "https://www.ciivise.fr",
        "text": _text(
            """
            Après trois années de travail pour organiser le recueil de témoignages de victimes et
            des conclusions intermédiaires publiées en mars 2022, la CIIVISE (Commission
            Indépendante sur l'Inceste et les Violences Sexuelles faites aux Enfants) rendra
            public son rapport et ses préconisations.

            > « Car les violences sexuelles faites aux enfants ne sont plus seulement une
            multitude d'expériences privées malheureuses, elles sont un problème collectif et
            public. Ensemble, faisons résonner les mots de celles et ceux, les victimes d'abord
            mais aussi les professionnels de l'enfance, de la justice, du soin, les journalistes,
            qui se sont engagés à nos côtés pour la protection des enfants et pour la lutte contre
            les violences sexuelles et notamment l'inceste. La lutte contre le déni doit être
            résolue et résonnante. »
            """
        ),
    },
    {
        "slug": "conference-table-ronde-prostitution-des-mineurs-gap",
        "title": (
            "Conférence et table ronde sur la prévention de la prostitution des mineurs et des "
            "jeunes majeurs à Gap"
        ),
        "kind": EventKind.CONFERENCE,
        "first_day": _day(11, 21),
        "last_day": _day(11, 23),
        "venue": "Hôtel du Département",
        "city": "Gap",
        "department": "05",
        "is_free": True,
        "registration": "ouvertes",
        "registration_note": "sur inscription",
        "organisers": ["conseil-departemental-des-hautes-alpes"],
        "cta_label": "S'inscrire",
        "cta_url": "https://www.hautes-alpes.fr",
        "text": _text(
            """
            À l'occasion de la journée internationale des droits de l'enfant du 20 novembre, le
            Conseil Départemental des Hautes-Alpes organise cette année trois jours de rencontres
            et d'animation. Au programme : des expositions, des conférences, des tables rondes,
            des spectacles et des ciné-débats sur différentes thématiques liées aux droits de
            l'enfant.

            La première journée sera consacrée à la prostitution des mineurs. Trois temps gratuits
            sont ouverts aux professionnels sur inscription.
            """
        ),
    },
    {
        "slug": "colloque-annuel-prevention-specialisee-cnape-2023",
        "title": "Colloque annuel de la prévention spécialisée à Paris",
        "kind": EventKind.SYMPOSIUM,
        "first_day": _day(11, 22),
        "last_day": _day(11, 23),
        "city": "Paris",
        "department": "75",
        "organisers": ["cnape"],
        "cta_label": "S'inscrire",
        "cta_url": "https://www.cnape.fr",
        "text": _text(
            """
            Pour son édition 2023, la CNAPE (Convention Nationale des Associations de Protection
            de l'Enfant) organise son colloque annuel de prévention spécialisée sur le thème
            « Genre et sexualité : mode d'emploi pour la prévention spécialisée ».

            > « [...] Quels sont les enjeux actuels de la sexualité des jeunes au regard
            notamment de leurs pratiques numériques ? Comment la prévention spécialisée doit-elle
            se saisir de la problématique de la prostitution des mineurs ?
            > Autant de questionnements qui seront explorés par de nombreux intervenants,
            universitaires et équipes de terrain, afin d'offrir aux professionnels du secteur des
            clés de compréhension et des outils pour mieux accompagner les jeunes et leur famille
            sur ces questions. »
            """
        ),
    },
    {
        "slug": "formation-mouvement-du-nid-clichy-novembre-2023",
        "title": "Nouvelle session de formation dispensée par le Mouvement du Nid à Clichy",
        "kind": EventKind.TRAINING,
        "first_day": _day(11, 23),
        "last_day": _day(11, 24),
        "start_time": datetime.time(9, 30),
        "end_time": datetime.time(17, 30),
        "address": "8 bis rue Dagobert",
        "city": "Clichy",
        "department": "92",
        "price": "400 € TTC par participant",
        "registration": "ouvertes",
        "registration_note": "sur bulletin d'inscription",
        "organisers": ["mouvement-du-nid"],
        "cta_label": "En savoir plus",
        "cta_email": "formation@mouvementdunid.org",
        "text": _text(
            """
            Le Mouvement du Nid organise une formation approfondie de 2 jours sur la thématique
            de la prostitution des mineurs. Celle-ci est destinée aux professionnels de
            l'action médico-sociale et de l'éducation nationale désireux de se former sur ce
            sujet.

            Ces 2 jours seront animés par Christine Blec, ex-présidente du Mouvement du Nid et
            actuellement cheffe de service en foyer éducatif dans le Bas-Rhin.

            Pour vous inscrire, merci de renvoyer le bulletin d'inscription rempli à Lina Sibi,
            responsable Formation : formation@mouvementdunid.org
            """
        ),
    },
    {
        "slug": "proces-fictif-exploitation-sexuelle-des-jeunes-le-mans",
        "title": (
            "Simulation d'un procès fictif d'assises sur l'exploitation sexuelle des jeunes et le "
            "proxénétisme au Mans"
        ),
        "kind": EventKind.MOCK_TRIAL,
        "first_day": _day(11, 24),
        "start_time": datetime.time(14, 0),
        "venue": "Salle EVE Le Mans Nord",
        "address": "avenue René Laënnec",
        "city": "Le Mans",
        "department": "72",
        "organisers": ["mouvement-du-nid-sarthe", "mouvement-du-nid"],
        "cta_label": "En savoir plus",
        "cta_url": "https://www.mouvementdunid.org",
        "text": _text(
            """
            Pour sensibiliser au phénomène de la prostitution des mineurs, le Mouvement du Nid a
            mis au point une simulation d'un procès d'assises inspiré de faits réels, dans
            laquelle interviendront des témoins, des experts, des accusés, des victimes et leurs
            avocats.

            Organisé à l'initiative de la délégation du Mouvement du Nid de la Sarthe, ce procès
            fictif fera entrer le public au cœur du système judiciaire pour révéler la réalité de
            la prostitution des mineurs, les conséquences pour les victimes et la stratégie des
            exploiteurs sexuels jugés pour proxénétisme.

            Six personnes de l'assistance seront d'ailleurs tirées au sort pour être jurés aux
            côtés des magistrats de la Cour.

            Une table ronde clôturera la manifestation avec la participation d'institutions et
            d'associations du département.
            """
        ),
    },
    {
        "slug": "colloque-adolescents-numerique-sexualite-rennes",
        "title": "Colloque « Les adolescents, le numérique et la sexualité » à Rennes",
        "kind": EventKind.SYMPOSIUM,
        "first_day": _day(12, 1),
        "venue": "Faculté de médecine de Rennes",
        "city": "Rennes",
        "department": "35",
        "organisers": ["cravs-bretagne"],
        "cta_label": "Programme et bulletin d'inscription",
        "cta_url": "https://www.ffcriavs.org",
        "text": _text(
            """
            Le CRAVS (Centre de ressources régional sur les auteurs de violences sexuelles) de
            Bretagne organise son 7ème colloque : « Les adolescents, le numérique et la
            sexualité ».

            Cette journée sera l'occasion de « s'interroger quant à l'impact de l'usage des
            technologies de communication sur le rapport à la sexualité des adolescents, sur la
            manière de vivre leur sexualité et de construire leur intimité. » Au-delà, l'objectif
            sera de « questionner des problématiques psycho-sexuelles émergentes, de nouvelles
            formes de violences sexuelles, qui sont autant d'enjeux en termes de prévention et
            d'éducation sexuelle. »
            """
        ),
    },
]

# « Actualités du réseau » in the seed's order; departments by INSEE code, none when national.
INITIATIVES = [
    {
        "slug": "nord-point-ecoute-la-boussole",
        "title": "Ouverture du Point écoute départemental « La Boussole »",
        "departments": ["59"],
        "organisations": ["udaf-du-nord"],
        "phone": "07 57 76 46 58",
        "social_network": "Snapchat",
        "social_account": "ecouteboussole",
        "text": _text(
            """
            Sous la forme d'une ligne téléphonique dédiée disponible depuis la rentrée sur
            l'ensemble du département du Nord, des travailleurs sociaux de l'équipe « La
            Boussole » à l'AGSS de l'UDAF sont dédiés à l'accompagnement des jeunes en situation
            prostitutionnelle ou à risque accru.

            Ouverte aux professionnels, jeunes, parents et familles, cette ligne téléphonique
            dédiée a pour objectif de :

            - Permettre l'entrée en relation tant des jeunes, des familles et des professionnels
            avec un professionnel formé à l'écoute active et spécialisé sur la problématique ;
            - Répondre aux questions et délivrer une première information ;
            - Offrir un espace de parole et de soutien ;
            - Orienter vers les partenaires de proximité à travers le Département ;
            - Prévenir, identifier et signaler les situations de danger.

            En complément du numéro de téléphone, un compte Snapchat est également ouvert à
            l'intention des jeunes pour faciliter l'entrée en relation.
            """
        ),
    },
    {
        "slug": "seine-et-marne-parlons-prev",
        "title": (
            "« PARLONS PREV », des temps d'échanges de pratiques entre éducateurs de prévention "
            "spécialisée"
        ),
        "departments": ["77"],
        "organisations": ["la-breche"],
        "email": "lefil.noisiel@labreche77.fr",
        "text": _text(
            """
            Depuis 2020, l'association La Brèche propose aux éducateurs de Prévention Spécialisée
            de Seine-et-Marne et des départements voisins des temps d'échanges autour des
            pratiques professionnelles. Cette action se nomme « PARLONS PREV ».

            Les éducateurs de La Brèche animent et coordonnent ces temps autour de thématiques
            diverses rencontrées dans leurs pratiques (prostitution des mineurs, accompagnement
            judiciaire des jeunes, rixes, réseaux sociaux, accompagnement des jeunes transgenre,
            etc.).

            Organisées une fois par trimestre, ces rencontres ont pour but de « renforcer les
            savoir-faire de la prévention spécialisée, son expertise, sa réactivité et sa capacité
            d'adaptation tout en affirmant son rôle de veille et d'alerte quant aux besoins
            émergents des jeunes de nos territoires. »

            La prochaine rencontre aura lieu le 15 décembre 2023 au siège de l'association La
            Brèche à Lognes (77185). Pour toutes informations complémentaires et/ou inscriptions,
            vous pouvez contacter Cécile PARÉ à l'adresse suivante : lefil.noisiel@labreche77.fr
            """
        ),
    },
    {
        "slug": "alpes-maritimes-diagnostic-maralpin-restitution",
        "title": (
            "Restitution du Diagnostic de l'exploitation sexuelle des mineurs aux fins de "
            "prostitution"
        ),
        "departments": ["06"],
        "organisations": ["alc"],
        "cta_label": "Accéder aux résultats",
        "cta_url": "https://www.association-alc.org",
        "text": _text(
            """
            L'association ALC (Agir pour le Lien social et la Citoyenneté) a lancé en mai dernier
            les travaux du « Diagnostic Maralpin de l'exploitation sexuelle des mineurs aux fins
            de prostitution ». Le but de celui-ci : évaluer les dimensions, et les
            caractéristiques du phénomène dans les Alpes-Maritimes.

            Après plusieurs mois de coordination, de récolte des données et d'analyse,
            l'association ALC et Guillaume Coron, expert, ont présenté le 5 octobre dernier la
            restitution de ce Diagnostic.

            La présentation de ces résultats a permis de mieux comprendre la nature et l'ampleur
            de ce phénomène dans les Alpes-Maritimes. La perception des jeunes sur la prostitution
            des mineurs, les besoins des professionnels pour mieux les accompagner et les
            préconisations qui en découlent ont également été un axe majeur de cette restitution.

            De nombreux échanges entre les personnes présentes (Département, État, Gendarmerie,
            OCRTEH, Éducation nationale, associations, hôpitaux, etc.), l'équipe ALC et la
            nouvelle Sous-Préfète des Alpes-Maritimes ont suivi la restitution.

            L'idée d'une instance de concertation afin de continuer d'avancer ensemble, a été
            évoquée par la Sous-Préfète.
            """
        ),
    },
    {
        "slug": "aude-premiere-journee-de-sensibilisation",
        "title": "Première journée de sensibilisation concernant la prostitution des mineurs",
        "departments": ["11"],
        "organisations": ["odpe-aude"],
        "cta_label": "En savoir plus",
        "cta_url": "https://www.aude.fr",
        "text": _text(
            """
            Dans le cadre de la contractualisation État / Département / ARS prévention et
            protection de l'enfance, un groupe de travail de l'ODPE (Observatoire Départemental de
            la Protection de l'Enfance) a été lancé sur la prostitution des mineurs dans l'Aude.

            Ce groupe de travail pluri-institutionnel composé d'une quarantaine de personnes est
            le résultat d'une collaboration entre les services du Département et ceux de la
            Préfecture de l'Aude. Constatant un manque de connaissances et de coordination entre
            les acteurs sur le sujet, le groupe de travail audois a souhaité proposer trois
            journées de sensibilisation aux acteurs de terrain potentiellement confrontés à la
            problématique de la prostitution des mineurs.

            Les services de la préfecture et ceux du Conseil Départemental de l'Aude ont lancé le
            10 octobre dernier la première session de sensibilisation, animée par l'Amicale du Nid
            de Montpellier.

            Les inscriptions pour les deux prochaines journées (en décembre et en janvier), d'ores
            et déjà complètes, sont clôturées. À noter qu'un colloque organisé lors du second
            trimestre 2024 sur cette même thématique pourra accueillir davantage de participants.
            """
        ),
    },
    {
        "slug": "haute-loire-puy-de-dome-projet-bts-esf",
        "title": (
            "« Comparaison territoriale de la problématique de la prostitution des mineurs et de "
            "sa prise en charge », un projet mené avec des étudiants de BTS"
        ),
        "departments": ["43", "63"],
        "organisations": ["lycee-saint-jacques-de-compostelle", "lycee-sidoine-apollinaire"],
        "cta_label": "En savoir plus",
        "cta_url": "https://www.ac-clermont.fr",
        "text": _text(
            """
            Deux enseignantes intervenant auprès d'étudiants en BTS ESF (brevet de technicien
            supérieur économie sociale et familiale), l'une au Puy-en-Velay, en Haute-Loire (lycée
            privé Saint-Jacques-de-Compostelle), l'autre à Clermont-Ferrand, dans le Puy-de-Dôme
            (lycée public Sidoine Apollinaire), ont mené cette année un travail autour de la
            prostitution des mineurs.

            Ce projet innovant, retenu par l'académie de Clermont-Ferrand, avait pour but d'aider
            les étudiants à comprendre comment venir en aide à ces mineurs en situation de
            vulnérabilité en développant des connaissances et des compétences adaptées.

            À la demande des étudiants impliqués dans ce travail, la poursuite de ce projet est
            prévue en 2e année de BTS ESF. En effet, il est envisagé qu'ils puissent intervenir
            auprès de lycéens ou de collégiens afin de mener des actions de sensibilisation sur
            les conduites pré-prostitutionnelles.
            """
        ),
    },
    {
        # No button: the seed's « En savoir plus » link is lost and we know of no stable address.
        "slug": "isere-lappart-althea-38",
        "title": (
            "« L'Appart », un service de l'association ALTHEA 38 dédié à la lutte contre la "
            "prostitution des mineurs"
        ),
        "departments": ["38"],
        "organisations": ["althea-38"],
        "text": _text(
            """
            Depuis avril 2023, le service l'Appart de l'association ALTHEA 38 est joignable par
            téléphone et sur les réseaux sociaux de 08h à 20h du lundi au vendredi pour les
            jeunes, leur entourage et les professionnels. Cela vient répondre aux besoins
            spécifiques des mineurs inscrits dans des conduites sexuelles à risques et
            prostitutionnelles. Être présents en dehors des horaires dits « de bureau » permet
            ainsi d'être réactifs et de faciliter la création du lien de confiance.

            L'Appart construit également un projet de prévention en milieu scolaire à destination
            des garçons d'une classe de 4ème en lien avec le Collège Aimé Césaire et la Maison des
            Femmes de l'Isère. L'objectif : mettre au travail les représentations liées à la
            virilité, travailler à l'identification des émotions et au développement de
            l'empathie afin de susciter une réflexion concernant les rapports de genre dans la vie
            en société.

            En moins d'un an, environ 400 professionnels venant de différentes structures ont
            participé à un temps de sensibilisation sur le phénomène prostitutionnel des mineurs
            proposé par l'équipe du service l'Appart. L'objectif de ces temps : travailler à la
            déconstruction des représentations sur le sujet afin de faciliter la compréhension et
            ainsi le repérage, la protection et l'orientation des mineurs concernés.
            """
        ),
    },
    {
        "slug": "rhone-inauguration-lilot",
        "title": (
            "Inauguration de « L'Ilot », un service à destination de six adolescentes en "
            "situation de grande vulnérabilité"
        ),
        "departments": ["69"],
        "organisations": ["metropole-de-lyon", "le-relais"],
        "cta_label": "En savoir plus",
        "cta_url": "https://www.grandlyon.com",
        "text": _text(
            """
            Depuis plusieurs années, la Métropole de Lyon et l'association le RELAIS travaillent
            en synergie autour de la prostitution des mineurs. Des temps de réflexion sur les
            actions à mener via des groupes de travail ont alors été mis en place et se sont
            structurés au fil des années, permettant une large concertation d'acteurs : Métropole
            de Lyon, Secteur Associatif, Parquet des mineurs, Amicale du Nid, Éducation
            Nationale, DDSP, DTPJJ etc.

            Ce travail a également permis de faire évoluer l'offre d'accueil en protection de
            l'enfance.

            Ainsi, les 22 places du foyer ANEF touché de plein fouet dès 2018 par le phénomène de
            la prostitution des mineurs ont pu être redéployées en 3 dispositifs :

            - L'ILOT, inauguré le 11 octobre dernier, qui fait l'objet d'une habilitation conjointe
            entre les services de l'ASE et la PJJ, accueille 6 adolescentes, au parcours de vie
            marqué par l'errance et pour certaines par la prostitution, qui bénéficient de
            l'accompagnement de sept éducateurs.
            - La Boussole, dispositif accueillant 8 adolescentes au sein de logement diffus.
            - Le foyer ANEF, dont la capacité a été baissée à 12 places, donnant lieu à un
            accompagnement plus qualitatif.
            """
        ),
    },
    {
        "slug": "guyane-sensibilisation-risque-prostitutionnel-akatij",
        "title": (
            "Des actions de sensibilisation au risque prostitutionnel auprès des jeunes de 12 à "
            "25 ans"
        ),
        "departments": ["973"],
        "organisations": ["akatij"],
        "cta_label": "En savoir plus",
        "cta_url": "https://www.akatij.fr",
        "text": _text(
            """
            Lauréate de l'appel à projet 2022 émis par la DGCS pour le déploiement de structures
            spécialisées dans la prévention, le repérage et l'accompagnement des situations de
            prostitution de mineurs, l'association guyanaise Akatij (An nou kombat ansanm tout
            inegalite di jodla) élabore un programme d'actions de sensibilisation sur la vie
            affective, sexuelle et le risque prostitutionnel auprès des jeunes de 12 à 25 ans.

            Les équipes jeunesse et famille (prévention spécialisée et PAEJ) construisent des
            animations variées, collectives ou individuelles, pensées dans une démarche
            pédagogique et participative.

            Exemple d'animation : À l'aide du michetomètre, les participants sont invités à
            hiérarchiser des actions sur une flèche graduée selon qu'il s'agisse d'une relation de
            couple saine, de prostitution ou de proxénétisme.

            Ces animations et les débats qui en découlent, entre pairs, sont vecteurs de
            réflexion, de remise en question et d'ajustement pour les jeunes.
            """
        ),
    },
    {
        "slug": "martinique-premieres-rencontres-accompagnement-victimes",
        "title": "Premières rencontres pour l'accompagnement des victimes de prostitution",
        "departments": ["972"],
        "organisations": ["croix-rouge-francaise"],
        "cta_label": "Découvrir le programme",
        "cta_url": "https://www.croix-rouge.fr",
        "text": _text(
            """
            Jeudi 28 septembre 2023, la Croix-Rouge française en Martinique accompagnée de la
            préfecture, de l'Agence Régionale de Santé et de leurs partenaires a donné le coup
            d'envoi des premières rencontres pour l'accompagnement des victimes du système
            prostitutionnel aux Antilles-Guyane.

            Ce séminaire de deux jours avait pour but d'apporter aux 200 professionnels présents
            des clés de compréhension sur le système prostitutionnel, ses conséquences,
            l'accompagnement des victimes du système prostitutionnel et un état des lieux dans
            les Caraïbes et le monde.

            Plusieurs ateliers thématiques ont permis aux participants d'enrichir leurs réflexions
            sur la prostitution et l'immigration, l'accès aux droits, la prise en soins, la
            parentalité ou encore comment sortir de la prostitution par l'insertion
            professionnelle.
            """
        ),
    },
    {
        "slug": "la-mist-pole-ressources-victimes-de-traite",
        "title": (
            "La MIST : un pôle ressources pour les victimes de traite et les professionnels qui "
            "les accompagnent ou les rencontrent"
        ),
        "departments": [],
        "organisations": ["la-mist"],
        "cta_label": "En savoir plus",
        "cta_url": "https://mist-association.org",
        "text": _text(
            """
            Créée en janvier 2020 par une équipe pluridisciplinaire de professionnels déjà
            aguerris aux problématiques de la lutte contre la traite des êtres humains, la MIST
            (Mission d'intervention et de sensibilisation contre la traite des êtres humains) est
            la première association de femmes victimes de traite en France : la moitié du conseil
            d'administration est constituée de femmes ayant été victimes de traite alors qu'elles
            étaient mineures.

            Cette année, grâce aux financements de la DGCS, la MIST a lancé « Entre Pairs », un
            projet qui vise la promotion de la pair-aidance auprès des jeunes mineures au sein
            d'un collectif de lutte contre l'exploitation sexuelle.

            Objectifs :

            - Promouvoir l'accueil et le co-accompagnement personnalisé des mineures en situation
            prostitutionnelle par des pair-aidantes de la Mist.
            - Favoriser la mobilisation de leurs droits en matière de protection et/ou d'accès à
            la justice.
            - Promouvoir la participation de ces jeunes à des groupes de parole animés par des
            pair-aidantes de la Mist.
            - Monter en compétences les pair-aidantes en matière d'accueil et d'accompagnement des
            jeunes mineures victimes d'exploitation sexuelle.

            Enregistrée sur la liste des administrateurs ad hoc auprès de la Cour d'Appel de
            Paris, la MIST soutient également les victimes mineures devant la justice. Fin
            septembre, les parties civiles du procès en appel du proxénète Omos Wiseborn ont été
            auditionnées par la Cour d'Appel de Créteil. Toutes membres de la MIST, elles sont
            mobilisées dans cette procédure depuis 7 ans.
            """
        ),
    },
    {
        "slug": "koutcha-anniversaire-ouverture-du-centre",
        "title": (
            "Anniversaire de la date d'ouverture du centre Koutcha, premier en France dédié à la "
            "protection des mineurs victimes de traite"
        ),
        "departments": [],
        "organisations": ["koutcha"],
        "happened_on": _day(10, 18),
        "cta_label": "En savoir plus",
        "cta_url": "https://koutcha.org",
        "text": _text(
            """
            Cela fait deux ans que l'association Koutcha a ouvert le premier centre en France
            dédié à la protection des mineurs victimes de traite des êtres humains, grâce au
            soutien de fondations, d'associations et des services de l'ASE et grâce à l'appui
            déterminant de la PJJ. Le centre peut accueillir jusqu'à six mineurs victimes de
            traite des êtres humains, nécessitant un placement éloigné et un accompagnement
            spécialisé. L'accueil est mixte et se déroule sur une période de six mois,
            renouvelable une fois.

            Depuis le 18 octobre 2021, 24 mineurs victimes de traite des êtres humains ont été
            hébergés au centre Koutcha et ont bénéficié d'un accompagnement global (éducatif,
            scolaire, sanitaire psychologique juridique et judiciaire) individualisé. Pour mieux
            répondre aux besoins de ces mineurs et aux dynamiques de groupe toujours différentes,
            l'équipe a adapté son mode de fonctionnement au fil du temps et de l'arrivée de
            nouveaux jeunes.

            Au cours de ces deux ans, 17 autres mineurs victimes ont bénéficié d'un accueil et
            d'un accompagnement auprès de structures partenaires du réseau national Satouk, que
            l'association Koutcha développe et renforce, grâce au soutien financier de la DGCS et
            au soutien de la MIPROF. Le réseau se compose désormais de 14 structures d'accueil et
            13 conventions de partenariat sont en cours de finalisation, dont deux avec des
            départements. Les partenaires (lieux de vie, MECS, FJT, Centres maternels…) ne sont
            pas spécialisés dans l'accueil des mineurs victimes de traite, mais le personnel est
            formé et un soutien de l'équipe de l'association Koutcha est assuré tout au long de la
            prise en charge des mineurs.
            """
        ),
    },
]

# « Ressources » in the seed's order; `summary` is the quoted « Résumé », without its « ».
RESOURCES = [
    {
        "slug": "livre-violences-sexuelles-entre-mineurs-artege",
        "kind": ResourceKind.BOOK,
        "title": (
            "Parution de « Violences sexuelles entre mineurs : agir, prévenir, guérir » aux "
            "éditions Artège"
        ),
        "authors": "Olivia Sarton et Claire de Gatellier (dir.)",
        "publisher": "Éditions Artège",
        "organisations": ["editions-artege"],
        "cta_label": "Découvrir",
        "cta_url": "https://www.editionsartege.fr",
        "text": _text(
            """
            L'ouvrage « Violences Sexuelles entre mineurs. Agir prévenir et guérir...les
            spécialistes répondent » vient d'être publié aux éditions Artège sous la direction de
            Olivia Sarton et Claire de Gatellier.
            """
        ),
        "summary": _text(
            """
            Agir, prévenir, guérir, tel est l'esprit de cet ouvrage qui aborde la délicate
            question du traitement des violences sexuelles commises entre mineurs. Face à ces
            situations mal connues et taboues, qui heurtent de front la vision commune de
            l'innocence de l'enfance, l'adulte peine à trouver la réponse ajustée : quand et
            comment doit-on réagir, alerter voire saisir la justice, comment accompagner les
            jeunes victimes, peut-on prévenir ces violences… ?

            Cet ouvrage répond aux nombreuses questions que se posent les adultes confrontés aux
            abus sexuels entre mineurs, avec pragmatisme, sans dogmatisme ni visée moralisatrice.
            Les auteurs que réunit ce livre ont tous développé une expertise dans ce domaine
            difficile. Forts de leur expérience à la fois juridique et psychologique, ils
            proposent des repères, des clés d'analyse et des conseils concrets pour tous ceux qui
            se trouvent au contact d'enfants, parents, enseignants, éducateurs, et qui veulent
            comprendre et agir. Un regard lucide ouvrant, malgré tout, des chemins d'espérance.
            """
        ),
    },
    {
        "slug": "replay-ihemi-exploitation-sexuelle-des-mineurs",
        "kind": ResourceKind.REPLAY,
        "title": (
            "Les rendez-vous de la recherche de l'IHEMI consacré à « L'exploitation sexuelle des "
            "mineurs »"
        ),
        "authors": "Myriam Kebani et Katia Baudry",
        "publisher": "IHEMI",
        "organisations": ["ihemi"],
        "cta_label": "Accéder au replay",
        "cta_url": "https://www.ihemi.fr",
        "text": _text(
            """
            Le rendez-vous de la recherche de l'IHEMI (Institut des hautes études du ministère de
            l'Intérieur) de septembre 2023 était consacré à l'exploitation sexuelle des mineurs.
            Cette rencontre mensuelle entre praticiens et chercheurs avait vocation à tracer les
            contours du phénomène, en particulier ses déclinaisons contemporaines, et à esquisser
            des pistes de réponse.
            """
        ),
        "summary": _text(
            """
            Myriam Kebani, journaliste et réalisatrice, y présente les sources d'influence
            numérique qui facilitent à la fois l'initiative personnelle en matière de prostitution
            et l'entrée en contact avec d'autres personnes qui pourraient être de potentiels
            futurs proxénètes. Sa présentation s'axe ensuite sur les moyens pour lutter contre ce
            phénomène, notamment via une mobilisation des jeunes dans les campagnes de prévention.

            Katia Baudry, docteure en sciences sociales et cheffe du service ASTHERIIA à
            l'Association Aurore, y aborde notamment les milieux socio-économiques et les parcours
            favorables à la prostitution des mineurs. Son étude, notamment basée sur de courts
            entretiens avec 5000 collégiens, révèle une représentation biaisée du consentement.
            [...]
            """
        ),
    },
    {
        "slug": "podcast-les-dessous-donlyfans-sup-de-pub",
        "kind": ResourceKind.PODCAST,
        "title": "« Les dessous d'OnlyFans » réalisé par des étudiants de Sup de Pub",
        "authors": (
            "Erwan Poussier, Aurélien Vantroyen, Léane Pouhal, Clarisse Vuaroqueaux, Pauline "
            "Monteiro et Elina Verepla"
        ),
        "publisher": "Sup de Pub",
        "organisations": ["sup-de-pub"],
        "cta_label": "Écouter le podcast",
        "cta_url": "https://www.supdepub.com",
        "text": _text(
            """
            Pour ce nouvel épisode du podcast Marqueurs, sept étudiants en école de communication
            ont décidé de se pencher sur le réseau social OnlyFans.

            Cet épisode est proposé par Erwan Poussier, Aurélien Vantroyen, Léane Pouhal, Clarisse
            Vuaroqueaux, Pauline Monteiro et Elina Verepla, étudiants à Sup de Pub.

            « Les dessous d'ONLY FANS » s'inscrit dans le cadre du projet Marqueurs de Safia Caré,
            pour faire entendre la voix des étudiants et leur donner à questionner les médias et
            le métier de communicants. Cette saison 2 de Marqueurs est réalisée en partenariat
            avec Sup de Pub.
            """
        ),
        "summary": _text(
            """
            Lancée en 2016, le principe de la plateforme britannique est simple : pour accéder au
            compte des créateurs, il suffit de payer. Un abonnement mensuel et davantage pour des
            contenus exclusifs. À l'instar de son homologue français Mym, OnlyFans est truffé de
            contenus érotiques et pornographiques. Monétiser nos corps. Générer des revenus
            rapidement. Quelles conséquences pour les créateurs de contenus et pour ceux qui y
            sont exposés (notamment les personnes mineures qui “officiellement” n'ont pas accès à
            la plateforme) ?
            """
        ),
    },
    {
        "slug": "enquete-la-croix-recit-de-bao",
        "kind": ResourceKind.SURVEY,
        "title": (
            "« Prostitution des mineurs : le récit de Bao, 16 ans, de l'enfer à la "
            "reconstruction » publié dans le journal La Croix"
        ),
        "authors": "Rémi Barbet",
        "publisher": "La Croix",
        "organisations": ["la-croix"],
        "cta_label": "Écouter le podcast",
        "cta_url": "https://www.la-croix.com",
        "text": _text(
            """
            Rémi Barbet, journaliste à La Croix L'Hebdo, a recueilli le témoignage d'une
            adolescente qui s'est fait happer par un réseau de prostitution. En retraçant son
            parcours, il souhaitait comprendre comment une jeune fille a pu se retrouver prise
            dans un tel piège.

            Le podcast « L'envers du récit » (saison 6, épisode 12) est disponible gratuitement.

            L'enquête dans son intégralité est réservée aux abonnés du journal La Croix.
            """
        ),
        "summary": _text(
            """
            En mars 2023, il a rencontré Bao, une adolescente qui, à l'âge de 16 ans, a été
            contrainte de vendre son corps à des inconnus. La jeune fille a accepté de lui
            raconter son histoire, marquée par la violence et l'emprise psychologique. Le récit de
            Bao met en lumière les mécanismes insidieux qui peuvent pousser des mineurs à se
            prostituer, un phénomène aujourd'hui exacerbé par l'usage des réseaux sociaux.
            """
        ),
    },
    {
        "slug": "enquete-barometre-apprentis-dauteuil-16-20-ans",
        "kind": ResourceKind.SURVEY,
        "title": (
            "Focus sur la vie affective relationnelle et sexuelle des jeunes (16-20 ans) avec les "
            "Apprentis d'Auteuil"
        ),
        "publisher": "Apprentis d'Auteuil",
        "organisations": ["apprentis-dauteuil"],
        "released_on": _day(10, 12),
        "cta_label": "Lire l'enquête",
        "cta_url": "https://www.apprentis-auteuil.org",
        "text": _text(
            """
            Pour sa 4ème édition, le Baromètre de l'éducation d'Apprentis d'Auteuil, publié le 12
            octobre 2023, s'est penché sur la vie affective, relationnelle et sexuelle des 16-20
            ans.

            L'intégralité du baromètre est à retrouver ci-dessous.
            """
        ),
        "summary": _text(
            """
            Oui, les 16-20 ans veulent une vie affective et sexuelle épanouie. Oui, ils
            considèrent le bonheur comme un idéal accessible. Pourtant, le sondage réalisé par
            Opinion Way montre une tout autre réalité. Peu ou mal informés sur les questions
            affectives, relationnelles et sexuelles, les jeunes cherchent des réponses
            essentiellement auprès de leurs proches ou de leurs amis. Leur notion du consentement
            est pour le moins floue, avec des différences notables qu'on soit fille ou garçon.
            Leur vie sociale et amoureuse est fortement impactée par les réseaux sociaux. Ils sont
            également exposés aux vidéos pornographiques (60% avant 15 ans) dont les modèles
            véhiculent des violences sexistes et sexuelles. 55% des filles et 20% des garçons ont
            subi au moins une violence sexuelle ou sexiste de la part d'un autre jeune. [...]
            """
        ),
    },
    {
        # The seed gives no button for this tool.
        "slug": "outil-m2pf-33-mineur-de-retour-de-fugue",
        "kind": ResourceKind.TOOL,
        "title": (
            "« Comprendre et accompagner le mineur de retour de fugue sur le risque "
            "prostitutionnel », une action menée par les gendarmes de la M2PF 33"
        ),
        "publisher": "Gendarmerie nationale",
        "organisations": ["m2pf-33", "gendarmerie-nationale", "le-cri-gironde"],
        "text": _text(
            """
            En partenariat avec le Mouvement Le Cri, association départementale de la Gironde, et
            les autres associations œuvrant dans le champ de la lutte contre la prostitution des
            mineurs, les gendarmes de la M2PF 33 (Maison de la Prévention et Protection des
            Familles) ont créé des outils permettant aux enquêteurs d'être accompagnés lors des
            auditions d'un mineur à son retour de fugue.

            Partant du constat que la fugue est l'expression d'un mal-être pouvant cacher une
            activité prostitutionnelle et qu'il est difficile pour les enquêteurs d'orienter
            l'échange avec les mineurs revenant de fugue, ils ont conçu des modèles de deux
            procès-verbaux d'auditions, l'un pour les auditions des civilement responsables,
            l'autre pour les auditions des mineurs.

            Ces grilles présentent des items utiles (contexte de la fugue, éléments sur son vécu,
            évènements traumatiques, comportement psycho-social, ...) pour guider l'enquêteur à
            travers le recueil de la parole des parties. La M2PF 33 a d'ailleurs participé au Prix
            de l'innovation de la Gendarmerie 2023, qui autorise la duplication de ces outils au
            niveau national.

            Une fiche listant les différents signaux d'alerte qui laissent soupçonner une
            activité de prostitution a également été mise à disposition des gendarmes.

            Désignée service incontournable pour les retours de fugue inquiétants de mineurs, la
            M2PF 33 mène également des séances de sensibilisation auprès des militaires du
            groupement départemental de gendarmerie de la Gironde.
            """
        ),
    },
    {
        "slug": "livre-blanc-point-de-contact-signalements-contenus-illicites",
        "kind": ResourceKind.TOOL,
        "title": (
            "Livre blanc relatif au traitement des signalements de contenus illicites par "
            "l'association Point de Contact"
        ),
        "publisher": "Point de Contact",
        "organisations": ["point-de-contact"],
        "released_on": _day(10, 18),
        "cta_label": "Découvrir le livre blanc",
        "cta_url": "https://www.pointdecontact.net",
        "text": _text(
            """
            Le 18 octobre 2023, Point de Contact publie la 3ème édition du Livre Blanc relatif au
            traitement des signalements de contenus illicites et à la protection des
            professionnels du secteur Trust & Safety.

            Cette nouvelle actualisation du texte s'inscrit dans la dynamique de
            responsabilisation des acteurs du monde numérique, tant sur le plan de la régulation
            des contenus et des comportements en ligne que sur celui de la prise en charge des
            besoins spécifiques de ces corps de métier.

            > « À l'aune d'un élan de normalisation et d'harmonisation des pratiques qui
            s'accélère dans le secteur numérique, ce document a pour ambition de proposer un socle
            commun de bonnes pratiques professionnelles en matière de traitement opérationnel des
            contenus choquants et potentiellement illicites. Au cœur de cette démarche se trouve
            la sécurité physique et l'équilibre psychologique des professionnels, en première
            ligne pour nous protéger. »
            """
        ),
    },
]

ISSUE = {
    "year": 2023,
    "quarter": 3,
    "introduction": _text(
        """
        Dans cette newsletter dédiée à la lutte contre la prostitution des mineurs, vous trouverez
        les différents évènements à venir ainsi que les projets, ressources et outils développés
        sur l'ensemble du territoire. Celle-ci est le fruit d'une veille quotidienne et de vos
        retours de terrain. N'hésitez pas à la partager largement !
        """
    ),
}
