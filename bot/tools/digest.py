"""One digest of the files a fitted or measured artifact was made from.

A committed artifact (the reading chooser, the scorecard) records the digest of its inputs,
so a test can tell in a moment that one of them changed without the command that remakes
it; remaking it to check takes minutes, and `make test-slow` does that too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def files_sha256(files: Iterable[Path]) -> str:
    """The SHA-256 of the files' names and contents, in the order given."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
