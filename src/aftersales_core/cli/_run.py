"""Running a command: every way it can end is an exit code and at most one line on stderr.

* done: 0;
* a usage error (`UsageError`, also argparse's): 2;
* bad input — an `AftersalesError`, a file that cannot be read or written: 3;
* a bug: 4, with one line that names the version and asks for a report, never a traceback;
* stopped by SIGINT (Ctrl-C) or SIGTERM: 128 + the signal's number (130, 143), after the
  temporary files are removed (SIGTERM is turned into an exception so that every
  ``finally`` runs; SIGKILL cannot be caught, and leaves at most a ``.*.tmp`` file);
* the reader of stdout went away (``aftersales demo | head``): 141, silently, as for SIGPIPE.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType

from ..errors import AftersalesError
from ._files import UsageError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "Stopped",
    "run",
    "say",
    "version",
]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_INTERNAL = 4
_EXIT_SIGNAL = 128  # plus the signal's number, as shells report a command a signal stopped


class Stopped(BaseException):
    """A signal asked the command to stop (a BaseException: no ``except Exception`` eats it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def say(message: str) -> None:
    """Print one line on stderr: ``aftersales: <message>``, its line breaks folded."""
    line = " ".join(message.split())
    with contextlib.suppress(OSError, ValueError):  # stderr itself may be gone
        print(f"aftersales: {line}", file=sys.stderr, flush=True)


def _stop(signum: int, _frame: FrameType | None) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second signal must not interrupt the clean-up
    raise Stopped(signum)


@contextlib.contextmanager
def _stopping_on_signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; Ctrl-C still raises KeyboardInterrupt
        return
    before = signal.signal(signal.SIGTERM, _stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _os_message(err: OSError) -> str:
    where = f"{err.filename}: " if err.filename else ""
    return f"{where}{err.strerror or err}"


def version() -> str:
    """The installed version of aftersales-core (the package's own metadata)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("aftersales-core")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _internal(err: BaseException) -> str:
    return (
        f"internal error in aftersales-core {version()}: {type(err).__name__}: {err} "
        "- this is a bug; please report it with the command that caused it"
    )


def _quiet_stdout() -> None:
    """After a broken pipe: send what is still buffered nowhere, so exiting prints nothing."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run ``command`` and turn every way it ends into an exit code (see the module)."""
    try:
        with _stopping_on_signals():
            return int(command(args))
    except UsageError as err:
        say(f"error: {err}")
        return EXIT_USAGE
    except AftersalesError as err:
        say(f"error: {err}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        _quiet_stdout()
        return _EXIT_SIGNAL + 13  # SIGPIPE's number everywhere
    except UnicodeEncodeError as err:
        encoding = getattr(sys.stdout, "encoding", None) or "?"
        say(
            f"error: the output holds {err.object[err.start : err.end]!r}, which stdout's "
            f"encoding ({encoding}) cannot write: use --out FILE (always UTF-8) "
            "or set PYTHONIOENCODING=utf-8"
        )
        return EXIT_BAD_INPUT
    except OSError as err:
        say(f"error: {_os_message(err)}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        say("stopped by SIGINT")
        return _EXIT_SIGNAL + signal.SIGINT
    except Stopped as stop:
        say(f"stopped by {signal.Signals(stop.signum).name}")
        return _EXIT_SIGNAL + stop.signum
    except Exception as err:  # a bug: still one line, and an exit code a script can tell apart
        say(_internal(err))
        return EXIT_INTERNAL
