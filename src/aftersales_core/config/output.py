r"""Writing output files: a regular file atomically, a pipe or a terminal straight through.

`atomic_output` never leaves half a file and never destroys what is not a file:

* a **regular file** (or a name that does not exist yet) is written under a temporary
  name beside it and renamed into place when complete; a failure leaves the old content;
* a **symbolic link** is followed: its target is replaced and the link stays a link;
* a **FIFO** (a named pipe, ``>(gzip > out.gz)``) or a **character device**
  (``/dev/stdout``, ``/dev/null``, a terminal) is written through, as a stream; a FIFO
  that no process reads from is refused at once rather than waited on;
* a directory, a block device or a socket is refused with a `ValidationError`.

Every error names the path asked for, never the temporary file.

Examples:
    >>> import os, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "2026.txt").write_text("old")
    3
    >>> (folder / "latest.txt").symlink_to(folder / "2026.txt")
    >>> with atomic_output(folder / "latest.txt") as out:
    ...     _ = out.write("NPS 42")
    >>> (folder / "2026.txt").read_text(), (folder / "latest.txt").is_symlink()
    ('NPS 42', True)
    >>> os.mkfifo(folder / "pipe")
    >>> with atomic_output(folder / "pipe") as out:
    ...     pass
    Traceback (most recent call last):
    ...
    OSError: [Errno 6] is a FIFO that no process reads from; start the reader first: '...pipe'
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import IO

from ..errors import InvalidTypeError, ValidationError

__all__ = ["atomic_output"]

_REFUSED = {
    stat.S_IFDIR: "a directory",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Write a text file (UTF-8): atomically when it is a regular file, else straight through.

    A failure (an exception inside the ``with`` block) removes the temporary file and
    leaves any existing file at ``path`` untouched: never half a report. See the module
    for symbolic links, FIFOs and devices.

    Args:
        path: The file to write.

    Raises:
        ValidationError: ``path`` is a directory, a block device or a socket.
        InvalidTypeError: ``path`` is not a path.
        OSError: The file cannot be written (the error names ``path``), or it is a FIFO
            that no process reads from.

    Examples:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
        >>> with atomic_output(target) as out:
        ...     _ = out.write("NPS 42")
        >>> target.read_text()
        'NPS 42'
        >>> with atomic_output(target.parent) as out:
        ...     pass
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: path: '...' is a directory; ...
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidTypeError(field="path", value=path, rule="must be a path (str or PathLike)")
    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode  # follows symbolic links: what would be written
    except FileNotFoundError:  # a new file (or a link to one)
        mode = stat.S_IFREG
    except OSError as err:
        raise _named(err, name) from None
    if stat.S_IFMT(mode) in _REFUSED:
        raise ValidationError(
            field="path",
            value=name,
            rule=f"is {_REFUSED[stat.S_IFMT(mode)]}; output goes to a regular file, "
            "a pipe or a character device",
        )
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        with _through(name, fifo=stat.S_ISFIFO(mode)) as out:
            yield out
        return
    with _replacing(os.path.realpath(name), name) as out:
        yield out


@contextlib.contextmanager
def _through(name: str, *, fifo: bool) -> Iterator[IO[str]]:
    """A stream to a pipe or a device: there is nothing to rename, and nothing to keep."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if fifo:  # without a reader, opening would wait for ever: ask the system to say so
        flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(name, flags)
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise OSError(
                err.errno, "is a FIFO that no process reads from; start the reader first", name
            ) from None
        raise _named(err, name) from None
    os.set_blocking(handle, True)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
        yield out


@contextlib.contextmanager
def _replacing(final: str, name: str) -> Iterator[IO[str]]:
    """A temporary file beside ``final``, renamed onto it when the block succeeds.

    ``final`` is the resolved path (a link's target); ``name`` is what errors show.
    """
    try:
        mode = stat.S_IMODE(os.stat(final).st_mode)  # a replaced file keeps its permissions
    except OSError:
        mode = 0o666 & ~_umask()  # mkstemp makes the file private; a report is not
    try:
        handle, temporary = tempfile.mkstemp(
            dir=os.path.dirname(final), prefix=f".{os.path.basename(final)}.", suffix=".tmp"
        )
    except OSError as err:
        raise _named(err, name) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, final)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError) and exc.filename in (None, temporary):
            raise _named(exc, name) from None
        raise


def _named(err: OSError, name: str) -> OSError:
    """The same error, naming ``name`` (the path asked for) rather than a temporary file."""
    if err.errno is None:
        return err
    return OSError(err.errno, err.strerror or os.strerror(err.errno), name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
