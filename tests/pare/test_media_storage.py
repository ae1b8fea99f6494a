"""Media on S3-compatible storage: nothing assumes a local disk.

moto's standalone server plays S3 on loopback, spoken to over HTTP. An image uploaded through
one gunicorn process is shown, with its renditions, by another that has no media folder; the
backup reads the bucket and the restore fills another one.
"""

import io
import json
import urllib.request

import pytest
from PIL import Image

from tests.pare.html import parse
from tests.servers import Browser, run_python, run_site, server_environment

pytestmark = pytest.mark.django_db

PASSWORD = "une phrase de passe solide"
SEED = f"""
import json
from django.contrib.auth.models import User
from tests.factories import make_event, make_issue

User.objects.create_superuser("publication", "publication@example.org", {PASSWORD!r})
event = make_event(title="Formation à Lyon", department="69")
make_issue(events=[event])
print(json.dumps([event.pk, event.get_absolute_url()]))
"""


def png(width=1200, height=800):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 90)).save(output, format="PNG")
    return output.getvalue()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_an_image_uploaded_through_one_process_is_served_by_another_from_s3(
    served_database, s3_server, gunicorn, tmp_path
):
    env = server_environment(DATABASE_URL=served_database(), **s3_server.bucket("pare-medias"))
    event_pk, event_url = json.loads(run_python(SEED, env))
    one = gunicorn({**env, "MEDIA_ROOT": str(tmp_path / "media-one")})
    other = gunicorn({**env, "MEDIA_ROOT": str(tmp_path / "media-other")})

    staff = Browser(one)
    staff.log_in("publication", PASSWORD)
    staff.submit(
        f"/admin/events/event/{event_pk}/change/",
        "event_form",
        {"image_alt": "Une salle de formation"},
        files={"image": ("salle.png", png(), "image/png")},
    )
    stored = s3_server.objects("pare-medias")
    assert len(stored) == 3, stored  # the image, 480 and 960 pixels wide
    assert {name.rsplit("-", 1)[-1] for name in stored} >= {"480w.webp", "960w.webp"}

    page = other.get(event_url)
    image = next(
        e for e in parse(page.text) if e.tag == "img" and "entry-image" in e.attrs["class"]
    )
    urls = [image.attrs["src"]] + [c.split()[0] for c in image.attrs["srcset"].split(", ")]
    bucket_url = f"{s3_server.endpoint}/pare-medias/"
    assert len(set(urls)) == 3 and all(url.startswith(bucket_url) for url in urls), urls
    for url in urls:
        status, body = fetch(url)
        key = url.removeprefix(bucket_url)
        expected = s3_server.client().get_object(Bucket="pare-medias", Key=key)["Body"].read()
        assert status == 200 and body == expected
        assert Image.open(io.BytesIO(body)).width in (480, 960, 1200)
    img_src = next(
        d for d in page.headers["Content-Security-Policy"].split(";") if "img-src" in d
    ).split()
    assert s3_server.endpoint in img_src

    # The e-mail edition, rendered by a process of its own, links to the bucket too.
    html = run_python(
        """
        from newsletters.email import IssueEdition
        from newsletters.models import Issue
        print(IssueEdition(Issue.objects.get()).html)
        """,
        {**env, "MEDIA_ROOT": str(tmp_path / "media-worker")},
    )
    emailed = [e.attrs["src"] for e in parse(html) if e.tag == "img" and "salle" in e.attrs["src"]]
    assert emailed == [image.attrs["src"]]
    for folder in ("media-one", "media-other", "media-worker"):
        assert not (tmp_path / folder).exists()

    # The backup reads the bucket; the restore writes every file into an empty one.
    backup = tmp_path / "sauvegarde"
    run_site(["manage.py", "backup", str(backup)], env)
    for key in stored:
        expected = s3_server.client().get_object(Bucket="pare-medias", Key=key)["Body"].read()
        assert (backup / "media" / key).read_bytes() == expected
    restored = server_environment(
        DATABASE_URL=served_database(), **s3_server.bucket("pare-medias-restaurees")
    )
    run_site(["manage.py", "restore", str(backup)], restored)
    assert s3_server.objects("pare-medias-restaurees") == stored
    restored_site = gunicorn({**restored, "MEDIA_ROOT": str(tmp_path / "media-restored")})
    assert f"{s3_server.endpoint}/pare-medias-restaurees/" in restored_site.get(event_url).text
