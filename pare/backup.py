"""Back up the database and the media to a directory, and restore them into an empty site.

A backup is a directory holding database.json (every row, from dumpdata, content types named by
their natural keys; texts byte for byte, times to the microsecond: pare/exact_json.py), media/
(every file of the media storage, read through the storage API, so S3 works as a local disk
does) and manifest.json (the migrations it was taken at, and each file's size and SHA-256). It
contains personal data, password hashes and two-factor secrets: it is written readable by its
owner only, and must be stored encrypted.
"""

import datetime
import hashlib
import json
import os
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

from pare.apps import site_apps
from pare.models import Department, Page, Region

FORMAT = 2
# Format 1 was XML, which lost carriage returns and the whitespace around texts.
DATABASE = {1: "database.xml", 2: "database.json"}
# Rebuilt by migrate in any database; the rest refers to them by natural key.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


def storage_files(storage=default_storage, path=""):
    directories, files = storage.listdir(path)
    found = [f"{path}{name}" for name in files]
    for directory in directories:
        found += storage_files(storage, f"{path}{directory}/")
    return sorted(found)


def _private_directory(path):
    """Create path and any missing parent, readable by the owner only."""
    for directory in reversed([path, *path.parents]):
        if not directory.exists():
            directory.mkdir(mode=0o700)
            os.chmod(directory, 0o700)


def _write_private(path, data):
    _private_directory(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def _safe_member(name):
    """A media name from a manifest, refused if it could escape the media directory."""
    posix = PurePosixPath(name)
    if posix.is_absolute() or ".." in posix.parts or not posix.parts:
        raise CommandError(f"Nom de fichier refusé dans la sauvegarde : {name!r}")
    return posix


def backup(directory, database=DEFAULT_DB_ALIAS, storage=default_storage):
    """Write the database and every media file to directory; return the manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise CommandError(f"Le dossier {directory} n'est pas vide : choisissez-en un nouveau.")
    _private_directory(directory)
    dump = directory / DATABASE[FORMAT]
    _write_private(dump, b"")
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        format="json",
        indent=1,
        database=database,
        output=str(dump),
        verbosity=0,
    )
    files = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as source:
            data = source.read()
        _write_private(directory / "media" / _safe_member(name), data)
        files[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": applied_migrations(database),
        "database_sha256": hashlib.sha256(dump.read_bytes()).hexdigest(),
        "files": files,
    }
    _write_private(directory / "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


def applied_migrations(database=DEFAULT_DB_ALIAS):
    recorder = MigrationRecorder(connections[database])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def content_models():
    """What a restore must find empty: the users, and every model of the site's apps.

    Regions, departments and the footer pages' first wording come with the migrations; a
    restore writes the backed-up rows over them.
    """
    loaded_by_migrations = {Region, Department, Page}
    return [
        get_user_model(),
        *(
            model
            for config in site_apps()
            for model in config.get_models()
            if model not in loaded_by_migrations
        ),
    ]


def is_empty(database=DEFAULT_DB_ALIAS):
    return not any(model._default_manager.using(database).exists() for model in content_models())


def restore(directory, database=DEFAULT_DB_ALIAS, storage=default_storage):
    """Load a backup into an empty database and media storage, checking every file."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"{directory} n'est pas une sauvegarde lisible : {error}") from None
    if manifest.get("format") not in DATABASE:
        raise CommandError("Cette sauvegarde vient d'une version inconnue de l'outil.")
    dump = directory / DATABASE[manifest["format"]]
    if hashlib.sha256(dump.read_bytes()).hexdigest() != manifest["database_sha256"]:
        raise CommandError(f"{dump.name} ne correspond pas au manifeste : sauvegarde abîmée.")
    files = {}
    for name, expected in manifest["files"].items():
        data = (directory / "media" / _safe_member(name)).read_bytes()
        if hashlib.sha256(data).hexdigest() != expected["sha256"]:
            raise CommandError(f"Le fichier {name} est abîmé dans la sauvegarde.")
        files[name] = data

    call_command("migrate", database=database, interactive=False, verbosity=0)
    if not is_empty(database):
        raise CommandError(
            "La base de données contient déjà des contenus : la restauration se fait dans une "
            "base vide (créez-en une neuve, ou videz celle-ci avec « manage.py flush »)."
        )
    missing = set(manifest["migrations"]) - set(applied_migrations(database))
    if missing:
        raise CommandError(
            "Cette sauvegarde vient d'une version plus récente du site (migrations inconnues : "
            f"{', '.join(sorted(missing))}). Installez cette version d'abord."
        )
    for name, data in files.items():
        if storage.exists(name):
            with storage.open(name, "rb") as existing:
                if existing.read() != data:
                    raise CommandError(
                        f"Le fichier {name} existe déjà, différent, dans les médias."
                    )
    call_command("loaddata", str(dump), database=database, verbosity=0)
    for name, data in files.items():
        if not storage.exists(name):
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise CommandError(f"Le stockage a renommé {name} en {saved}.")
    cache.clear()  # pages, site profile: what the cache knew is about another database
    return manifest
