import argparse
import os


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs=argparse.REMAINDER)


def manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hechting.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hechting manage", *argv])
    return 0


def run(args: argparse.Namespace) -> int:
    return manage(args.args)
