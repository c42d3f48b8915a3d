"""gunicorn's settings for ``make serve`` and the systemd unit (docs/deploy.md).

    gunicorn -c archive/gunicorn.conf.py archive.wsgi

Everything a deployment changes comes from the environment: ``PORT``,
``ARCHIVE_BIND``, ``WEB_CONCURRENCY``, ``WEB_THREADS``, ``WEB_TIMEOUT``, and
the followers run beside the workers, ``ARCHIVE_INDEX_FOLLOWER`` and
``ARCHIVE_DUMPS_FOLLOWER``.
"""

import os
import shlex
import subprocess

# The production settings, whatever the shell says, unless it names others.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.production")

# The loopback interface by default: a reverse proxy (nginx) faces the
# network, terminates TLS and serves as the buffer against slow clients,
# which gunicorn's synchronous workers must not face themselves.
bind = os.environ.get("ARCHIVE_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# A search is Python work (scoring in search/scoring.py), so a worker per core
# plus one to cover the time a worker waits on the database or the disk;
# threads let a worker answer a cheap request (a static file, /healthz) while
# another thread scores. Each worker keeps its own index reader and caches
# (search/cache.py): memory grows with workers, not with threads.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("WEB_THREADS", 2))
worker_class = "gthread"

# A PDF of a long statement or a first search after a restart (reading the
# index's caches) takes seconds; more than this is a stuck worker.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
# Idle connections from the proxy kept open a little (nginx reuses them).
keepalive = 5

# Loading the application before forking shares its imported code between
# the workers (copy-on-write), and stops the master at once when the settings
# refuse to start (production.py), instead of every worker failing in turn.
preload_app = True

# gunicorn's control socket (gunicornc) lives at one path per user: several
# nodes or a test's server on one machine would take each other's. Signals
# (HUP to reload, TERM to stop) are how systemd and `make serve` drive it.
control_socket_disable = True

# Requests and errors on stdout/stderr: the journal (systemd) or the terminal.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
# The proxy's address is the peer; the client's comes in X-Forwarded-For.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# ------------------------------------------------------------ the followers
# The node's index follower (manage.py follow_index, statements/indexing/
# follower.py) runs beside the web workers: started with the master and
# stopped with it; `make serve` sets it. Empty: this node's index follows only
# the changes its own processes commit (statements/indexing/outbox.py), which is
# enough for one node. Under systemd the follower may instead be its own unit
# (docs/deploy.md): leave this empty there. The dumps follower (manage.py
# follow_dumps, statements/dumps/follower.py), which writes /data/'s dumps
# again after public changes, is started and stopped the same way.
FOLLOWERS = [
    command
    for command in (
        os.environ.get("ARCHIVE_INDEX_FOLLOWER", ""),
        os.environ.get("ARCHIVE_DUMPS_FOLLOWER", ""),
    )
    if command
]
_followers: list[subprocess.Popen] = []


def when_ready(server):
    """The master is listening: start the followers, if there are any."""
    for command in FOLLOWERS:
        server.log.info("starting a follower: %s", command)
        _followers.append(subprocess.Popen(shlex.split(command)))


def on_exit(server):
    """The master stops: stop the followers with it. One still writing (a dump
    of the corpus takes up to a minute) is killed after the grace period: its
    half-written dump is never served, and the next writer removes it."""
    running = [follower for follower in _followers if follower.poll() is None]
    for follower in running:
        follower.terminate()
    for follower in running:
        try:
            follower.wait(timeout=graceful_timeout)
        except subprocess.TimeoutExpired:
            follower.kill()
            follower.wait()
