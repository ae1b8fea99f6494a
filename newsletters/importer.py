"""Bring a past issue in from the old site: its text export, or its HTML page, as drafts.

The export has a structure, not fixed strings: a title with the quarter, an introduction, the
AGENDA / ACTUALITÉS / RESSOURCES sections, one « prefix : title » heading per entry, « Infos
pratiques » lines marked 📅 🕘 📍 💳, a button label on a line of its own, « Image retirée. »
where an image was, and the footer. What cannot be read, or is read twice differently, becomes a
review note on the entry (which then cannot be published): nothing is guessed silently.
"""

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.dates import MONTHS
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Event, EventKind, EventOrganiser, Session
from news.models import Initiative, InitiativeOrganisation
from newsletters.models import SECTIONS, Issue
from pare.collation import fold
from pare.communes import find_commune, place_key
from pare.dates import date_range, long_date
from pare.models import Department, Organisation, Region, Status
from resources.models import Resource, ResourceKind, ResourceOrganisation

MAX_BYTES = 2 * 1024 * 1024
IMAGE_MARKER = "Image retirée."

PRACTICAL_DAYS, PRACTICAL_TIME, PRACTICAL_PLACE, PRACTICAL_COST = "📅", "🕘", "📍", "💳"
PRACTICAL = (PRACTICAL_DAYS, PRACTICAL_TIME, PRACTICAL_PLACE, PRACTICAL_COST)
SNAPCHAT = "👻"

# Words of an event's title that say its kind, the first one in the title wins.
EVENT_KIND_WORDS = {
    EventKind.WEBINAR: ("webinaire",),
    EventKind.TRAINING: ("formation",),
    EventKind.SYMPOSIUM: ("colloque", "congres"),
    EventKind.CONFERENCE: ("conference",),
    EventKind.ROUND_TABLE: ("table ronde",),
    EventKind.SCREENING: ("projection", "cine-debat", "cine debat"),
    EventKind.MOCK_TRIAL: ("proces fictif",),
    EventKind.PRESENTATION: ("presentation",),
}

WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
MONTH_NUMBERS = {fold(name): number for number, name in MONTHS.items()}
MONTH = "(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + ")"
DAY = r"(\d{1,2})(?:er)?"
YEAR = r"(?:\s+(\d{4}))?"
SINGLE_DAY = re.compile(rf"^{DAY}\s+{MONTH}{YEAR}$")
DAY_RANGE = re.compile(
    rf"^(?:du\s+)?{DAY}(?:\s+{MONTH}{YEAR})?\s+(au|et|-|a)\s+(?:{WEEKDAY}\s+)?{DAY}\s+{MONTH}{YEAR}$"
)
NUMERIC_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
QUARTER = re.compile(
    r"\b(1|2|3|4|premier|deuxieme|second|troisieme|quatrieme)\s*(?:er|ere|e|eme|nd)?"
    r"\s+trimestre\s+(\d{4})\b"
)
QUARTER_WORDS = {"premier": 1, "deuxieme": 2, "second": 2, "troisieme": 3, "quatrieme": 4}
TIME = re.compile(r"(\d{1,2})\s*h\s*(\d{2})?")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d+])(?:\+33\s?|0)([1-9](?:[\s.-]?\d{2}){4})(?!\d)")
HANDLE = re.compile(r"(?:👻|@)\s*([\w.-]{2,})")
STREET = re.compile(
    r"(?:\b\d+\s*(?:bis|ter)?,?\s+)?\b(?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|"
    r"quai|route|cours|square|esplanade|parvis)\b",
    re.IGNORECASE,
)
HEADING = re.compile(r"^([^:]{1,80}?)\s*:\s+(\S.*)$")
HEADING_CITY = re.compile(r"\s(à|au|aux)\s+(\S+(?:\s+\S+){0,3})$")
BY_ORGANISATION = re.compile(
    r"\b(?:(?:propos|organis|dispens|men|réalis|publi|port)ée?s?\s+par\s+"
    r"(?:l'association\s+|l'|le\s+|la\s+|les\s+)?|par\s+l'association\s+)"
    r"([A-ZÀ-Ý0-9][\w'&-]*(?:\s+(?:(?:de|du|des|la|le)\s+|d')?[A-ZÀ-Ý0-9][\w'&-]*)*)"
)
CAPACITY = re.compile(r"(?:un\s+)?maximum\s+de\s+[^.]*?personnes[^.]*", re.IGNORECASE)
NOT_HEADINGS = {"resume", "infos pratiques", "objectifs", "contact", "tel"}


class ImportRefused(Exception):
    """The file is not an export that can be imported; the message says why, in French."""


@dataclass
class Line:
    text: str
    href: str = ""


@dataclass
class Reading:
    """One entry as read: its field values, relations and review notes."""

    model: type
    values: dict
    notes: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    sessions: list = field(default_factory=list)


@dataclass
class Report:
    """What an import did, for the command and the admin page alike."""

    issue: Issue = None
    issue_created: bool = False
    created: dict = field(default_factory=dict)
    matched: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    missing_sections: list = field(default_factory=list)

    def count(self, model, created):
        counts = self.created if created else self.matched
        label = str(model._meta.verbose_name_plural)
        counts[label] = counts.get(label, 0) + 1

    def summary(self):
        """French sentences: the issue, then what was created and matched per kind."""
        lines = [
            (
                _("Numéro créé en brouillon : %(issue)s.")
                if self.issue_created
                else _("Numéro déjà présent, en brouillon : %(issue)s.")
            )
            % {"issue": self.issue.title}
        ]
        for counts, label in ((self.created, _("Créés")), (self.matched, _("Déjà présents"))):
            if counts:
                parts = ", ".join(f"{name} : {n}" for name, n in counts.items())
                lines.append(f"{label} — {parts}.")
        if not self.created:
            lines.append(_("Rien de nouveau : tout était déjà importé."))
        for name in self.missing_sections:
            lines.append(_("Rubrique absente de l'export : %(section)s.") % {"section": name})
        return lines


# Reading the file


class _HTMLLines(HTMLParser):
    """The page's text, one line per block, with the link a line consists of (a button)."""

    BLOCKS = {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "section", "table", "td", "th", "title", "tr", "ul",
    }  # fmt: skip
    SKIPPED = {"script", "style", "template", "noscript", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.text, self.links = [], [], []
        self.href = None
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.flush()
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.links.append([self.href, []])
        elif tag == "img":
            self.flush()
            self.lines.append(Line(IMAGE_MARKER))

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.flush()
        elif tag == "a":
            self.href = None

    def handle_data(self, data):
        if self.skipping:
            return
        self.text.append(data)
        if self.href is not None:
            self.links[-1][1].append(data)

    def flush(self):
        text = " ".join("".join(self.text).split())
        if text:
            linked = [href for href, parts in self.links if " ".join("".join(parts).split())]
            whole = len(linked) == 1 and " ".join("".join(self.links[-1][1]).split()) == text
            self.lines.append(Line(text, linked[0] if whole else ""))
        self.text, self.links = [], []


def _clean(text):
    text = text.replace("\xa0", " ").replace("\u202f", " ").replace("’", "'")
    return " ".join(text.split())


def read_lines(data):
    """The export's non-blank lines, or ImportRefused for what is not a readable text."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("Le fichier dépasse 2 Mo : ce n'est pas l'export d'une lettre."))
    if not data.strip():
        raise ImportRefused(_("Le fichier est vide."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or re.search(r"[\x00-\x08\x0b\x0e-\x1f]", text):
        raise ImportRefused(
            _(
                "Ce fichier n'est pas un texte lisible (UTF-8) : importez l'export texte de la "
                "lettre ou sa page HTML."
            )
        )
    if re.match(r"\s*<(?:!doctype\s+html|html|head|body)\b", text, re.IGNORECASE):
        parser = _HTMLLines()
        parser.feed(text)
        parser.close()
        parser.flush()
        raw = parser.lines
    else:
        raw = [Line(line) for line in text.splitlines()]
    lines = [Line(_clean(line.text), line.href) for line in raw]
    return [line for line in lines if line.text]


# Reading facts


def _weekday_free(text):
    return re.sub(rf"\b{WEEKDAY}\b\s*", "", fold(text)).strip(" .,")


def parse_days(text, year):
    """(first day, last day, whether the text gave the year), or None.

    « 14 novembre », « Du 06 au 09 novembre », « 22 et 23 novembre 2023 », « Jeudi 23 et
    vendredi 24 novembre 2023 », « 1er décembre 2023 », « du 30 novembre au 2 décembre »,
    « 14/11/2023 ».
    """
    text = re.sub(r"^(?:le|les)\s+", "", _weekday_free(text))
    try:
        if match := NUMERIC_DAY.match(text):
            day = datetime.date(int(match[3]), int(match[2]), int(match[1]))
            return day, day, True
        if match := SINGLE_DAY.match(text):
            day = datetime.date(int(match[3] or year), MONTH_NUMBERS[match[2]], int(match[1]))
            return day, day, bool(match[3])
        if match := DAY_RANGE.match(text):
            last_year = int(match[7] or year)
            last = datetime.date(last_year, MONTH_NUMBERS[match[6]], int(match[5]))
            first_month = MONTH_NUMBERS[match[2]] if match[2] else last.month
            first = datetime.date(int(match[3] or last_year), first_month, int(match[1]))
            if first > last and not match[3]:
                first = first.replace(year=first.year - 1)
            return first, last, bool(match[7])
    except ValueError:
        return None
    return None


def parse_times(text):
    """« 14h30 à 16h30 », « 20h », « 9h30-17h30 » → (start, end or None), or None."""
    try:
        times = [datetime.time(int(h), int(m or 0)) for h, m in TIME.findall(text)]
    except ValueError:
        return None
    if not times or len(times) > 2:
        return None
    return times[0], times[1] if len(times) == 2 else None


def _phone(digits):
    digits = re.sub(r"\D", "", digits)
    return " ".join(["0" + digits[0], *(digits[i : i + 2] for i in range(1, 9, 2))])


class Importer:
    def __init__(self):
        self.report = Report()
        self.departments = {fold(d.name): d for d in Department.objects.all()}
        self.regions = {fold(r.name) for r in Region.objects.all()}
        self.organisations = list(Organisation.objects.all())
        self.counted = set()  # organisations the report counts, once each
        self.year = None

    # The file's structure

    def section_of(self, line):
        if line.text != line.text.upper():
            return None
        key = fold(line.text)
        for section in SECTIONS:
            label = fold(section.label)
            if key in (label, label.split()[0]):
                return section
        return None

    def run(self, data):
        lines = read_lines(data)
        starts = [i for i, line in enumerate(lines) if self.section_of(line)]
        # A heading directly followed by another one is the table of contents.
        body = [i for i in starts if i + 1 < len(lines) and not self.section_of(lines[i + 1])]
        quarter = self.find_quarter(lines[: starts[0]] if starts else lines[:20])
        if quarter is None or not body:
            raise ImportRefused(
                _(
                    "Ce fichier n'est pas l'export d'une lettre PARÉ : on n'y trouve pas le "
                    "trimestre (« 3ème trimestre 2023 ») suivi des rubriques AGENDA, ACTUALITÉS "
                    "et RESSOURCES."
                )
            )
        (self.year, number), quarter_line = quarter
        introduction = [line.text for line in lines[quarter_line + 1 : starts[0]]]
        ends = [*body[1:], self.footer_start(lines, body[-1])]
        readings = {section.slug: [] for section in SECTIONS}
        for start, end in zip(body, ends, strict=True):
            section = self.section_of(lines[start])
            readings[section.slug].extend(self.read_section(section, lines[start + 1 : end]))
        self.report.missing_sections = [
            str(section.label) for section in SECTIONS if not readings[section.slug]
        ]
        try:
            with transaction.atomic():
                self.store(number, "\n\n".join(introduction), readings)
        except IntegrityError as error:  # another import of the same quarter got there first
            raise ImportRefused(
                _("Un autre import de ce trimestre vient d'être enregistré : réessayez.")
            ) from error
        return self.report

    def find_quarter(self, lines):
        found = None
        for index, line in enumerate(lines):
            if match := QUARTER.search(fold(line.text)):
                number = QUARTER_WORDS.get(match[1]) or int(match[1])
                found = ((int(match[2]), number), index)
        return found

    def footer_start(self, lines, after):
        """Where the footer begins: the publisher's block that ends with its « Contact »."""
        marks = [
            i
            for i in range(after + 1, len(lines))
            if fold(lines[i].text) == "contact" or "desinscrire" in fold(lines[i].text)
        ]
        contacts = [i for i in marks if fold(lines[i].text) == "contact"]
        if not marks:
            return len(lines)
        start = contacts[-1] if contacts else marks[0]
        if contacts:
            # The publisher's name, then its presentation in long paragraphs, then « Contact ».
            presentation = start
            while presentation - 1 > after and len(lines[presentation - 1].text) > 80:
                presentation -= 1
            if presentation < start and self.is_button(lines[presentation - 1]):
                start = presentation - 1
        while start - 1 > after and lines[start - 1].text == IMAGE_MARKER:
            start -= 1
        return start

    def read_section(self, section, lines):
        read = {
            Event: self.read_event,
            Initiative: self.read_initiative,
            Resource: self.read_resource,
        }[section.entry_model]
        heads = [(i, head) for i, line in enumerate(lines) if (head := self.heading(section, line))]
        entries = []
        for n, (index, (prefix, title)) in enumerate(heads):
            end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
            entries.append(read(prefix, title, lines[index + 1 : end]))
        return entries

    def heading(self, section, line):
        """(prefix, title) when the line heads an entry of this section."""
        match = HEADING.match(line.text)
        if not match or line.text.endswith((".", ";", ":", ",")) or len(line.text) > 400:
            return None
        prefix, title = match[1].strip(), match[2].strip()
        if line.text.startswith((*PRACTICAL, "-", "«", "•")) or fold(prefix) in NOT_HEADINGS:
            return None
        if re.search(r"[.!?]\s", prefix) or not (title[0].isupper() or title[0] in '«"“'):
            return None  # a sentence with a colon in it: body text
        if section.entry_model is Event:
            return (prefix, title) if parse_days(prefix, 2000) else None
        if section.entry_model is Resource:
            return (prefix, title) if len(prefix.split()) <= 3 else None
        return (prefix, title) if len(prefix.split()) <= 8 else None

    def is_button(self, line):
        text = line.text
        if line.href:
            return True
        return (
            len(text) <= 60
            and len(text.split()) <= 7
            and text[0].isupper()
            and ":" not in text
            and not text.endswith((".", "!", "?", ";", ",", "»", ")"))
            and text != IMAGE_MARKER
            and not text.startswith((*PRACTICAL, SNAPCHAT, "-", "«"))
        )

    # One entry

    def body(self, lines, reading):
        """Split an entry's lines: paragraphs, practical lines, its button, image markers."""
        paragraphs, practical, buttons = [], [], []
        for line in lines:
            text = line.text
            if text == IMAGE_MARKER:
                note = _(
                    "L'export signale une image retirée : ajoutez-la, avec son texte "
                    "alternatif, si elle manque."
                )
                if note not in reading.notes:
                    reading.notes.append(note)
            elif text.startswith(PRACTICAL):
                practical.append((text[0], text[1:].strip()))
            elif fold(text).rstrip(" :") == "infos pratiques":
                continue
            elif self.is_button(line):
                buttons.append(line)
            else:
                paragraphs.append(text)
        return paragraphs, practical, buttons

    def button(self, buttons, reading, email_in_text):
        if not buttons:
            return
        first, *others = buttons
        for other in others:
            reading.notes.append(
                _("Autre bouton de l'export non repris : « %(label)s ».") % {"label": other.text}
            )
        href = first.href
        values = reading.values
        if href.startswith("mailto:"):
            values["cta_label"], values["cta_email"] = first.text, href[7:].split("?")[0]
        elif href.startswith(("http://", "https://")):
            values["cta_label"], values["cta_url"] = first.text, href
        elif email_in_text:
            values["cta_label"], values["cta_email"] = first.text, email_in_text
            reading.notes.append(
                _(
                    "Le bouton « %(label)s » écrit à %(email)s, l'adresse que donne le texte : "
                    "vérifiez que c'est bien sa cible."
                )
                % {"label": first.text, "email": email_in_text}
            )
        else:
            reading.notes.append(
                _(
                    "Le bouton « %(label)s » a perdu son lien à l'export : indiquez son lien ou "
                    "son adresse e-mail, puis son libellé."
                )
                % {"label": first.text}
            )

    def emails(self, paragraphs, reading):
        found = list(dict.fromkeys(EMAIL.findall(" ".join(paragraphs))))
        if len(found) > 1:
            reading.notes.append(
                _(
                    "Plusieurs adresses e-mail dans le texte (%(emails)s) : seule la première "
                    "est reprise."
                )
                % {"emails": ", ".join(found)}
            )
        return found[0] if found else ""

    def text(self, paragraphs):
        out = []
        for paragraph in paragraphs:
            if paragraph.startswith("-"):
                item = "- " + paragraph.lstrip("- ").strip()
                if out and out[-1].split("\n")[-1].startswith("- "):
                    out[-1] += "\n" + item
                    continue
                out.append(item)
            elif paragraph.startswith("«") and paragraph.rstrip(" .").endswith("»"):
                out.append("> " + paragraph)
            else:
                out.append(paragraph)
        return "\n\n".join(out)

    def named_organisations(self, reading, candidates, text):
        """Partners the entry names: the candidates its heading gives, then known ones cited."""
        folded = fold(text)
        found = []
        for name in candidates:
            match = self.organisation_named(name)
            if match is None:
                match = Organisation(name=name[:200])
                self.organisations.append(match)
                reading.notes.append(
                    _(
                        "Organisation « %(name)s » créée en brouillon d'après le texte : "
                        "complétez-la ou remplacez-la par un partenaire existant."
                    )
                    % {"name": name}
                )
            found.append(match)
        for organisation in self.organisations:
            names = [organisation.name, organisation.acronym]
            if any(
                name and re.search(rf"(?<![\w-]){re.escape(fold(name))}(?![\w-])", folded)
                for name in names
            ):
                found.append(organisation)
        reading.organisations = list({id(o): o for o in found}.values())

    def organisation_named(self, name):
        key = fold(name)
        for organisation in self.organisations:
            if key in (fold(organisation.name), fold(organisation.acronym)):
                return organisation
        return None

    def read_event(self, prefix, title, lines):
        reading = Reading(Event, {"title": title})
        values = reading.values
        notes = reading.notes
        paragraphs, practical, buttons = self.body(lines, reading)
        day_lines = [text for emoji, text in practical if emoji == PRACTICAL_DAYS]
        session_lines = [text for text in day_lines if HEADING.match(text)]
        day_lines = [text for text in day_lines if text not in session_lines]
        year = self.year
        given = parse_days(day_lines[0], self.year) if day_lines else None
        if given and given[2]:
            year = given[0].year
        first, last = parse_days(prefix, year)[:2]
        if day_lines and given is None:
            notes.append(
                _("Date des infos pratiques illisible : « %(text)s ».") % {"text": day_lines[0]}
            )
        elif given:
            heading_range = (first, last) if last != first else None
            if given[0] != first or (heading_range and heading_range != given[:2]):
                notes.append(
                    _(
                        "Le titre annonce le %(heading)s mais les infos pratiques disent « "
                        "%(practical)s » : la date du titre a été gardée, vérifiez-la."
                    )
                    % {"heading": date_range(first, last), "practical": day_lines[0]}
                )
            else:
                first, last = given[:2]
                self.check_weekday(day_lines[0], first, last, notes)
        for text in day_lines[1:]:
            notes.append(_("Autre date non reprise : « %(text)s ».") % {"text": text})
        values["first_day"], values["last_day"] = first, last
        for position, text in enumerate(session_lines):
            when, name = HEADING.match(text).groups()
            days = parse_days(when, year)
            if days is None:
                notes.append(_("Date de module illisible : « %(text)s ».") % {"text": text})
                continue
            reading.sessions.append(
                {"title": name, "first_day": days[0], "last_day": days[1], "position": position}
            )
        for emoji, text in practical:
            if emoji == PRACTICAL_TIME:
                times = parse_times(text)
                if times is None or (times[1] and times[1] < times[0]):
                    notes.append(_("Horaires illisibles : « %(text)s ».") % {"text": text})
                else:
                    values["start_time"], values["end_time"] = times
            elif emoji == PRACTICAL_COST:
                self.read_cost(text, values)
        places = [text for emoji, text in practical if emoji == PRACTICAL_PLACE]
        self.read_place(places, title, reading)
        whole = " ".join([title, *paragraphs, *(text for _e, text in practical)])
        if "gratuit" in fold(whole) and not values.get("price"):
            values["is_free"] = True
        elif "gratuit" in fold(whole):
            notes.append(_("Le texte dit « gratuit » mais donne un tarif : vérifiez le coût."))
        if "sur inscription" in fold(whole):
            values["registration_note"] = "sur inscription"
        if match := CAPACITY.search(whole):
            values["capacity"] = match[0].strip()
        values["kind"] = self.event_kind(title, notes)
        self.button(buttons, reading, self.emails(paragraphs, reading))
        values["text"] = self.text(paragraphs)
        self.named_organisations(reading, BY_ORGANISATION.findall(title), whole)
        return reading

    def check_weekday(self, text, first, last, notes):
        named = re.findall(rf"\b{WEEKDAY}\b", fold(text))
        expected = [long_date(day).split()[0] for day in {first, last}]
        if named and not set(named) <= set(expected):
            notes.append(
                _("« %(text)s » : le jour de la semaine ne correspond pas à la date (%(dates)s).")
                % {"text": text, "dates": date_range(first, last)}
            )

    def read_cost(self, text, values):
        cost = re.sub(r"^[^:]*(?:co[uû]t|tarif|prix)[^:]*:\s*", "", text, flags=re.IGNORECASE)
        if "gratuit" in fold(cost):
            values["is_free"] = True
        else:
            values["price"] = re.sub(r"(\d)\s*€", r"\1 €", cost).rstrip(" .")

    def event_kind(self, title, notes):
        folded = fold(title)
        found = [
            (position, kind)
            for kind, words in EVENT_KIND_WORDS.items()
            for word in words
            if (position := folded.find(word)) >= 0
        ]
        if found:
            return min(found)[1]
        notes.append(_("Type d'événement non reconnu dans le titre : choisissez-le."))
        return EventKind.OTHER

    def heading_city(self, title):
        match = HEADING_CITY.search(title)
        if not match:
            return None
        article = {"au": "Le ", "aux": "Les "}.get(match[1], "")
        commune = find_commune(article + match[2])
        return commune[0] if commune else None

    def read_place(self, places, title, reading):
        values, notes = reading.values, reading.notes
        from_title = self.heading_city(title)
        for text in places[1:]:
            notes.append(_("Autre lieu non repris : « %(text)s ».") % {"text": text})
        if not places:
            if from_title:
                values["city"] = from_title
                self.department_of(from_title, reading)
            else:
                notes.append(_("Le lieu manque dans l'export : indiquez-le."))
            return
        place = places[0]
        if re.search(r"\b(visio|en ligne|webinaire|zoom|teams)\b", fold(place)):
            values["is_online"] = True
            values["online_details"] = re.sub(
                r"^en\s+(?:visio(?:conférence)?|ligne)\s*", "", place, flags=re.IGNORECASE
            )
            return
        city = None
        if match := re.search(r"\s(à|au|aux)\s+([^,]+)$", place):
            article = {"au": "Le ", "aux": "Les "}.get(match[1], "")
            commune = find_commune(article + match[2])
            city = commune[0] if commune else match[2].strip()
            place = place[: match.start()].strip(" ,")
        elif commune := find_commune(place):
            city, place = commune[0], ""
        elif from_title and place_key(from_title) in place_key(place):
            city = from_title
        if city and from_title and place_key(city) != place_key(from_title):
            notes.append(
                _(
                    "Le titre situe l'événement à %(title)s, les infos pratiques à %(place)s : "
                    "le lieu des infos pratiques a été gardé, vérifiez-le."
                )
                % {"title": from_title, "place": city}
            )
        if street := STREET.search(place):
            values["venue"] = place[: street.start()].strip(" ,")
            values["address"] = place[street.start() :].strip()
        else:
            values["venue"] = place
        if city:
            values["city"] = city
            self.department_of(city, reading)
        else:
            notes.append(
                _("Ville introuvable dans « %(text)s » : indiquez la ville et le département.")
                % {"text": places[0]}
            )

    def department_of(self, city, reading):
        commune = find_commune(city)
        if commune is None:
            reading.notes.append(
                _("« %(city)s » n'est pas une commune connue : indiquez le département.")
                % {"city": city}
            )
        elif len(commune[1]) > 1:
            reading.notes.append(
                _(
                    "Plusieurs communes s'appellent « %(city)s » (départements %(codes)s) : "
                    "choisissez le département."
                )
                % {"city": city, "codes": ", ".join(commune[1])}
            )
        else:
            reading.values["department_id"] = commune[1][0]

    def read_initiative(self, prefix, title, lines):
        reading = Reading(Initiative, {"title": title})
        values, notes = reading.values, reading.notes
        paragraphs, practical, buttons = self.body(lines, reading)
        paragraphs += [f"{emoji} {text}" for emoji, text in practical]
        candidates = []
        names = re.split(r"\s+et\s+|\s*,\s*", prefix)
        if all(fold(name) in self.departments for name in names):
            reading.departments = [self.departments[fold(name)] for name in names]
        elif days := parse_days(prefix, self.year):
            values["happened_on"] = days[0]
        elif fold(prefix) in self.regions or any(fold(n) in self.departments for n in names):
            values["title"] = f"{prefix} : {title}"
            notes.append(
                _("« %(prefix)s » : départements non reconnus, choisissez-les.")
                % {"prefix": prefix}
            )
        else:
            values["title"] = f"{prefix} : {title}"
            candidates.append(prefix)
        whole = " ".join(paragraphs)
        phones = list(dict.fromkeys(_phone(digits) for digits in PHONE.findall(whole)))
        if phones:
            values["phone"] = phones[0]
        if len(phones) > 1:
            notes.append(
                _("Plusieurs numéros dans le texte (%(phones)s) : seul le premier est repris.")
                % {"phones": ", ".join(phones)}
            )
        values["email"] = self.emails(paragraphs, reading)
        handles = [p for p in paragraphs if SNAPCHAT in p or "snapchat" in fold(p)]
        if handles and (match := HANDLE.search(handles[0])):
            values["social_network"], values["social_account"] = "Snapchat", match[1]
        paragraphs = [p for p in paragraphs if not p.startswith(SNAPCHAT)]
        self.button(buttons, reading, "")
        values["text"] = self.text(paragraphs)
        self.named_organisations(reading, candidates, " ".join([values["title"], whole]))
        return reading

    def read_resource(self, prefix, title, lines):
        reading = Reading(Resource, {"title": title})
        values, notes = reading.values, reading.notes
        kinds = {fold(kind.label): kind for kind in ResourceKind}
        values["kind"] = kinds.get(fold(prefix), ResourceKind.OTHER)
        if fold(prefix) not in kinds:
            notes.append(
                _("Type de ressource « %(prefix)s » inconnu : choisissez-le.") % {"prefix": prefix}
            )
        paragraphs, practical, buttons = self.body(lines, reading)
        paragraphs += [f"{emoji} {text}" for emoji, text in practical]
        summary, rest = [], []
        for paragraph in paragraphs:
            if not summary and fold(paragraph).startswith("resume"):
                summary.append(re.sub(r"^[^:«]*:?\s*", "", paragraph, count=1))
            elif summary and not summary[-1].rstrip(" .").endswith("»"):
                summary.append(paragraph)
            else:
                rest.append(paragraph)
        if summary:
            quoted = "\n\n".join(summary).strip()
            if quoted.startswith("«") and quoted.rstrip(" .").endswith("»"):
                quoted = quoted.rstrip(" .")[1:-1].strip()
            else:
                notes.append(_("Le résumé cité n'a pas de guillemets fermants : vérifiez-le."))
            values["summary"] = quoted
        for sentence in re.split(r"(?<=\.)\s", " ".join(rest)):
            if "publi" in fold(sentence) and (
                match := re.search(rf"{DAY}\s+\w+\s+\d{{4}}", sentence)
            ):
                days = parse_days(match[0], self.year)
                if days:
                    values["released_on"] = days[0]
                    break
        self.button(buttons, reading, self.emails(rest, reading))
        values["text"] = self.text(rest)
        self.named_organisations(reading, BY_ORGANISATION.findall(title), " ".join([title, *rest]))
        return reading

    # Storing

    def store(self, quarter, introduction, readings):
        same_quarter = Issue.objects.filter(year=self.year, quarter=quarter)
        # A write first, which changes nothing: SQLite then makes a concurrent import wait for
        # this one to commit (and match what it made), and PostgreSQL locks the issue if any.
        same_quarter.update(quarter=F("quarter"))
        issue = same_quarter.first()
        if issue is not None and issue.status == Status.PUBLISHED:
            raise ImportRefused(
                _(
                    "Le numéro du %(period)s est déjà publié : un import ne modifie jamais un "
                    "numéro publié. Repassez-le en brouillon d'abord si vous voulez le compléter."
                )
                % {"period": issue.period}
            )
        if issue is None:
            issue = self.save(Issue(year=self.year, quarter=quarter, introduction=introduction))
            self.report.issue_created = True
        self.report.issue = issue
        self.report.count(Issue, self.report.issue_created)
        for section in SECTIONS:
            item_model = section.item_model
            items = item_model.objects.filter(issue=issue)
            linked = set(items.values_list("entry_id", flat=True))
            position = max(items.values_list("position", flat=True), default=-1) + 1
            for reading in readings[section.slug]:
                entry = self.store_entry(reading)
                if entry.pk not in linked:
                    item_model.objects.create(issue=issue, entry=entry, position=position)
                    linked.add(entry.pk)
                    position += 1

    def store_entry(self, reading):
        model, values = reading.model, reading.values
        if len(values["title"]) > 250:
            reading.notes.append(_("Titre raccourci à 250 caractères : relisez-le."))
            values["title"] = values["title"][:249] + "…"
        lookup = {"title": values["title"]}
        if model is Event:
            lookup["first_day"] = values["first_day"]
        existing = model.objects.filter(**lookup).first()
        if existing is not None:
            self.report.count(model, created=False)
            return existing
        entry = model(**values, review_notes="\n".join(reading.notes))
        entry.slug = self.free_slug(model, values["title"])
        self.save(entry)
        self.report.count(model, created=True)
        link_model, owner = {
            Event: (EventOrganiser, "event"),
            Initiative: (InitiativeOrganisation, "initiative"),
            Resource: (ResourceOrganisation, "resource"),
        }[model]
        for position, organisation in enumerate(reading.organisations):
            if organisation.pk is None:
                organisation.slug = self.free_slug(Organisation, organisation.name)
                self.save(organisation)
                self.report.count(Organisation, created=True)
                self.counted.add(organisation.pk)
            elif organisation.pk not in self.counted:
                self.report.count(Organisation, created=False)
                self.counted.add(organisation.pk)
            link_model.objects.create(
                **{owner: entry}, organisation=organisation, position=position
            )
        for session in reading.sessions:
            self.save(Session(event=entry, **session))
        if reading.departments:
            entry.departments.set(reading.departments)
        if reading.notes:
            self.report.notes.append((entry, reading.notes))
        return entry

    def free_slug(self, model, title):
        base = slugify(title)[:200].strip("-") or "import"
        slug, n = base, 1
        while model.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def save(self, obj):
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ImportRefused(
                _("« %(entry)s » ne peut pas être enregistré : %(reason)s")
                % {"entry": obj, "reason": " ".join(error.messages)}
            ) from error
        obj.save()
        return obj


def import_newsletter(data):
    """Import one export (bytes) in one transaction; return its Report, or raise ImportRefused."""
    return Importer().run(data)
