"""The curators' accounts: login throttling (django-axes) and its unlocking,
the client's address behind a proxy, password rules, sessions, and the log
of what the workflow refused."""

import datetime
import json
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from archive.client_address import client_address
from statements.models import Statement
from tests.factories import make_statement, make_user
from tests.test_admin import ADD, CHANGELIST, form_data

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
EN_LOGIN = "/en/admin/login/"
PASSWORD = "pw"  # tests.factories.make_user's
SECURITY_LOG = "statements.security"


def log_in(client, username, password, address="203.0.113.7", url=EN_LOGIN, **meta):
    return client.post(
        url,
        {"username": username, "password": password, "next": "/en/admin/"},
        REMOTE_ADDR=address,
        **meta,
    )


def fail(client, username, times, address="203.0.113.7", **meta) -> list[int]:
    """``times`` logins with a wrong password; their status codes."""
    return [
        log_in(client, username, "wrong", address, **meta).status_code
        for _ in range(times)
    ]


def locked_at(statuses: list[int], limit: int) -> bool:
    """The login form again (with its error) up to the limit, whose failure
    is answered with the lock-out page."""
    return statuses == [200] * (limit - 1) + [429]


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == "/en/admin/"


def refusals(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == SECURITY_LOG]


# ----------------------------------------------------------------- throttling


def test_the_right_password_logs_in(client):
    make_user("curator", "editors")
    assert logged_in(log_in(client, "curator", PASSWORD))


def test_five_failures_for_one_name_lock_it_from_any_address(client, settings):
    make_user("curator", "editors")
    statuses = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        statuses += fail(client, "curator", 1, address=f"198.51.100.{n}")
    assert locked_at(statuses, settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "curator", PASSWORD, address="192.0.2.99")
    assert response.status_code == 429
    assert not logged_in(response)


def test_fewer_failures_than_the_limit_do_not_lock(client, settings):
    make_user("curator", "editors")
    assert fail(client, "curator", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4
    assert logged_in(log_in(client, "curator", PASSWORD))


def test_five_failures_from_one_address_lock_it_for_every_name(client, settings):
    make_user("curator", "editors")
    statuses = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        statuses += fail(client, f"guess{n}", 1, address="198.51.100.1")
    assert locked_at(statuses, settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "curator", PASSWORD, "198.51.100.1").status_code == 429
    # The name itself has no failure: from elsewhere, the curator logs in.
    assert logged_in(log_in(client, "curator", PASSWORD, "192.0.2.1"))


def test_the_lockout_page_says_until_when_in_english(client, settings):
    make_user("curator", "editors")
    fail(client, "curator", settings.AXES_FAILURE_LIMIT)
    before = timezone.now()
    response = log_in(client, "curator", PASSWORD)
    after = timezone.now()
    page = response.content.decode()
    assert "Login locked" in page
    # The minute the lock ends: one cool-off after the attempt (a minute may
    # turn between the test's clock readings).
    ends = {f"{t + settings.AXES_COOLOFF_TIME:%Y-%m-%d %H:%M}" for t in (before, after)}
    assert any(f"refused until {end} UTC" in page for end in ends)
    assert "An administrator of the archive can unlock" in page
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_the_lockout_page_is_arabic_right_to_left_at_admin(client, settings):
    make_user("curator", "editors")
    fail(client, "curator", settings.AXES_FAILURE_LIMIT, url=LOGIN)
    response = log_in(client, "curator", PASSWORD, url=LOGIN)
    page = response.content.decode()
    assert response.status_code == 429
    assert 'lang="ar" dir="rtl"' in page
    assert "تسجيل الدخول مقفل" in page
    assert "Login locked" not in page


def test_a_lockout_is_logged_with_the_name_and_the_address(client, settings, caplog):
    make_user("curator", "editors")
    caplog.set_level(logging.WARNING)
    fail(client, "curator", settings.AXES_FAILURE_LIMIT, address="198.51.100.23")
    log_in(client, "curator", PASSWORD, address="198.51.100.23")
    lines = refusals(caplog)
    assert len(lines) == 2  # the failure that locks, and the attempt after it
    line = lines[-1]
    assert "locked out" in line
    assert "'curator'" in line and "198.51.100.23" in line
    # And axes' own line for the moment the lock starts.
    assert any("Locking out" in r.getMessage() for r in caplog.records)


def test_the_lock_ends_after_the_cool_off(client, settings):
    make_user("curator", "editors")
    fail(client, "curator", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "curator", PASSWORD).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert logged_in(log_in(client, "curator", PASSWORD))


# ------------------------------------------------------------------ unlocking


@pytest.fixture
def locked_out(client, settings):
    """A curator whose name is locked (failures from many addresses)."""
    make_user("curator", "editors")
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(client, "curator", 1, address=f"198.51.100.{n}")
    assert log_in(client, "curator", PASSWORD).status_code == 429
    return "curator"


def test_an_administrator_unlocks_a_curator_on_the_command_line(client, locked_out):
    call_command("axes_reset_username", locked_out)
    assert logged_in(log_in(client, locked_out, PASSWORD))


def test_an_administrator_unlocks_a_curator_in_the_admin(client, locked_out):
    administrator = make_user("boss", "administrators", is_superuser=True)
    admin_client = type(client)()
    admin_client.force_login(administrator)
    attempts = "/en/admin/axes/accessattempt/"
    assert locked_out in admin_client.get(attempts).content.decode()
    ids = list(
        AccessAttempt.objects.filter(username=locked_out).values_list("pk", flat=True)
    )
    response = admin_client.post(
        attempts,
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert logged_in(log_in(client, locked_out, PASSWORD))


# ---------------------------------------------------- the client's address


def request_from(peer: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_the_forwarded_address_is_ignored_without_a_trusted_proxy(settings):
    settings.ARCHIVE_TRUSTED_PROXY = False
    assert client_address(request_from("203.0.113.7", "10.9.9.9")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_address_it_added_is_the_clients(settings):
    settings.ARCHIVE_TRUSTED_PROXY = True
    # The client forged the first entry; the proxy appended the real one.
    request = request_from("127.0.0.1", "10.9.9.9, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"
    assert client_address(request_from("127.0.0.1", " 2001:db8::1 ")) == "2001:db8::1"


def test_behind_a_trusted_proxy_a_missing_or_bad_header_means_the_peer(settings):
    settings.ARCHIVE_TRUSTED_PROXY = True
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.1", "<script>")) == "127.0.0.1"


def test_a_forged_forwarded_header_does_not_escape_a_lock_by_address(client, settings):
    settings.ARCHIVE_TRUSTED_PROXY = False
    make_user("curator", "editors")
    statuses = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        statuses += fail(client, f"guess{n}", 1, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert locked_at(statuses, settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "curator", PASSWORD, HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, settings):
    settings.ARCHIVE_TRUSTED_PROXY = True
    make_user("curator", "editors")
    statuses = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        statuses += fail(
            client, f"guess{n}", 1, "127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.66"
        )
    assert locked_at(statuses, settings.AXES_FAILURE_LIMIT)
    again = log_in(
        client, "curator", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.66"
    )
    assert again.status_code == 429
    other = log_in(
        client, "curator", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.2"
    )
    assert logged_in(other)


# --------------------------------------------------- passwords and sessions


def test_the_admin_refuses_a_weak_password(admin_client):
    user = make_user("curator", "editors")
    response = admin_client.post(
        f"/en/admin/auth/user/{user.pk}/password/",
        {"password1": "12345678", "password2": "12345678"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This password is too common." in page
    assert "This password is entirely numeric." in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_login_session_lasts_a_working_day_and_ends_with_the_browser(client):
    make_user("curator", "editors")
    log_in(client, "curator", PASSWORD)
    cookie = client.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=8) < left <= datetime.timedelta(hours=10)


def test_an_expired_session_must_log_in_again(client):
    make_user("curator", "editors")
    log_in(client, "curator", PASSWORD)
    assert client.get("/en/admin/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/en/admin/")
    assert response.status_code == 302 and response.url.startswith(EN_LOGIN)


# -------------------------------------------------------- refusals logged


@pytest.fixture
def editor(client, caplog):
    caplog.set_level(logging.WARNING, logger=SECURITY_LOG)
    user = make_user("editor1", "editors")
    client.force_login(user)
    return user


def test_a_forged_status_is_refused_and_logged(client, editor, caplog):
    draft = make_statement(status="draft")
    client.post(f"{CHANGELIST}{draft.pk}/change/", form_data(draft, status="published"))
    (line,) = refusals(caplog)
    assert "'editor1'" in line and f"(id {editor.pk})" in line
    assert "give the status 'published'" in line and f"statements: {draft.pk}" in line


def test_a_forged_status_on_a_new_statement_is_logged(client, editor, caplog):
    client.post(ADD, form_data(status="retracted", retraction_reason="x"))
    assert not Statement.objects.exists()
    (line,) = refusals(caplog)
    assert "give the status 'retracted'" in line and "statements: -" in line


def test_a_forged_publish_action_is_logged_with_its_statements(client, editor, caplog):
    drafts = [make_statement(status="draft") for _ in range(2)]
    ids = [d.pk for d in drafts]
    client.post(CHANGELIST, {"action": "publish", "_selected_action": ids})
    (line,) = refusals(caplog)
    assert "run the action 'publish'" in line
    assert f"statements: {ids[0]}, {ids[1]}" in line


def test_an_action_the_user_holds_is_not_logged(client, editor, caplog):
    draft = make_statement(status="draft")
    client.post(
        CHANGELIST, {"action": "send_to_review", "_selected_action": [draft.pk]}
    )
    assert refusals(caplog) == []


def test_changing_a_published_statement_is_refused_and_logged(client, editor, caplog):
    published = make_statement()
    url = f"{CHANGELIST}{published.pk}/change/"
    assert client.post(url, form_data(published, title="x")).status_code == 403
    (line,) = refusals(caplog)
    assert "may not change" in line and f"statements: {published.pk}" in line


def test_deleting_without_the_permission_is_refused_and_logged(client, caplog):
    caplog.set_level(logging.WARNING, logger=SECURITY_LOG)
    client.force_login(make_user("reviewer1", "reviewers"))
    statement = make_statement()
    url = f"{CHANGELIST}{statement.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Statement.objects.filter(pk=statement.pk).exists()
    (line,) = refusals(caplog)
    assert "'reviewer1'" in line and "may not delete" in line


def test_restoring_a_version_one_may_not_is_logged(client, editor, caplog):
    published = make_statement()
    version = published.history.first()
    url = f"{CHANGELIST}{published.pk}/history/{version.history_id}/"
    assert client.post(url, form_data(published)).status_code == 403
    (line,) = refusals(caplog)
    assert f"restore version {version.history_id} of" in line


def test_a_file_whose_records_the_user_may_not_import_is_logged(
    client, editor, caplog, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    record = {"external_id": "x", "body": "نص", "status": "published"}
    upload = SimpleUploadedFile("batch.jsonl", json.dumps(record).encode() + b"\n")
    client.post(CHANGELIST + "import/", {"file": upload, "status": "draft"})
    (line,) = refusals(caplog)
    assert "import batch.jsonl (1 records; line 1:" in line
    assert "is not one you may give" in line
