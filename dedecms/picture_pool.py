"""Covers and image sets' pictures checked and thumbnailed ahead of the importer, by worker
processes, while it maps the batch's rows: the thumbnail's decode and resize are most of a
picture's cost, and the importer's own work is one process.

The workers only read the old site's files: the importer still writes every file and row
itself, in its order, so the report, the all-or-nothing and the files to remove after a
failure are as without them. A result is used only for the very file it was made from (same
size, time and inode); anything else is checked by the importer as before."""

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from uploads import images

WORKERS = 2  # the machines this runs on have few cores, and the importer needs one
AHEAD = 64  # results waiting at most: thumbnails in memory
# Starting the workers takes a second or two (Django's setup in each): not for a few pictures.
WORTH_STARTING = 100
LIMITS = ("IMAGE_UPLOAD_MAX_BYTES", "IMAGE_UPLOAD_MAX_PIXELS")


def file_key(stat):
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def _start_worker(limits):
    import django
    from django.conf import settings
    from django.utils import translation

    django.setup()
    translation.deactivate_all()  # messages as the command gives them (no_translations)
    for name, value in limits.items():  # the importer's, should they differ from the file's
        setattr(settings, name, value)


def _check(path):
    """(the file's key, its format or None, the thumbnail's bytes or why it is refused)."""
    with open(path, "rb") as handle:
        key = file_key(os.fstat(handle.fileno()))
        try:
            image_format, thumbnail = images.inspect_with_thumbnail(
                File(handle, name=Path(path).name)
            )
        except ValidationError as error:
            return key, None, error.messages
    return key, image_format, thumbnail.read()


class PicturePool:
    def __init__(self):
        self.executor = None
        self.waiting = deque()  # paths expected, not yet handed to a worker
        self.futures = {}

    def expect(self, paths):
        """Paths the importer will copy with a thumbnail soon, in the order it will."""
        if self.executor is None and len(paths) < WORTH_STARTING:
            return
        self.waiting.extend(paths)
        self._hand_out()

    def take(self, path, handle):
        """(format, thumbnail bytes) or (None, messages) for the file open as handle; None when
        it was not checked ahead, or was changed since."""
        future = self.futures.pop(path, None)
        self._hand_out()
        if future is None:
            return None
        try:
            key, *result = future.result()
        except Exception:  # a worker that died, say: the importer checks it itself
            return None
        return result if key == file_key(os.fstat(handle.fileno())) else None

    def forget(self):
        """Drop what the batch expected and did not take (rows left unchanged or skipped)."""
        self.waiting.clear()
        for future in self.futures.values():
            future.cancel()
        self.futures.clear()

    def close(self):
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)

    def _hand_out(self):
        while self.waiting and len(self.futures) < AHEAD:
            path = self.waiting.popleft()
            if path not in self.futures:
                self.futures[path] = self._executor().submit(_check, path)

    def _executor(self):
        # Spawned, not forked: a forked worker would share the database connection's socket.
        if self.executor is None:
            limits = {name: getattr(settings, name) for name in LIMITS}
            self.executor = ProcessPoolExecutor(
                WORKERS,
                mp_context=get_context("spawn"),
                initializer=_start_worker,
                initargs=(limits,),
            )
        return self.executor
