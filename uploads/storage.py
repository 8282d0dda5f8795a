"""The storage media live in: Django's default_storage, the local folder or a bucket
(settings.MEDIA_S3_BUCKET)."""

from django.core.files.storage import default_storage


def media_storage():
    """CKEDITOR_STORAGE_BACKEND: default_storage itself, rather than a second storage object
    of the editor's uploader that a change of settings (the tests' bucket) would not reach."""
    return default_storage


def media_url_prefix():
    """What the storage puts before a stored name in its address: /media/, or the bucket's
    or its CDN's address."""
    return default_storage.url("_")[:-1]
