"""The `hechting` command: serve the web app, score data files, calibrate, simulate CAT."""

import argparse
import importlib
import sys

# Each subcommand lives in hechting.commands.<name> with add_arguments(parser) and run(args) -> int.
COMMANDS = {
    "serve": "Start the web app (migrates the database first).",
    "manage": "Run a Django management command, e.g. `hechting manage createsuperuser`.",
    "score": "Score a CSV of ECR, ECR-S or RSES answers (classical, IRT, norms, styles).",
    "calibrate": "Fit the ECR GRM parameters and the ECR/RSES norms from the shared data.",
    "cat": "Adaptive ECR: `hechting cat simulate INPUT --instrument ecr` on real answers.",
}


class UsageError(Exception):
    """A problem with the user's input: printed as one line, exit status 2, no traceback."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, only that subcommand's module is imported (start-up time:
    `calibrate` alone pulls in scipy's optimisers)."""
    parser = argparse.ArgumentParser(prog="hechting", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        if command is None or name == command:
            module = importlib.import_module(f"hechting.commands.{name}")
            module.add_arguments(sp)
            sp.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["manage"]:  # pass everything through to Django untouched
        from hechting.commands.manage import manage

        return manage(argv[1:])
    command = argv[0] if argv[:1] and argv[0] in COMMANDS else None
    args = build_parser(command).parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except UsageError as exc:
        print(f"hechting {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
