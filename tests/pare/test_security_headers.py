"""Response headers: a strict CSP everywhere, production settings that pass check --deploy, and
the Mozilla HTTP Observatory's grade (its published rules, scored here) at A+."""

import os
import runpy
import subprocess
import sys
from http.cookies import SimpleCookie
from unittest import mock

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)
from tests.pare.html import active_content, header_nonce, parse

HOST = "pare.example.org"
PRODUCTION_ENV = {
    "LOCAL": "false",
    "DEBUG": "false",
    "SECRET_KEY": "production-like-secret-for-tests-" + "k7Qz9" * 8,
    "ALLOWED_HOSTS": HOST,
    "EMAIL_URL": "smtp+tls://lettre:secret@smtp.example.org:587",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}
SECURITY_SETTING_PREFIXES = ("SECURE_", "SESSION_", "CSRF_", "X_FRAME_", "ALLOWED_HOSTS", "PARE_")


def production_settings():
    """The security settings pare/settings.py computes for production, read from the file itself."""
    with mock.patch.dict(os.environ, PRODUCTION_ENV):
        values = runpy.run_path(str(settings.BASE_DIR / "pare" / "settings.py"))
    return {
        name: value for name, value in values.items() if name.startswith(SECURITY_SETTING_PREFIXES)
    }


# --- The Observatory's rules: mdn/mdn-http-observatory, src/analyzer/tests, grader/charts.js ---

DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
SIX_MONTHS = 15_552_000
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]


class InvalidPolicy(ValueError):
    pass


def parse_csp(header):
    policy = {}
    for entry in header.replace("\r", "").replace("\n", "").split(";"):
        directive, *sources = entry.strip().split()
        if not directive:
            continue
        directive = directive.lower()
        if directive in policy:
            raise InvalidPolicy(directive)
        sources = {source.lower() for source in sources}
        if not sources and directive.endswith("-src"):
            sources = {"'none'"}
        policy[directive] = sources
    if not policy:
        raise InvalidPolicy(header)
    return policy


def csp_test(response):
    header = response.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25, {}
    try:
        csp = parse_csp(header)
    except (InvalidPolicy, ValueError):
        return "csp-header-invalid", -25, {}
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    object_src = csp.get("object-src") or default or {"*"}
    for sources in (script_src, style_src):
        if any(s.startswith(NONCE_OR_HASH) for s in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script_src:
        if not any(s.startswith(NONCE_OR_HASH) for s in script_src):
            return "csp-header-invalid", -25, csp
        script_src = {
            s
            for s in script_src
            if not s.startswith(tuple(DANGEROUSLY_BROAD)) and s not in {"'self'", "'unsafe-inline'"}
        }
    passive_directives = {"img-src", "media-src"}
    active = [s for d, v in csp.items() if d not in passive_directives | {"script-src"} for s in v]
    active += list(script_src)
    passive = [s for d in passive_directives for s in (csp.get(d) or default or set())]
    insecure = ("http:", "ftp:")
    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        return "csp-implemented-with-unsafe-inline", -20, csp
    if any(s.startswith(insecure) for s in active):
        return "csp-implemented-with-insecure-scheme", -20, csp
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval", -10, csp
    if any(s.startswith(insecure) for s in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10, csp
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0, csp
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", 10, csp
    return "csp-implemented-with-no-unsafe", 5, csp


def hsts_test(response, preloaded=False):
    if preloaded:
        return "hsts-preloaded", 5
    header = response.get("Strict-Transport-Security")
    if not header:
        return "hsts-not-implemented", -20
    if "," in header:
        return "hsts-header-invalid", -20
    max_age = None
    for parameter in (p.strip().lower() for p in header.split(";")):
        if parameter.startswith("max-age="):
            try:
                max_age = int(parameter[8:128])
            except ValueError:
                return "hsts-header-invalid", -20
    if max_age is None:
        return "hsts-header-invalid", -20
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


COOKIE_RESULTS = [  # from least to most serious
    ("cookies-without-secure-flag-but-protected-by-hsts", -5),
    ("cookies-without-secure-flag", -20),
    ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    ("cookies-samesite-flag-invalid", -20),
    ("cookies-anticsrf-without-samesite-flag", -20),
    ("cookies-session-without-httponly-flag", -30),
    ("cookies-session-without-secure-flag", -40),
]


def cookies_test(cookies, hsts_passes):
    if not cookies:
        return "cookies-not-found", 0
    worst = -1
    missing_samesite = False

    def flag(name):
        nonlocal worst
        index = [result for result, _ in COOKIE_RESULTS].index(name)
        worst = max(worst, index)

    for morsel in cookies:
        key = morsel.key.lower()
        session = "login" in key or "sess" in key
        samesite = morsel["samesite"].lower()
        if samesite and samesite not in {"lax", "strict", "none"}:
            flag("cookies-samesite-flag-invalid")
        if not morsel["secure"] and samesite == "none":
            flag("cookies-samesite-flag-invalid")
        if not morsel["secure"]:
            flag(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-without-secure-flag"
            )
        if "csrf" in key and not samesite:
            flag("cookies-anticsrf-without-samesite-flag")
        if session and not morsel["secure"]:
            flag(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-session-without-secure-flag"
            )
        if session and not morsel["httponly"]:
            flag("cookies-session-without-httponly-flag")
        missing_samesite |= not samesite
    if worst >= 0:
        return COOKIE_RESULTS[worst]
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions", 0
    return "cookies-secure-with-httponly-sessions-and-samesite", 5


def cors_test(response, probe_origin):
    allowed = response.get("Access-Control-Allow-Origin")
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented", 0
    credentials = response.get("Access-Control-Allow-Credentials", "").lower() == "true"
    if allowed.strip() == probe_origin and credentials:
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    if allowed.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def redirection_test(route):
    """route: the URLs visited starting from http://host/, redirections followed."""
    if len(route) == 1:
        return "redirection-missing", -20
    if not route[-1].startswith("https://"):
        return "redirection-not-to-https", -20
    if route[1].startswith("http://"):
        return "redirection-not-to-https-on-initial-redirection", -10
    if route[0].split("/")[2] != route[1].split("/")[2]:
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def referrer_policy_test(response):
    good = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]
    bad = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"]
    header = response.get("Referrer-Policy")
    if not header:
        return "referrer-policy-not-implemented", 0
    known = [v.strip().lower() for v in header.split(",") if v.strip().lower() in good + bad]
    if known and known[-1] in good:
        return "referrer-policy-private", 5
    if known:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def sri_test(response):
    if not response.get("Content-Type", "").startswith("text/html"):
        return "sri-not-implemented-response-not-html", 0
    scripts = [e for e in parse(response.content.decode()) if e.tag == "script"]
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = [s for s in scripts if s.attrs.get("src", "").startswith(("//", "http"))]
    if any(not s.attrs["src"].startswith("https://") for s in external):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if any("integrity" not in s.attrs for s in external):
        return "sri-not-implemented-but-external-scripts-loaded-securely", -5
    if external:
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0


def x_content_type_options_test(response):
    header = response.get("X-Content-Type-Options")
    if header is None:
        return "x-content-type-options-not-implemented", -5
    if header.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-header-invalid", -5


def x_frame_options_test(response, csp):
    if "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp", 5
    header = (response.get("X-Frame-Options") or "").strip().lower()
    if header in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny", 0
    if header.startswith("allow-from"):
        return "x-frame-options-allow-from-origin", 0
    if header:
        return "x-frame-options-header-invalid", -20
    return "x-frame-options-not-implemented", -20


def corp_test(response):
    header = (response.get("Cross-Origin-Resource-Policy") or "").strip().lower()
    results = {
        "": ("corp-not-implemented", 0),
        "same-origin": ("corp-implemented-with-same-origin", 10),
        "same-site": ("corp-implemented-with-same-site", 10),
        "cross-origin": ("corp-implemented-with-cross-origin", 0),
    }
    return results.get(header, ("corp-header-invalid", -5))


def observatory(page, route, cookies, cors_probe, probe_origin, preloaded=False):
    """Score a site as the Observatory does: penalties first, bonuses only from 90 up."""
    csp_name, csp_modifier, csp = csp_test(page)
    hsts = hsts_test(page, preloaded)
    results = {
        "content-security-policy": (csp_name, csp_modifier),
        "cookies": cookies_test(cookies, hsts_passes=hsts[1] >= 0),
        "cross-origin-resource-sharing": cors_test(cors_probe, probe_origin),
        "redirection": redirection_test(route),
        "referrer-policy": referrer_policy_test(page),
        "strict-transport-security": hsts,
        "subresource-integrity": sri_test(page),
        "x-content-type-options": x_content_type_options_test(page),
        "x-frame-options": x_frame_options_test(page, csp),
        "cross-origin-resource-policy": corp_test(page),
    }
    modifiers = [modifier for _, modifier in results.values()]
    uncurved = 100 + sum(m for m in modifiers if m < 0)
    score = 100 + sum(modifiers) if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    score = max(score, 0)
    grade = next(g for floor, g in GRADES if score >= floor)
    return score, grade, results


# --- Tests ---


@pytest.fixture
def site(db):
    organisation = make_organisation(name="Child Focus", abroad="Belgique")
    event = make_event(title="Webinaire", organisers=[organisation])
    initiative = make_initiative(title="La Boussole", organisations=[organisation])
    resource = make_resource(title="Un podcast", organisations=[organisation])
    issue = make_issue(events=[event], initiatives=[initiative], resources=[resource])
    return [organisation, event, initiative, resource, issue]


def public_pages(site):
    return [
        reverse("home"),
        reverse("newsletters:archive"),
        reverse("events:index"),
        reverse("news:index"),
        reverse("resources:index"),
        reverse("organisations:index"),
        *(entry.get_absolute_url() for entry in site),
        "/nulle-part/",
        reverse("search") + "?q=colloque",
        reverse("subscriptions:subscribe"),
    ]


def admin_pages(site, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    pages.append(reverse("admin:two_factor_setup"))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    for entry in site:
        opts = entry._meta
        if type(entry) in admin.site._registry:
            pages.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
            )
    return pages


def test_every_response_carries_the_strict_policy(client, site):
    response = client.get(reverse("home"))
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == {"'none'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["base-uri"] == {"'none'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["form-action"] == {"'self'"}
    assert not any(s in csp["script-src"] for s in ("'unsafe-inline'", "'unsafe-eval'", "data:"))
    assert "'unsafe-inline'" not in csp["style-src"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    assert {"camera", "microphone", "geolocation", "payment"} <= policy.keys()
    assert set(policy.values()) == {"()"}


def test_the_admin_and_staff_previews_are_never_stored(client, admin_client, site):
    draft = make_event(title="Brouillon", status="draft")
    for response in (
        client.get(reverse("admin:login")),
        admin_client.get(reverse("admin:index")),
        admin_client.get(reverse("admin:events_event_change", args=[draft.pk])),
        admin_client.get(draft.get_absolute_url()),
        admin_client.get(reverse("home")),
    ):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
    public = client.get(reverse("home"))
    assert "no-store" not in public.get("Cache-Control", "")


def test_public_pages_run_no_inline_script(client, site):
    for url in public_pages(site):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert active_content(response) == [], url
        assert not any("style" in e.attrs for e in parse(response.text)), url


def test_the_event_data_block_carries_this_response_nonce(client, site):
    event = site[1]
    response = client.get(event.get_absolute_url())
    nonce = header_nonce(response)
    assert nonce and f'<script type="application/ld+json" nonce="{nonce}">' in response.text


def test_a_cached_page_never_replays_an_old_nonce(client, site):
    url = site[1].get_absolute_url()
    first, second = client.get(url), client.get(url)
    assert header_nonce(first) != header_nonce(second)
    assert f'nonce="{header_nonce(second)}"' in second.text
    assert header_nonce(first) not in second.text


def test_the_admin_works_under_the_policy(admin_client, admin_user, site):
    for url in admin_pages(site, admin_user):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        assert active_content(response) == [], url
    login = Client().get(reverse("admin:login"))
    assert active_content(login) == []


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [({"SECRET_KEY": ""}, "SECRET_KEY"), ({"CACHE_URL": "locmemcache://"}, "CACHE_URL")],
    ids=["secret key", "shared cache"],
)
def test_production_refuses_to_start_without_its_own_secret_key_and_a_shared_cache(
    missing, message
):
    env = {**os.environ, **PRODUCTION_ENV, **missing}
    result = subprocess.run(
        [sys.executable, "-c", "import pare.settings"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr


def crawl(production):
    """Visit the site as the Observatory does, with the production security settings."""
    https = {"HTTP_X_FORWARDED_PROTO": "https", "SERVER_NAME": HOST}
    jar = []
    with override_settings(**production):
        client = Client(**https)
        route = [f"http://{HOST}/"]
        response = Client(HTTP_X_FORWARDED_PROTO="http", SERVER_NAME=HOST).get("/")
        while response.status_code in (301, 302, 307, 308) and len(route) < 10:
            route.append(response["Location"])
            scheme = "https" if response["Location"].startswith("https://") else "http"
            response = Client(HTTP_X_FORWARDED_PROTO=scheme, SERVER_NAME=HOST).get(
                "/" + response["Location"].split("/", 3)[3]
            )
        page = client.get("/")
        probe_origin = "https://observatory.example"
        cors_probe = client.get("/", HTTP_ORIGIN=probe_origin)
        # The Observatory keeps every cookie it is given; a staff login gets them all.
        User.objects.create_user("redactrice", password="une phrase de passe solide", is_staff=True)
        for response in (
            client.get(reverse("admin:login")),
            client.post(
                reverse("admin:login"),
                {"username": "redactrice", "password": "une phrase de passe solide"},
            ),
        ):
            jar.extend(SimpleCookie(response.cookies).values())
    return page, route, jar, cors_probe, probe_origin


def test_production_headers_score_a_plus_at_the_observatory(site):
    production = production_settings()
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    page, route, jar, cors_probe, probe_origin = crawl(production)
    assert page.status_code == 200
    assert {morsel.key for morsel in jar} >= {"sessionid", "csrftoken"}
    home_cookies = list(SimpleCookie(page.cookies).values())
    score, grade, results = observatory(page, route, home_cookies, cors_probe, probe_origin)
    assert results["content-security-policy"][0] == (
        "csp-implemented-with-no-unsafe-default-src-none"
    )
    # The Observatory loads the home page only, which sets no cookie: no bonus for them.
    assert results["cookies"][0] == "cookies-not-found"
    assert results["redirection"][0] == "redirection-to-https"
    assert all(modifier >= 0 for _, modifier in results.values()), results
    assert (score, grade) == (130, "A+")
    # The staff's cookies, which it never sees, would pass its rules too.
    assert cookies_test(jar, hsts_passes=True)[0] == (
        "cookies-secure-with-httponly-sessions-and-samesite"
    )
    # The header qualifies for the browsers' preload list (hstspreload.org's requirements);
    # once the domain is listed, the Observatory adds its HSTS bonus on top.
    hsts = page["Strict-Transport-Security"]
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert (
        observatory(page, route, home_cookies, cors_probe, probe_origin, preloaded=True)[0] == 135
    )


def test_local_settings_keep_the_policy_but_would_not_pass_as_production(client, site):
    """The grading sees the gaps: no HSTS, no redirection and plain cookies cost points."""
    page = client.get("/")
    score, grade, results = observatory(page, ["http://testserver/"], [], page, "x")
    assert results["content-security-policy"][1] == 10
    assert results["strict-transport-security"][0] == "hsts-not-implemented"
    assert results["redirection"][0] == "redirection-missing"
    assert score == 60 and grade == "C+"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("default-src 'none'; script-src 'self'", "no-unsafe-default-src-none"),
        ("default-src 'self'", "no-unsafe"),
        ("default-src 'self'; script-src 'self' 'unsafe-inline'", "unsafe-inline"),
        ("default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'", "no-unsafe"),
        ("default-src 'self'; object-src https:", "unsafe-inline"),
        ("img-src 'self'", "unsafe-inline"),
        ("default-src 'self'; style-src 'unsafe-inline'", "unsafe-inline-in-style-src-only"),
        ("default-src 'self'; script-src 'self' 'unsafe-eval'", "unsafe-eval"),
        ("default-src 'self'; img-src http:", "insecure-scheme-in-passive-content-only"),
        ("default-src 'self'; default-src 'none'", None),
    ],
)
def test_the_csp_rules_follow_the_observatory(rf, policy, expected):
    from django.http import HttpResponse

    response = HttpResponse()
    response["Content-Security-Policy"] = policy
    name = csp_test(response)[0]
    assert name == (f"csp-implemented-with-{expected}" if expected else "csp-header-invalid")


def test_a_site_without_headers_fails_the_observatory(rf):
    from django.http import HttpResponse

    bare = HttpResponse("<html><script>alert(1)</script></html>")
    cookie = SimpleCookie("sessionid=abc; Path=/")
    score, grade, results = observatory(bare, ["http://x/"], list(cookie.values()), bare, "o")
    assert results["cookies"][0] == "cookies-session-without-secure-flag"
    assert (score, grade) == (0, "F")
