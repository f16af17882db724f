"""`hechting serve`: migrate, check the journal keys, then serve with waitress or gunicorn.

One worker process (the default) is waitress, which runs on every OS; `--workers N` with N > 1
starts gunicorn (POSIX only) with N processes of `--threads` threads each. Everything the
processes share lives in the database or the cache (see settings.CACHES), never in memory.
"""

import argparse
import os
import sys

from hechting.cli import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument("--threads", type=int, default=8, help="threads per process (8)")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes (1 = waitress; more = gunicorn, POSIX only)",
    )


def prepare() -> None:
    """Everything that must hold before the first request, in every server set-up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hechting.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the shared counts (database cache)
    from hechting.program.crypto import JournalKeyError, check_keys

    try:
        check_keys()
    except JournalKeyError as exc:
        raise UsageError(f"journal key: {exc}") from exc
    from hechting.assessments.engine import warm_up

    try:
        warm_up()  # the psychometric model loads now, not during someone's first answer
    except Exception as exc:  # only an optimisation: the first request would load it anyway
        print(f"warning: could not preload the psychometric model: {exc}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.workers < 1 or args.threads < 1:
        raise UsageError("--workers and --threads must be at least 1")
    if args.workers > 1 and os.name != "posix":
        raise UsageError("--workers above 1 needs gunicorn, which runs on POSIX only")
    prepare()
    from django.conf import settings
    from django.db import connections

    connections.close_all()  # no connection may be shared with forked workers
    proxies = [str(n) for n in settings.TRUSTED_PROXIES]
    print(f"Hechting runs at http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    if args.workers == 1:
        from waitress import serve

        from hechting.web.wsgi import application

        # Proxy headers reach Django, whose TrustedProxyMiddleware believes them from
        # HECHTING_TRUSTED_PROXIES only (waitress would otherwise drop them from every peer).
        serve(
            application,
            host=args.host,
            port=args.port,
            threads=args.threads,
            ident="hechting",
            clear_untrusted_proxy_headers=not proxies,
        )
    else:
        from hechting.commands.gunicorn_app import serve_gunicorn

        serve_gunicorn(
            bind=f"{args.host}:{args.port}",
            workers=args.workers,
            threads=args.threads,
            trusted_proxies=proxies,
        )
    return 0
