"""``aio-edu``: export whole accounts, list operations, run the demo.

    aio-edu export VENDOR [--resources a,b] [--out DIR] [--format jsonl|csv|sqlite]
                          [--resume | --overwrite] [--concurrency N] [--demo] [--quiet]
    aio-edu operations VENDOR
    aio-edu demo

Also ``python -m aio_edu_clients ...``. Credentials come from the environment
(``TUTORCRUNCHER_API_KEY``, ``EDUFRAME_API_KEY``, ``TIDYCLUB_ACCESS_TOKEN`` or the
``TIDYCLUB_CLIENT_ID``/``_CLIENT_SECRET``/``_USERNAME``/``_PASSWORD``/``_DOMAIN_PREFIX``
login) or from flags, and are never printed. ``--demo`` exports from the vendor's
built-in fake server instead: no credentials, no network.

What was exported (the summary) goes to stdout; progress, notes and errors to stderr.
An expected failure ends with one line on stderr and a non-zero exit: 1 when the
export or the vendor failed, 3 when it finished but some items did not fit their
model (written as sent, flagged), 2 for a usage error (another export in the
directory without ``--resume``/``--overwrite`` too) (a malformed ``--base-url`` too, before
any request), 130 when interrupted (Ctrl-C) and 143 when terminated (SIGTERM); the
checkpoint is consistent then, so ``--resume`` continues. A traceback means a bug.

A signal can come at any moment, during start-up too, so this module imports nothing
at module level that is not loaded already (the package imports its names lazily):
the imports (aiohttp, rich, the models; even `signal`) run inside `main`, where a
signal is caught. Python's own start-up (site, runpy) stays a window of a few ms.
"""

import os
import sys

from . import __version__

# Not `typing.TYPE_CHECKING` nor `from __future__ import annotations`: importing typing
# or __future__ is start-up time too, so the annotations naming these are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import FrameType

    from .export import ExportObserver, ExportResult

PROG = "aio-edu"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNPARSED = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

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


def _parser() -> "argparse.ArgumentParser":
    import argparse

    from .export import FORMATS
    from .export.accounts import VENDORS
    from .export.runner import DEFAULT_CONCURRENCY

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
    mode = export.add_mutually_exclusive_group()
    mode.add_argument(
        "--resume",
        action="store_true",
        help="continue the export in DIR, after checking its files against the checkpoint",
    )
    mode.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the export DIR holds (without it, a fresh export refuses such a DIR)",
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


class _Stop:
    """What a signal found: whether it was SIGTERM (exit 143, else Ctrl-C's 130), and
    whether the export had begun (else the line may not promise a checkpoint)."""

    terminated = False
    export_started = False


def _on_sigterm(signum: int, frame: "FrameType | None") -> None:
    """Outside the event loop SIGTERM stops the program as Ctrl-C does, remembered."""
    _Stop.terminated = True
    raise KeyboardInterrupt


def _stopped(what: str = "") -> int:
    """The one line for a run ended by a signal; ``what`` says what became of the work.

    Under ``python -m``, CPython ends the process by SIGINT, whatever `main` returns,
    once a KeyboardInterrupt has escaped any exec'd string (dataclasses build methods
    so), caught or not; exec-ing an empty string clears that, so the code is ours.
    """
    exec("")
    if _Stop.terminated:
        return _fail("terminated" + what, EXIT_TERMINATED)
    return _fail("interrupted" + what, EXIT_INTERRUPTED)


def _stopped_export(args: "argparse.Namespace") -> int:
    """`_stopped` for an export: a checkpoint is promised only if this run began writing.

    The export writes its checkpoint before any output file, so none on disk means
    nothing was written; one on disk before the export began is an earlier run's.
    """
    from pathlib import Path

    from .export import CHECKPOINT_NAME

    if not (_Stop.export_started and (Path(args.out) / CHECKPOINT_NAME).exists()):
        return _stopped(" before the export started; nothing was written")
    return _stopped(
        f"; what was written is checkpointed in {args.out}: "
        "run the same command with --resume to continue"
    )


async def _terminable(
    args: "argparse.Namespace", progress: "ExportObserver | None"
) -> "ExportResult":
    """`_export`, cancelled by SIGTERM as asyncio.run cancels it on Ctrl-C.

    The loop's handler is removed on the way out and `_on_sigterm` put back, so a
    SIGTERM while asyncio.run winds down still ends the program with one line.
    """
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None

    def cancel() -> None:
        _Stop.terminated = True
        task.cancel()

    loop.add_signal_handler(signal.SIGTERM, cancel)
    try:
        return await _export(args, progress)
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        signal.signal(signal.SIGTERM, _on_sigterm)


async def _export(args: "argparse.Namespace", progress: "ExportObserver | None") -> "ExportResult":
    from pathlib import Path

    from .export import export_account
    from .export.accounts import credentials_for, open_account

    flags = {name: getattr(args, name) for name in CREDENTIAL_FLAGS}
    creds = credentials_for(args.vendor, flags)
    resources = (
        [r.strip() for r in args.resources.split(",") if r.strip()] if args.resources else None
    )
    async with open_account(args.vendor, creds, demo=args.demo) as client:
        _Stop.export_started = True
        return await export_account(
            client,
            Path(args.out),
            resources=resources,
            format=args.format,
            resume=args.resume,
            overwrite=args.overwrite,
            concurrency=args.concurrency,
            observer=progress,
        )


def run_export(args: "argparse.Namespace") -> int:
    import asyncio

    from rich.console import Console

    from .core.transport import check_base_url
    from .errors import EduClientError
    from .export import ExportUsageError
    from .export.accounts import VENDORS
    from .export.progress import NoticeLines, RichProgress, print_summary

    if args.demo and (args.base_url or args.api_key or args.access_token):
        return _fail(
            "--demo uses the built-in fake server: drop the credentials and --base-url", EXIT_USAGE
        )
    if args.concurrency < 1:
        return _fail("--concurrency must be at least 1", EXIT_USAGE)
    try:  # the clients refuse them too, but a TidyClub login would come first
        for flag in ("base_url", "accounts_url"):
            if getattr(args, flag):
                check_base_url(getattr(args, flag), "--" + flag.replace("_", "-"))
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    err = Console(stderr=True)
    out = Console(width=None if sys.stdout.isatty() else 120)
    show_progress = not args.quiet and err.is_terminal
    limit = VENDORS[args.vendor].default_rate_limit
    try:
        if show_progress:
            with RichProgress(err) as progress:
                result = asyncio.run(_terminable(args, progress))
        else:
            result = asyncio.run(_terminable(args, NoticeLines(err)))
    except KeyboardInterrupt:
        return _stopped_export(args)
    except asyncio.CancelledError:
        if not _Stop.terminated:
            raise  # cancelled by no signal of ours: a bug, shown as one
        return _stopped_export(args)
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
    if result.unparsed:
        return _fail(
            f"{result.unparsed:,} items did not fit their model; they are written as sent, "
            "flagged '_unparsed'",
            EXIT_UNPARSED,
        )
    return 0


def run_operations(args: "argparse.Namespace") -> int:
    from .export import exportable_resources
    from .export.accounts import VENDORS

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


def main(argv: "Sequence[str] | None" = None) -> int:
    """Run one command; a signal at any point, start-up included, ends in one line.

    SIGINT keeps Python's own handler (asyncio.run cancels the export with it only if
    it is still `signal.default_int_handler`); SIGTERM gets one that acts the same.
    """
    _Stop.terminated = _Stop.export_started = False
    try:
        import signal

        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            return _command(argv)
        finally:
            signal.signal(signal.SIGTERM, previous)
    except KeyboardInterrupt:
        return _stopped()
    except BrokenPipeError:  # `aio-edu operations x | head`: the reader left; so do we
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


def _command(argv: "Sequence[str] | None") -> int:
    args = _parser().parse_args(argv)
    if args.command == "export":
        return run_export(args)
    if args.command == "operations":
        return run_operations(args)
    return run_demo()


if __name__ == "__main__":
    sys.exit(main())
