"""``aio-edu``: export whole accounts, list operations, run the demo.

    aio-edu export VENDOR [--resources a,b] [--out DIR] [--format jsonl|csv|sqlite]
                          [--resume] [--concurrency N] [--demo] [--quiet]
    aio-edu operations VENDOR
    aio-edu demo

Also ``python -m aio_edu_clients ...``. Credentials come from the environment
(``TUTORCRUNCHER_API_KEY``, ``EDUFRAME_API_KEY``, ``TIDYCLUB_ACCESS_TOKEN`` or the
``TIDYCLUB_CLIENT_ID``/``_CLIENT_SECRET``/``_USERNAME``/``_PASSWORD``/``_DOMAIN_PREFIX``
login) or from flags, and are never printed. ``--demo`` exports from the vendor's
built-in fake server instead: no credentials, no network.

An expected failure ends with one line on stderr and a non-zero exit: 1 when the
export or the vendor failed, 2 for a usage error, 130 when interrupted (Ctrl-C; the
checkpoint is consistent, so ``--resume`` continues). A traceback means a bug.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from . import __version__
from .errors import EduClientError
from .export import (
    FORMATS,
    ExportObserver,
    ExportResult,
    ExportUsageError,
    export_account,
    exportable_resources,
)
from .export.accounts import VENDORS, credentials_for, open_account
from .export.progress import RichProgress, print_summary
from .export.runner import DEFAULT_CONCURRENCY

PROG = "aio-edu"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

CREDENTIAL_FLAGS = {
    "api_key": "API key (TutorCruncher, Eduframe); default from the environment",
    "access_token": "TidyClub access token",
    "client_id": "TidyClub OAuth client id (password login)",
    "client_secret": "TidyClub OAuth client secret",
    "username": "TidyClub username",
    "password": "TidyClub password",
    "domain_prefix": "TidyClub club domain prefix",
    "accounts_url": "TidyClub OAuth host (for testing)",
    "base_url": "the vendor API's base URL (default: the vendor's)",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Bulk export and tools for TutorCruncher, Eduframe and TidyClub."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    export = commands.add_parser(
        "export",
        help="export every list of an account to files",
        description="Export every list resource of one account, concurrently, at the "
        "vendor's rate limit, resumable.",
    )
    export.add_argument("vendor", choices=list(VENDORS), metavar="VENDOR", help=" | ".join(VENDORS))
    export.add_argument(
        "--resources",
        metavar="A,B,...",
        help="comma-separated resources (default: every top-level list; see `operations`)",
    )
    export.add_argument(
        "--out", metavar="DIR", default="export", help="directory (default: export)"
    )
    export.add_argument("--format", choices=FORMATS, default="jsonl", help="default: jsonl")
    export.add_argument(
        "--resume", action="store_true", help="continue an interrupted export in DIR"
    )
    export.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"resources exported at once (default: {DEFAULT_CONCURRENCY}); they share one rate budget",
    )
    export.add_argument(
        "--demo",
        action="store_true",
        help="export from the vendor's built-in fake server: no credentials, no network",
    )
    export.add_argument("--quiet", "-q", action="store_true", help="no progress, no summary")
    creds = export.add_argument_group("credentials (default: environment variables)")
    for name, text in CREDENTIAL_FLAGS.items():
        creds.add_argument("--" + name.replace("_", "-"), dest=name, metavar="VALUE", help=text)

    ops = commands.add_parser("operations", help="list every operation a client implements")
    ops.add_argument("vendor", choices=list(VENDORS), metavar="VENDOR", help=" | ".join(VENDORS))

    commands.add_parser("demo", help="a tour of the three clients against the built-in fakes")
    return parser


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return code


async def _export(args: argparse.Namespace, progress: ExportObserver | None) -> ExportResult:
    flags = {name: getattr(args, name) for name in CREDENTIAL_FLAGS}
    creds = credentials_for(args.vendor, flags)
    resources = (
        [r.strip() for r in args.resources.split(",") if r.strip()] if args.resources else None
    )
    async with open_account(args.vendor, creds, demo=args.demo) as client:
        return await export_account(
            client,
            Path(args.out),
            resources=resources,
            format=args.format,
            resume=args.resume,
            concurrency=args.concurrency,
            observer=progress,
        )


def run_export(args: argparse.Namespace) -> int:
    if args.demo and (args.base_url or args.api_key or args.access_token):
        return _fail(
            "--demo uses the built-in fake server: drop the credentials and --base-url", EXIT_USAGE
        )
    if args.concurrency < 1:
        return _fail("--concurrency must be at least 1", EXIT_USAGE)
    err = Console(stderr=True)
    out = Console(width=None if sys.stdout.isatty() else 120)
    show_progress = not args.quiet and err.is_terminal
    limit = VENDORS[args.vendor].default_rate_limit
    try:
        if show_progress:
            with RichProgress(err) as progress:
                result = asyncio.run(_export(args, progress))
        else:
            result = asyncio.run(_export(args, None))
    except KeyboardInterrupt:
        return _fail(
            f"interrupted; what was written is checkpointed in {args.out}: "
            "run the same command with --resume to continue",
            EXIT_INTERRUPTED,
        )
    except ExportUsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except EduClientError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.filename or args.out}: {exc.strerror or exc}")
    if not args.quiet:
        print_summary(out, result, limit)
    if not result.ok:
        names = ", ".join(r.name for r in result.failed)
        return _fail(
            f"{len(result.failed)} of {len(result.resources)} resources failed ({names}); "
            "run the same command with --resume to retry them"
        )
    return 0


def run_operations(args: argparse.Namespace) -> int:
    client_cls = VENDORS[args.vendor]
    ops = client_cls.operations()
    exported = set(exportable_resources(client_cls))
    width = max(len(op.path) for op in ops)
    for op in ops:
        mark = "  (exported)" if op.name == "list" and op.resource in exported else ""
        print(f"{op.method:<7} {op.path:<{width}}  {op.resource}.{op.name}{mark}")
    return 0


def run_demo() -> int:
    from .demo import main as demo_main

    return demo_main([])


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "export":
            return run_export(args)
        if args.command == "operations":
            return run_operations(args)
        return run_demo()
    except BrokenPipeError:  # `aio-edu operations x | head`: the reader left; so do we
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
