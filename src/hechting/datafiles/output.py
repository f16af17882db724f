"""Where a command's output goes, so that a failure never leaves partial output.

Everything is first written to a temporary file. When complete, a regular file (new or existing)
is replaced by it atomically, keeping an existing file's permissions and owner; anything else
that can be written — standard output, a FIFO, a character device such as /dev/null — gets the
finished bytes copied into it and is never replaced. A folder, a block device or a socket is
refused before any work is done.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from types import TracebackType

from hechting.cli import UsageError
from hechting.datafiles.text import show


class Output:
    """``with Output(path) as out:`` write to ``out.path``; kept only if the block succeeds."""

    def __init__(self, target: Path | None) -> None:
        self.target = target
        self.existing: os.stat_result | None = None
        self.replace = False
        if target is None:
            return
        shown = show(target)
        try:
            self.existing = os.stat(target)  # follows a symlink: its target is what we write
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise UsageError(f"{shown}: cannot be written ({exc.strerror})") from None
        mode = self.existing.st_mode if self.existing else stat.S_IFREG
        if stat.S_ISDIR(mode):
            raise UsageError(f"{shown}: is a folder; name a file to write")
        if stat.S_ISREG(mode):
            folder = target.resolve().parent
            if not folder.is_dir():
                raise UsageError(f"{shown}: its folder does not exist")
            if not os.access(folder, os.W_OK):
                raise UsageError(f"{shown}: its folder cannot be written")
            self.replace = True
        elif not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise UsageError(f"{shown}: not a regular file, FIFO or character device")

    def __enter__(self) -> Output:
        if self.replace:
            assert self.target is not None
            real = self.target.resolve()
            fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
        else:
            fd, tmp = tempfile.mkstemp(prefix=".hechting-", suffix=".tmp")
        os.close(fd)
        self.path = Path(tmp)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if kind is None:
                self._commit()
        finally:
            self.path.unlink(missing_ok=True)

    def _commit(self) -> None:
        if self.replace:
            assert self.target is not None
            self._copy_permissions()
            os.replace(self.path, self.target.resolve())
        elif self.target is None:
            with open(self.path, "rb") as f:
                try:
                    shutil.copyfileobj(f, sys.stdout.buffer)
                    sys.stdout.flush()
                except BrokenPipeError:  # e.g. `hechting score ... | head`: not an error
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        else:
            with open(self.path, "rb") as f, open(self.target, "wb") as out:
                shutil.copyfileobj(f, out)

    def _copy_permissions(self) -> None:
        old = self.existing
        if old is None:  # a new file: what the user's umask gives any new file
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.path, 0o666 & ~umask)
            return
        if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
            # Before chmod (chown clears set-user-ID bits). Only root may give a file away;
            # the mode is kept all the same.
            with contextlib.suppress(PermissionError):
                os.chown(self.path, old.st_uid, old.st_gid)
        os.chmod(self.path, stat.S_IMODE(old.st_mode))
