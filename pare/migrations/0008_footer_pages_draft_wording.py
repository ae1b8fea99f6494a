"""The footer's three pages, with a complete draft wording staff then adapt in the admin.

The publisher's name, address and contact come from the site profile, which each page shows
under its text; « [à compléter : …] » marks what only the organisation can say.
"""

from django.db import migrations

LEGAL_NOTICE = """\
Le présent site est édité par l'organisation dont le nom, l'adresse et le contact figurent en bas de cette page et dans le pied de chaque page.

## Éditeur

- Forme juridique : [à compléter : fondation reconnue d'utilité publique, association…]
- Siège : voir l'adresse ci-dessous
- Numéro SIREN ou RNA : [à compléter]

## Direction de la publication

[à compléter : nom et fonction de la personne responsable de la publication]

## Hébergement

[à compléter : nom de l'hébergeur, adresse postale et numéro de téléphone, comme l'exige l'article 6 de la loi n° 2004-575 du 21 juin 2004 pour la confiance dans l'économie numérique]

## Contenus

Les événements, initiatives et ressources sont rédigés par l'équipe à partir des informations transmises par les structures du réseau, qui restent responsables des informations pratiques qu'elles communiquent (dates, lieux, tarifs, inscriptions). Une erreur ? Écrivez-nous : nous corrigeons au plus vite.

Les liens vers d'autres sites sont fournis pour information ; l'éditeur ne répond pas de leur contenu.

## Propriété intellectuelle

Les textes de ce site peuvent être cités brièvement, avec la mention de leur source et un lien vers la page citée. Les images restent la propriété de leurs auteurs ou des structures qui les ont confiées : toute autre reproduction demande leur accord.

Fonds de carte : contours des départements de métropole d'après MapSVG, sous licence Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/deed.fr), simplifiés ; contours des départements d'outre-mer d'après Natural Earth, dans le domaine public.

## Signaler un contenu

Pour signaler un contenu illicite ou une information qui met une personne en danger, écrivez au contact ci-dessous en précisant l'adresse de la page concernée."""

PERSONAL_DATA = """\
Ce site et la lettre d'information traitent aussi peu de données personnelles que possible. Cette page dit lesquelles, pourquoi, combien de temps et comment exercer vos droits, conformément au règlement général sur la protection des données (RGPD) et à la loi Informatique et libertés.

## Responsable du traitement

L'organisation éditrice du site, dont le nom, l'adresse et le contact figurent en bas de cette page.

Délégué ou déléguée à la protection des données : [à compléter : nom ou service, et adresse e-mail]

## Abonnés à la lettre d'information

- Données : votre adresse e-mail, la date et la page de votre inscription, la date de votre confirmation et, si vous la choisissez, votre région.
- Finalité : vous envoyer la lettre trimestrielle, en commençant par votre territoire.
- Base légale : votre consentement, donné en cochant la case du formulaire puis confirmé par le lien reçu par e-mail.
- Durée : tant que vous êtes abonné. Après une désinscription, l'adresse est seulement gardée marquée « désinscrite », pour ne plus jamais vous écrire, pendant [à compléter : par exemple trois ans] ; une inscription jamais confirmée est effacée après [à compléter : par exemple trente jours].
- Chaque lettre contient un lien de désinscription en un clic.

## Personnes qui proposent un événement, une initiative ou une ressource

- Données : votre nom, votre adresse e-mail, votre structure et le contenu proposé.
- Finalité : examiner la proposition, vous poser des questions et vous dire ce qu'il en advient.
- Base légale : l'intérêt légitime du réseau à faire connaître les actions de ses membres.
- Durée : [à compléter : par exemple un an après la décision] ; une fois publiée, l'entrée ne montre que ce qui est public (jamais votre adresse e-mail personnelle, sauf si vous la donnez comme contact).

## Équipe (comptes d'administration)

- Données : nom, adresse e-mail, empreinte du mot de passe (jamais le mot de passe lui-même), secret de double authentification, historique des modifications apportées aux contenus, et adresse IP des tentatives de connexion.
- Finalité : la sécurité du site et la traçabilité des publications.
- Base légale : l'intérêt légitime de l'éditeur à protéger le site.
- Durée : le temps du compte ; l'historique des modifications est conservé [à compléter : par exemple cinq ans] ; les tentatives de connexion sont oubliées [à compléter].

## Visiteurs du site

Le site n'utilise ni mesure d'audience, ni publicité, ni bouton de réseau social, ni aucun traceur. La carte des départements est dessinée par le site lui-même : elle n'appelle aucun service extérieur. Seuls des cookies techniques, exemptés de consentement, servent à protéger les formulaires et à garder l'équipe connectée.

Le serveur garde un journal technique des connexions (adresse IP, date, page demandée) pendant [à compléter : un an au plus], pour la sécurité du site.

## Destinataires

Seule l'équipe du réseau accède à ces données. Elles sont confiées, pour le seul besoin du service, à l'hébergeur du site et au service d'envoi des e-mails : [à compléter : noms des prestataires et pays où les données sont stockées]. Elles ne sont ni vendues ni cédées.

## Vos droits

Vous pouvez accéder à vos données, les faire rectifier ou effacer, vous opposer à leur traitement, en demander la limitation ou la portabilité, et retirer votre consentement à tout moment (pour la lettre, par le lien de désinscription). Écrivez au contact ci-dessous ; nous répondons dans un délai d'un mois.

Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la Commission nationale de l'informatique et des libertés (CNIL) : https://www.cnil.fr/fr/plaintes, ou par courrier à la CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07."""

ACCESSIBILITY = """\
L'éditeur s'engage à rendre son site accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au présent site, lettre d'information en ligne comprise.

## État de conformité

Le site est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.2 : les tests ci-dessous n'ont relevé aucune non-conformité, mais aucun audit complet du RGAA n'a encore été mené. [à compléter après audit : taux de conformité et date de l'audit]

## Comment le site a été testé

- À chaque version, un test automatique (axe-core) vérifie chaque sorte de page publique au regard des WCAG 2.1, niveaux A et AA, qui fondent le RGAA.
- Des scénarios sont joués dans un vrai navigateur au clavier seul : filtrer l'agenda, choisir un département sur la carte, ouvrir un événement et l'ajouter à son agenda.
- L'affichage est vérifié à 320, 375 et 1 280 pixels de large, sans défilement horizontal.
- [à compléter : tests avec lecteurs d'écran, par exemple NVDA avec Firefox et VoiceOver avec Safari]

Technologies utilisées : HTML, CSS, SVG pour la carte ; JavaScript n'est jamais nécessaire (il ne sert qu'à resserrer la liste des départements sur la région choisie).

## Contenus non accessibles et exceptions connues

- Les images confiées par les partenaires portent un texte alternatif rédigé par l'équipe, qui peut rester succinct.
- Les documents vers lesquels pointent certains boutons (programmes, bulletins d'inscription, flyers) sont publiés par les partenaires sur leurs propres sites et ne sont pas toujours accessibles : demandez-nous une version accessible, nous la réclamerons.
- La carte des départements donne ses chiffres par les couleurs : le nom de chaque département et son chiffre sont lus par les lecteurs d'écran, et un tableau sous la carte donne les mêmes chiffres.
- [à compléter : toute autre non-conformité relevée]

## Établissement de cette déclaration

Cette déclaration a été établie le [à compléter : date], à partir des tests décrits ci-dessus.

## Retour d'information et contact

Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez au contact ci-dessous : nous vous indiquerons une autre façon d'y accéder et nous corrigerons le défaut.

## Voies de recours

Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez :

- écrire un message au Défenseur des droits : https://formulaire.defenseurdesdroits.fr/
- contacter le délégué ou la déléguée du Défenseur des droits de votre région : https://www.defenseurdesdroits.fr/saisir/delegues
- envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris Cedex 07"""

PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "Qui édite ce site, qui l'héberge, et à quelles conditions ses contenus peuvent être repris.",
        LEGAL_NOTICE,
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Les données que le site et la lettre traitent, pourquoi, combien de temps, et vos droits.",
        PERSONAL_DATA,
    ),
    (
        "accessibilite",
        "Accessibilité",
        "La déclaration d'accessibilité du site : conformité au RGAA, tests, exceptions, recours.",
        ACCESSIBILITY,
    ),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pare", "Page")
    for kind, title, summary, body in PAGES:
        Page.objects.get_or_create(kind=kind, defaults={"title": title, "summary": summary, "body": body})


def remove_pages(apps, schema_editor):
    apps.get_model("pare", "Page").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pare", "0007_footer_pages"),
    ]

    operations = [migrations.RunPython(create_pages, remove_pages)]
