"""What every command shares: input lists, the record stream, error translation.

Errors are translated once, here: an exception for one input becomes a one-line
message on stderr (``ocr-boxes: scan7.jpg: not an image (...)``) and an error record
on stdout; ``--verbose`` adds the traceback; ``--fail-fast`` stops at the first. The
exit status is 0 when every input worked, 1 when some failed, 2 for a usage error,
130 when interrupted.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer

from ocrtools.errors import InputError, describe, printable
from ocrtools.records import Record

if TYPE_CHECKING:
    from ocrtools.typed import Decoder

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def make_app(help_text: str) -> typer.Typer:
    return CommandApp(
        add_completion=True,
        help=help_text,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


class CommandApp(typer.Typer):
    """A typer app whose every command also takes --version (declared here, once, so
    the command modules need not repeat it)."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            register(_with_version_option(function))
            return function

        return decorator


def _print_version(ctx: typer.Context, value: bool) -> None:
    if value:
        from ocrtools import __version__

        print(f"{ctx.find_root().info_name} {__version__}")
        raise typer.Exit(EXIT_OK)


VersionOption = Annotated[
    bool,
    typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
]


def _with_version_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """The command function with a keyword-only --version parameter added to what typer
    sees (its signature); the function itself is called without it."""
    signature = inspect.signature(function, eval_str=True)
    parameters = list(signature.parameters.values())
    parameters.append(
        inspect.Parameter("version", inspect.Parameter.KEYWORD_ONLY, default=False,
                          annotation=VersionOption)
    )

    @functools.wraps(function)
    def command(*args: Any, version: bool = False, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters} | {
        "return": signature.return_annotation
    }
    return command


class Reporter:
    """Counts failures, writes the one-line messages, applies --fail-fast."""

    def __init__(self, command: str, verbose: bool = False, fail_fast: bool = False):
        self.command = command
        self.verbose = verbose
        self.fail_fast = fail_fast
        self.failures = 0

    def message(self, text: str) -> None:
        print(f"{self.command}: {printable(text)}", file=sys.stderr, flush=True)

    def failed(self, image: str, error: str, trace: str | None = None) -> None:
        """Report one failed input (its error record is written by the caller)."""
        self.failures += 1
        self.message(f"{image}: {error}")
        if self.verbose and trace:
            sys.stderr.write(trace)

    def exception(self, image: str, exc: BaseException) -> str:
        error = describe(exc)
        trace = "".join(traceback.format_exception(exc)) if self.verbose else None
        self.failed(image, error, trace)
        return error

    def passed_error(self, record: Record) -> None:
        """An error record from an earlier stage: counted, not reported again."""
        self.failures += 1

    def stop_now(self) -> bool:
        return self.fail_fast and self.failures > 0

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failures else EXIT_OK


class FailedCheck(InputError):
    """A reading that fails its --expect check, under --strict."""


class ReadingCheck:
    """What a command does with --expect's verdict on each reading (the record's
    "valid", see Decoder.passes): nothing when it passes or nothing was checked; a
    one-line warning on stderr naming the input when it fails; with --strict, a
    FailedCheck instead, which the command's error handling turns into an error record
    and exit status 1, as any failed input::

        check = ReadingCheck(COMMAND, expect.value, strict)
        try:
            result = check(result)
        except FailedCheck as exc:
            result = error_record(name, reporter.exception(name, exc))
    """

    def __init__(self, command: str, expect: str, strict: bool = False) -> None:
        self.command = command
        self.expect = expect
        self.strict = strict

    def failure(self, record: Record) -> str | None:
        """Why the record's reading fails its check, or None."""
        if record.get("valid") is not False:
            return None
        return f"reading {str(record.get('text', ''))!r} fails --expect {self.expect}"

    def __call__(self, record: Record) -> Record:
        message = self.failure(record)
        if message is not None:
            if self.strict:
                raise FailedCheck(message)
            image = str(record.get("image", "?"))
            print(f"{self.command}: {printable(image)}: {printable(message)}",
                  file=sys.stderr, flush=True)
        return record


def make_decoder(
    command: str, expect: str, charset: str | None, labels: Iterable[str] | None = None,
    dictionary: bool = True,
) -> Decoder:
    """The decoder of --expect/--charset, or a usage error (exit 2) when the choice
    leaves nothing to read: no character of ``labels`` (the model's; by default those
    of every shipped model, for ocr-join, which learns the model from its records)."""
    from ocrtools.typed import Decoder

    if labels is None and charset:
        labels = _shipped_labels()
    try:
        return Decoder(expect, charset, labels, dictionary)
    except ValueError as exc:
        usage_error(command, str(exc))


def _shipped_labels() -> set[str] | None:
    from ocrtools.errors import ModelError
    from ocrtools.models import available_models, find_model

    labels: set[str] = set()
    try:
        for name in available_models():
            labels.update(find_model(name).labels)
    except ModelError:
        return None
    return labels or None


def usage_error(command: str, text: str) -> NoReturn:
    print(f"{command}: {text}", file=sys.stderr)
    print(f"Try '{command} --help' for help.", file=sys.stderr)
    raise typer.Exit(EXIT_USAGE)


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def image_inputs(
    command: str, paths: list[str], files_from: str | None, recursive: bool
) -> Iterator[str]:
    """The input names, lazily: paths as given, directories expanded to their image
    files (sorted), then the --files-from lines, each yielded as soon as its line is
    read (``inotifywait ... | ocr-boxes -T -`` reads every image as it comes), '-' for
    one image on stdin. Usage errors (no input, an unreadable list) come at once."""
    if not paths and files_from is None:
        if stdin_is_terminal():
            usage_error(command, "no input: give image paths, a directory, or pipe an image")
        paths = ["-"]
    listed: Iterator[str] = iter(())
    if files_from is not None:
        if files_from == "-" and "-" in paths:
            usage_error(command, "stdin cannot hold both the image and the list of files")
        listed = _read_list(command, files_from)
    return _expand_directories(itertools.chain(list(paths), listed), recursive)


def _expand_directories(names: Iterable[str], recursive: bool) -> Iterator[str]:
    from ocrtools.images import is_directory, list_images

    for name in names:
        if is_directory(name):
            yield from list_images(name, recursive)
        else:
            yield name


def _read_list(command: str, files_from: str) -> Iterator[str]:
    """The lines of a list of files, opened now, read as they are iterated."""
    try:
        handle: TextIO = (
            sys.stdin
            if files_from == "-"
            else open(files_from, encoding="utf-8", errors="surrogateescape")
        )
    except OSError as exc:
        usage_error(command, f"--files-from {files_from}: {exc.strerror or exc}")
    return _lines(handle)


def _lines(handle: TextIO) -> Iterator[str]:
    with handle:
        # readline, not iteration: each line as soon as it arrives on a pipe
        for line in iter(handle.readline, ""):
            name = line.rstrip("\n").rstrip("\r")
            if name:
                yield name


def open_records(command: str, source: str) -> TextIO:
    """The JSON Lines input of a record filter: a file, or stdin for '-'."""
    if source == "-":
        if stdin_is_terminal():
            usage_error(command, "no input: pipe records from the previous command")
        return sys.stdin
    try:
        return open(source, encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        usage_error(command, f"{source}: {exc.strerror or exc}")


def filter_records(
    command: str,
    source: str,
    stage: Callable[[Record], Record],
    verbose: bool,
    fail_fast: bool,
    emit: Callable[[Record], None] | None = None,
) -> int:
    """Apply a stage to every record of the input; error records pass unchanged."""
    from ocrtools.records import error_record, read_records, write_record

    reporter = Reporter(command, verbose, fail_fast)
    out = emit or write_record
    stream = open_records(command, source)
    for record in read_records(stream):
        if record.get("error"):
            if str(record["image"]).startswith("<stdin line"):
                reporter.failed(str(record["image"]), str(record["error"]))
            else:
                reporter.passed_error(record)
            out(record)
        else:
            try:
                out(stage(record))
            except (Exception, MemoryError) as exc:  # noqa: BLE001 - translated once, here
                error = reporter.exception(str(record.get("image", "?")), exc)
                out(error_record(str(record.get("image", "?")), error))
        sys.stdout.flush()
        if reporter.stop_now():
            break
    return reporter.exit_code


def run(app: typer.Typer, command: str) -> NoReturn:
    """Run a typer app as a well-behaved filter: quiet on a closed pipe, one line and
    130 on Ctrl-C, exit 2 on usage errors."""
    _pass_undecodable_bytes()
    try:
        code: Any = app(prog_name=command, standalone_mode=False)
    except BrokenPipeError:
        _quiet_pipe()
        os._exit(128 + signal.SIGPIPE)
    except KeyboardInterrupt:
        _interrupted(command)
    except SystemExit as exc:
        if isinstance(exc.__context__, BrokenPipeError):  # typer's sys.exit(1) on EPIPE
            _quiet_pipe()
            os._exit(128 + signal.SIGPIPE)
        raise
    except typer.Exit as exc:
        code = exc.exit_code
    except _click_abort():
        _interrupted(command)
    except _click_exceptions() as exc:  # usage errors from click
        exc.show()
        code = EXIT_USAGE
    except (Exception, MemoryError) as exc:  # noqa: BLE001 - the last resort: one line
        print(f"{command}: {describe(exc)}", file=sys.stderr)
        if "--verbose" in sys.argv or "-v" in sys.argv:
            traceback.print_exception(exc, file=sys.stderr)
        code = EXIT_FAILED
    if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a quiet 130
        _interrupted(command)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe()
        os._exit(128 + signal.SIGPIPE)
    _end_workers()
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _interrupted(command: str) -> NoReturn:
    print(f"\n{command}: interrupted", file=sys.stderr, flush=True)
    _end_workers()
    os._exit(EXIT_INTERRUPTED)


def _end_workers() -> None:
    """Kill this process's worker processes before it exits: loky keeps its workers for
    reuse, and one that outlives the command holds the caller's stdout/stderr pipes open
    (a caller waiting for end-of-file, as `subprocess.run` does, would wait minutes)."""
    if "multiprocessing" not in sys.modules:
        return
    import multiprocessing

    for child in multiprocessing.active_children():
        if child.pid:
            try:
                os.kill(child.pid, signal.SIGKILL)
            except OSError:
                pass


def _click_exceptions() -> tuple[type[Any], ...]:
    try:  # newer typer carries its own copy of click
        from typer._click.exceptions import ClickException
    except ImportError:
        from click import ClickException  # type: ignore[assignment]
    return (ClickException,)


def _click_abort() -> type[BaseException]:
    return typer.Abort  # click's Abort in older typer, typer's own in newer


def _pass_undecodable_bytes() -> None:
    """Records and results are UTF-8 whatever the locale (a page's “ ” and € must not
    fail in a Latin-1 terminal); paths and records that are not UTF-8 pass through
    byte for byte (as in a C locale) instead of failing with UnicodeDecodeError or
    UnicodeEncodeError."""
    for stream in (sys.stdin, sys.stdout):
        try:
            stream.reconfigure(  # type: ignore[union-attr]
                encoding="utf-8", errors="surrogateescape")
        except (AttributeError, ValueError, OSError):
            pass


def _quiet_pipe() -> None:
    _end_workers()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
