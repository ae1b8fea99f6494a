"""Local use: `make serve` twice keeps staff work, images show, e-mails point at ADDRESS."""

import os
import re
import runpy
import sqlite3
import subprocess
from unittest import mock

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher


def settings_value(name, **environ):
    with mock.patch.dict(os.environ, environ):
        for key in ("SITE_URL", "ADDRESS"):
            if key not in environ:
                os.environ.pop(key, None)
        return runpy.run_path(str(settings.BASE_DIR / "pare" / "settings.py"))[name]


def test_email_links_follow_the_address_make_serve_listens_on():
    assert settings_value("SITE_URL", ADDRESS="127.0.0.1:8201") == "http://127.0.0.1:8201"
    assert settings_value("SITE_URL") == "http://127.0.0.1:8000"
    assert (
        settings_value("SITE_URL", ADDRESS="127.0.0.1:8201", SITE_URL="https://pare.example.org/")
        == "https://pare.example.org"
    )


def test_uploaded_media_are_served_at_media_url_locally(client, db, settings, tmp_path):
    assert settings.LOCAL
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "evenements").mkdir()
    (tmp_path / "evenements" / "affiche.webp").write_bytes(b"RIFF....WEBP")

    response = client.get(f"{settings.MEDIA_URL}evenements/affiche.webp")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF....WEBP"
    assert client.get(f"{settings.MEDIA_URL}absente.webp").status_code == 404


def make_demo(database):
    """What `make serve` does before it starts the server, in a process of its own."""
    environ = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LOCAL": "true"}
    done = subprocess.run(
        ["make", "--no-print-directory", "-s", "demo"],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def test_make_serve_twice_keeps_an_edit_and_the_password(tmp_path):
    database = tmp_path / "db.sqlite3"
    first = make_demo(database)
    password = re.search(r"mot de passe : (\S+)", first)[1]
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE events_event SET title = 'Titre revu par l''équipe' WHERE city = 'Mulhouse'"
        )

    second = make_demo(database)

    assert "la démo n'est pas chargée" in second
    assert "mot de passe inchangé" in second
    with sqlite3.connect(database) as connection:
        titles = [row[0] for row in connection.execute("SELECT title FROM events_event")]
        (encoded,) = connection.execute(
            "SELECT password FROM auth_user WHERE username = 'admin'"
        ).fetchone()
    assert "Titre revu par l'équipe" in titles
    assert PBKDF2PasswordHasher().verify(password, encoded)
