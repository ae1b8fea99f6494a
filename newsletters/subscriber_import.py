"""Bring an existing mailing list in from a CSV file, without ever overriding a reader's choice.

A file is one address a line: the e-mail, then optionally a name, the date the person consented
and where (« source »). « Déjà consentis » keeps each address as subscribed, with that consent
record; « À inviter » adds them pending, and the worker mails each a confirmation link, a few a
minute. An address already known is merged, never duplicated; one that unsubscribed or was
suspended stays as it is. A file with bad lines imports nothing unless staff ask to skip them,
and the report names each line.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsletters.models import (
    CONFIRMATION_MAX_AGE,
    ImportMode,
    Subscriber,
    SubscriberImport,
    SubscriberStatus,
    SubscriptionSource,
)
from newsletters.tasks import send_invitations
from pare.collation import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 50_000

# What spreadsheets call the columns, folded (no accents, lower case).
COLUMNS = {
    "email": ("email", "e-mail", "mail", "courriel", "adresse", "adresse e-mail", "adresse email"),
    "name": ("nom", "name", "prenom nom", "nom complet", "nom et prenom"),
    "consented_at": (
        "date",
        "consentement",
        "date du consentement",
        "date de consentement",
        "consentement donne le",  # the subscribers' own export
    ),
    # The subscribers' own export says who left: such a line never subscribes anyone.
    "status": ("statut", "status"),
    "consent_source": ("source", "origine", "origine du consentement", "source du consentement"),
}
ORDER = ("email", "name", "consented_at", "consent_source")  # when the file has no header
SUBSCRIBED_STATUSES = {"inscrit", "inscrite", "confirme", "confirmee", "confirmed", "abonne"}
EARLIEST_CONSENT = 1990  # an earlier year is a typing error, not a consent
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S")


class ImportRefused(Exception):
    """Nothing was imported; the message, and the lines, say why."""

    def __init__(self, message, errors=()):
        super().__init__(message)
        self.errors = list(errors)


@dataclass
class Row:
    line: int
    email: str
    name: str = ""
    consented_at: datetime.datetime | None = None
    consent_source: str = ""


@dataclass
class Reading:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)
    duplicates: int = 0
    not_subscribed: list = field(default_factory=list)  # (line, status) of people who left
    ignored_columns: list = field(default_factory=list)


def decode(data):
    """The file's text: UTF-8 (with or without its mark), else Windows-1252, as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _dialect(text):
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        return csv.excel if ";" not in text[:4096] else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def _columns(header):
    """Which cell holds what, from a header row; None when the first row is an address."""
    if any("@" in cell for cell in header):
        return None
    names = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
    columns = {}
    for index, cell in enumerate(header):
        name = names.get(" ".join(fold(cell).replace("_", " ").split()))
        if name and name not in columns.values():
            columns[index] = name
    return columns


def _date(text):
    for format in DATE_FORMATS:
        try:
            moment = datetime.datetime.strptime(text, format)
        except ValueError:
            continue
        return timezone.make_aware(moment) if moment.year >= EARLIEST_CONSENT else None
    return None


def read(data, mode, default_source=""):
    """Every line of the file, checked: the rows to import, and what is wrong with the others."""
    unreadable = ImportRefused(
        _(
            "Ce fichier n'est pas un CSV lisible : dans votre tableur, choisissez « Enregistrer "
            "sous » puis le format CSV."
        )
    )
    if b"\x00" in data[:4096]:  # a spreadsheet's own format (.xlsx, .ods) or another binary
        raise unreadable
    text = decode(data)
    reading = Reading()
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), _dialect(text)))
    except csv.Error:
        raise unreadable from None
    if not records:
        raise ImportRefused(_("Le fichier est vide."))
    records = [cells for cells in records if any(cell.strip() for cell in cells)]
    if not records:
        raise ImportRefused(_("Le fichier est vide."))
    columns = _columns(records[0])
    start = 2
    if columns is None:
        columns, start = dict(enumerate(ORDER)), 1
    else:
        reading.ignored_columns = [
            cell for index, cell in enumerate(records[0]) if cell.strip() and index not in columns
        ]
        records = records[1:]
    if "email" not in columns.values():
        raise ImportRefused(
            _(
                "Aucune colonne d'adresses e-mail : la première ligne doit nommer ses colonnes "
                "(« email », et si vous les avez « nom », « date », « source »), ou la première "
                "colonne doit être l'adresse."
            )
        )
    if len(records) > MAX_LINES:
        raise ImportRefused(
            _("Le fichier compte plus de %(max)s lignes : découpez-le.") % {"max": MAX_LINES}
        )
    seen = set()
    now = timezone.now()
    for line, cells in enumerate(records, start):
        values = {
            name: cells[index].strip() for index, name in columns.items() if index < len(cells)
        }
        if not any(values.values()):
            continue
        row, problems = _row(line, values, mode, default_source, now)
        status = values.get("status", "")
        if status and fold(status) not in SUBSCRIBED_STATUSES:
            reading.not_subscribed.append((line, status))
        elif problems:
            reading.errors.append((line, " ".join(problems)))
        elif row.email.lower() in seen:
            reading.duplicates += 1
        else:
            seen.add(row.email.lower())
            reading.rows.append(row)
    return reading


def _row(line, values, mode, default_source, now):
    problems = []
    email = values.get("email", "")
    try:
        validate_email(email)
        if len(email) > Subscriber._meta.get_field("email").max_length:
            raise ValidationError("too long")
    except ValidationError:
        problems.append(
            _("« %(email)s » n'est pas une adresse e-mail.") % {"email": email}
            if email
            else _("L'adresse e-mail manque.")
        )
    row = Row(line, email, values.get("name", "")[:200])
    row.consent_source = (values.get("consent_source") or default_source).strip()[:200]
    when = values.get("consented_at", "")
    if when:
        row.consented_at = _date(when)
        if row.consented_at is None:
            problems.append(
                _("Date du consentement illisible : « %(date)s » (écrivez 14/09/2023).")
                % {"date": when}
            )
        elif row.consented_at > now:
            problems.append(_("La date du consentement est dans le futur."))
    if mode == ImportMode.CONSENTED:
        if not when:
            problems.append(
                _(
                    "Date du consentement manquante : sans elle, importez cette adresse "
                    "« à inviter »."
                )
            )
        if not row.consent_source:
            problems.append(
                _(
                    "Origine du consentement manquante : remplissez la colonne « source », ou le "
                    "champ « Origine du consentement »."
                )
            )
    return row, problems


def import_subscribers(data, file_name, mode, user, default_source="", skip_errors=False):
    """Import the file and record it; ImportRefused (nothing written) when lines are wrong.

    With skip_errors, the good lines are imported and the bad ones listed in the record.
    """
    reading = read(data, mode, default_source)
    if reading.errors and not skip_errors:
        raise ImportRefused(
            ngettext(
                "%(count)d ligne est en erreur : rien n'a été importé. Corrigez-la, ou cochez "
                "« Importer les autres lignes ».",
                "%(count)d lignes sont en erreur : rien n'a été importé. Corrigez-les, ou cochez "
                "« Importer les autres lignes ».",
                len(reading.errors),
            )
            % {"count": len(reading.errors)},
            reading.errors,
        )
    if not reading.rows:
        raise ImportRefused(_("Aucune adresse à importer dans ce fichier."), reading.errors)
    try:
        with transaction.atomic():
            record = _apply(reading, file_name, mode, user)
    except IntegrityError:  # an address subscribed through the site meanwhile
        raise ImportRefused(
            _("Une adresse du fichier vient d'être inscrite par le site : importez-le à nouveau.")
        ) from None
    if mode == ImportMode.INVITE:
        transaction.on_commit(lambda: send_invitations.enqueue(record.pk))
    return record


def _existing(emails):
    found = {}
    emails = sorted(emails)
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        for subscriber in Subscriber.objects.annotate(key=Lower("email")).filter(key__in=chunk):
            found[subscriber.key] = subscriber
    return found


def _apply(reading, file_name, mode, user):
    now = timezone.now()
    record = SubscriberImport.objects.create(
        file_name=file_name[:255],
        mode=mode,
        imported_by=user,
        imported_by_name=(user.get_full_name() or user.get_username())[:200],
        imported_at=now,
    )
    known = _existing({row.email.lower() for row in reading.rows})
    report, new, changed = [], [], []
    for row in reading.rows:
        subscriber = known.get(row.email.lower())
        if subscriber is None:
            new.append(_new(row, mode, record, now))
            continue
        if subscriber.status in (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.SUSPENDED):
            record.left_alone_count += 1
            report.append(
                _("Ligne %(line)d : %(email)s est « %(status)s » ; laissée telle quelle.")
                % {
                    "line": row.line,
                    "email": row.email,
                    "status": subscriber.get_status_display(),
                }
            )
            continue
        record.merged_count += 1
        if not subscriber.name and row.name:
            subscriber.name = row.name
        left_at = max(
            (moment for moment in (subscriber.unsubscribed_at, subscriber.suspended_at) if moment),
            default=None,
        )
        consent_after_leaving = left_at is None or (row.consented_at or now) > left_at
        if (
            subscriber.status == SubscriberStatus.PENDING
            and mode == ImportMode.CONSENTED
            and consent_after_leaving
        ):
            subscriber.status = SubscriberStatus.CONFIRMED
            subscriber.confirmed_at = row.consented_at
            subscriber.consent_source = row.consent_source
            subscriber.imported_in = record
        elif subscriber.status == SubscriberStatus.PENDING:
            # Their link from the site may have expired: the invitation sends a new one.
            # Still waiting for their own confirmation (a consent older than their leaving does
            # not count): a new link only if the one they have has expired.
            if (
                subscriber.awaiting_invitation
                or now - subscriber.requested_at > CONFIRMATION_MAX_AGE
            ):
                subscriber.awaiting_invitation = True
                subscriber.imported_in = record  # this import's round sends it
            else:
                subscriber.imported_in = subscriber.imported_in or record
        changed.append(subscriber)
    Subscriber.objects.bulk_create(new, batch_size=500)
    Subscriber.objects.bulk_update(
        changed,
        ("name", "status", "confirmed_at", "consent_source", "imported_in", "awaiting_invitation"),
        batch_size=500,
    )
    record.left_alone_count += len(reading.not_subscribed)
    report += [
        _("Ligne %(line)d : statut « %(status)s » dans le fichier ; laissée de côté.")
        % {"line": line, "status": status}
        for line, status in reading.not_subscribed
    ]
    record.line_count = (
        len(reading.rows) + len(reading.errors) + reading.duplicates + len(reading.not_subscribed)
    )
    record.created_count = len(new)
    record.rejected_count = len(reading.errors)
    lines = [
        _("Ligne %(line)d : %(message)s ; ignorée.") % {"line": line, "message": message}
        for line, message in reading.errors
    ]
    if reading.duplicates:
        lines.append(
            ngettext(
                "%(count)d adresse apparaissait deux fois : comptée une seule.",
                "%(count)d adresses apparaissaient deux fois : comptées une seule fois.",
                reading.duplicates,
            )
            % {"count": reading.duplicates}
        )
    if reading.ignored_columns:
        lines.append(
            _("Colonnes non reconnues, ignorées : %(columns)s.")
            % {"columns": ", ".join(reading.ignored_columns)}
        )
    record.report = "\n".join(lines + report)
    record.save()
    return record


def _new(row, mode, record, now):
    if mode == ImportMode.CONSENTED:
        return Subscriber(
            email=row.email,
            name=row.name,
            status=SubscriberStatus.CONFIRMED,
            source=SubscriptionSource.IMPORT,
            requested_at=row.consented_at,
            confirmed_at=row.consented_at,
            consent_source=row.consent_source,
            imported_in=record,
        )
    return Subscriber(
        email=row.email,
        name=row.name,
        status=SubscriberStatus.PENDING,
        source=SubscriptionSource.IMPORT,
        requested_at=now,
        consent_source=row.consent_source,
        imported_in=record,
        awaiting_invitation=True,
    )
