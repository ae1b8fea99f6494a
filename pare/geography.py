"""France's regions and departments (django-localflavor), each department in its current region."""

from localflavor.fr.fr_department import DEPARTMENT_CHOICES_PER_REGION
from localflavor.fr.fr_region import REGION_2016_CHOICES

# localflavor gives each department its pre-2016 region; every old region merged whole into one.
CURRENT_REGION_OF_OLD_REGION = {
    "01": "01",  # Guadeloupe
    "02": "02",  # Martinique
    "03": "03",  # Guyane
    "04": "04",  # La Réunion
    "05": "06",  # Mayotte
    "11": "11",  # Île-de-France
    "21": "44",  # Champagne-Ardenne → Grand Est
    "22": "32",  # Picardie → Hauts-de-France
    "23": "28",  # Haute-Normandie → Normandie
    "24": "24",  # Centre → Centre-Val de Loire
    "25": "28",  # Basse-Normandie → Normandie
    "26": "27",  # Bourgogne → Bourgogne-Franche-Comté
    "31": "32",  # Nord-Pas-de-Calais → Hauts-de-France
    "41": "44",  # Lorraine → Grand Est
    "42": "44",  # Alsace → Grand Est
    "43": "27",  # Franche-Comté → Bourgogne-Franche-Comté
    "52": "52",  # Pays de la Loire
    "53": "53",  # Bretagne
    "54": "75",  # Poitou-Charentes → Nouvelle-Aquitaine
    "72": "75",  # Aquitaine → Nouvelle-Aquitaine
    "73": "76",  # Midi-Pyrénées → Occitanie
    "74": "75",  # Limousin → Nouvelle-Aquitaine
    "82": "84",  # Rhône-Alpes → Auvergne-Rhône-Alpes
    "83": "84",  # Auvergne → Auvergne-Rhône-Alpes
    "91": "76",  # Languedoc-Roussillon → Occitanie
    "93": "93",  # Provence-Alpes-Côte d'Azur
    "94": "94",  # Corse
}


def regions():
    """(code, name) of today's 18 regions."""
    return list(REGION_2016_CHOICES)


def departments():
    """(code, name, current region code or None) of every department and overseas collectivity."""
    return [
        (code, name, CURRENT_REGION_OF_OLD_REGION[old] if old else None)
        for code, name, old in DEPARTMENT_CHOICES_PER_REGION
    ]
