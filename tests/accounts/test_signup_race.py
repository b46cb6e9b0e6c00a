"""The same username signed up twice at the same moment, against a real server
(gunicorn, several processes) on the suite's database: one person gets the account,
the other the form again with "A user with that username already exists." beside the
username. Never a 500, never two accounts.

The race is real: each sign-up checks the username, then spends a good part of a second
hashing the password (the server's real hasher) before it saves, so two sign-ups that
start together both pass the check."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar

from tests.security.live_app import CSRF

USERNAMES = ["samerace1", "samerace2", "samerace3"]
SIGNUPS_PER_USERNAME = 2
TAKEN = "A user with that username already exists."

COUNT_ACCOUNTS = """
from diary.models import User
for name in {names!r}:
    print("ACCOUNTS", name, User.objects.filter(username=name).count())
"""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class SignUpPage:
    """One browser on the sign-up page, with its CSRF cookie and token."""

    def __init__(self, base_url):
        self.url = base_url + "/accounts/signup/"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects()
        )
        _status, page = self.open()
        self.token = CSRF.search(page).group(1)

    def open(self, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.url, data=body), timeout=60) as page:
                return page.status, page.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace")

    def sign_up(self, username):
        password = "quiet-evening-stretch-81"
        return self.open(
            {
                "username": username,
                "password1": password,
                "password2": password,
                "time_zone": "Europe/London",
                "csrfmiddlewaretoken": self.token,
            }
        )


def race(app):
    """Every sign-up at once; {username: [(status, page), ...]}."""
    pages = [(name, SignUpPage(app.base_url)) for name in USERNAMES]
    pages *= SIGNUPS_PER_USERNAME
    start = threading.Barrier(len(pages))
    answers = {name: [] for name in USERNAMES}

    def sign_up(name, page):
        start.wait(timeout=30)
        answers[name].append(page.sign_up(name))

    threads = [threading.Thread(target=sign_up, args=pair) for pair in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def accounts(app):
    output = app.manage("shell", "-c", COUNT_ACCOUNTS.format(names=USERNAMES))
    rows = [line.split() for line in output.splitlines() if line.startswith("ACCOUNTS ")]
    return {name: int(count) for _label, name, count in rows}


def test_two_sign_ups_with_one_username_at_once_make_one_account_and_a_clear_error(live_app):
    live_app.prepare([])
    live_app.start(workers=3, threads=2)

    answers = race(live_app)

    for name in USERNAMES:
        statuses = Counter(status for status, _page in answers[name])
        assert statuses == {302: 1, 200: 1}, f"{name}: {statuses}"
        refused = next(page for status, page in answers[name] if status == 200)
        assert TAKEN in refused
        assert f'value="{name}"' in refused  # the form keeps what they typed
    assert accounts(live_app) == dict.fromkeys(USERNAMES, 1)
    log = live_app.server_log()
    assert "IntegrityError" not in log
    assert "Internal Server Error" not in log
