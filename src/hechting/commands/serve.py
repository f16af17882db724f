import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument("--threads", type=int, default=8, help="worker threads (8)")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hechting.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from hechting.assessments.engine import warm_up

    try:
        warm_up()  # the psychometric model loads now, not during someone's first answer
    except Exception as exc:  # only an optimisation: the first request would load it anyway
        print(f"warning: could not preload the psychometric model: {exc}", file=sys.stderr)
    from waitress import serve

    from hechting.web.wsgi import application

    print(f"Hechting runs at http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="hechting")
    return 0
