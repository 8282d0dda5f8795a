"""Copying an existing MEDIA_ROOT (and its withdrawn files) into the bucket, each file
checked afterwards by size and SHA-256; a file already there and equal is left alone, so a
run that stopped half-way is finished by the next."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

READ_BYTES = 1024 * 1024


@dataclass
class Tally:
    copied: int = 0
    already_there: int = 0
    mismatched: list = field(default_factory=list)


def digest_of(path):
    sha = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(READ_BYTES):
            sha.update(chunk)
    return sha.hexdigest()


def local_files(root):
    """(name, path) of every file under root, names with forward slashes, in order."""
    root = Path(root)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


def copy_folder(root, bucket, prefix="", *, dry_run=False):
    """Copy each file under root to `prefix + its name` unless an equal one is there, then
    read back each copy's size and checksum; the tally."""
    tally = Tally()
    for name, path in local_files(root):
        key, digest = prefix + name, digest_of(path)
        expected = (path.stat().st_size, digest)
        if bucket.stored_digest(key) == expected:
            tally.already_there += 1
            continue
        if dry_run:
            tally.copied += 1
            continue
        with path.open("rb") as file:
            bucket.put(key, file, digest)
        if bucket.stored_digest(key) != expected:
            tally.mismatched.append(key)
            continue
        tally.copied += 1
    return tally
