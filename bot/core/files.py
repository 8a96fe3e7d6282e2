"""Reading a file that someone else put there: only a regular file, only inside its folder,
only so much of it.

A link is followed only when its target stays inside the folder it was found in; a FIFO,
a device or a directory is refused without being opened for long (a FIFO would block a
read for ever, /dev/zero would fill memory); a file over the size limit is refused before
it is read. Every refusal is a `UnsafeFileError` whose message names the file and the fix, and
never quotes the file: the file may not be ours to show.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MIB = 1024 * 1024
#: Per file: a fact file, the entities, the article list, one article. The shipped base is
#: 0.15 MB; 100,000 facts in a single story file are 33 to 43 MB (benchmarks/scale.py).
MAX_FILE_BYTES = 64 * MIB


class UnsafeFileError(Exception):
    """The file cannot be read safely; the message says why, for a person, without its path
    (the caller puts the path in front)."""


SPLIT_HINT = "split it, or raise FACTBOT_MAX_FILE_MB"


def read_bytes(
    path: Path, *, folder: Path | None = None, limit: int = MAX_FILE_BYTES, hint: str = SPLIT_HINT
) -> bytes:
    """The bytes of `path`, a regular file (or a link to one) inside `folder`, at most
    `limit` bytes long; raises `UnsafeFileError` otherwise (with `hint` when it is too big),
    never OSError."""
    try:
        real = Path(os.path.realpath(path))
        if folder is not None:
            inside = Path(os.path.realpath(folder))
            if real != inside and inside not in real.parents:
                what = "a link to a file" if _is_link_somewhere(path, folder) else "a path"
                raise UnsafeFileError(
                    f"{what} outside {folder}: a file is read only inside its folder "
                    "(copy the file in instead of linking to it)"
                )
        # O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: `real` has no
        # links left, so one appearing now is a swap under our feet.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(real, flags | getattr(os, "O_NOCTTY", 0))
    except UnsafeFileError:
        raise
    except FileNotFoundError:
        raise UnsafeFileError("not found") from None
    except OSError as exc:
        raise UnsafeFileError(f"cannot open it ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(
                f"not a regular file ({_kind(info.st_mode)}): only plain files are read"
            )
        if info.st_size > limit:
            raise UnsafeFileError(_too_big(info.st_size, limit, hint))
        os.set_blocking(fd, True)
        chunks = []
        size = 0
        while chunk := os.read(fd, min(limit + 1 - size, 4 * MIB)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while we read it
                raise UnsafeFileError(_too_big(size, limit, hint))
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFileError(f"cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_text(
    path: Path, *, folder: Path | None = None, limit: int = MAX_FILE_BYTES, hint: str = SPLIT_HINT
) -> str:
    """As `read_bytes`, decoded as UTF-8; `UnsafeFileError` if it is not."""
    data = read_bytes(path, folder=folder, limit=limit, hint=hint)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsafeFileError(f"not UTF-8 text ({exc.reason}); save it as UTF-8") from None


def _is_link_somewhere(path: Path, folder: Path) -> bool:
    """Whether `path` or a folder between `folder` and it is a symbolic link."""
    current = path
    while True:
        if current.is_symlink():
            return True
        if current in (folder, current.parent):
            return False
        current = current.parent


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _too_big(size: int, limit: int, hint: str) -> str:
    return f"over the size limit: {_size(size)}, the limit is {_size(limit)} ({hint})"


def _size(count: int) -> str:
    return f"{count:,} bytes" if count < MIB else f"{count / MIB:.1f} MB"
