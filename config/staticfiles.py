"""Static files: django-ckeditor ships CKEditor's demo, manual-test and spell-check pages with
the editor. They are HTML pages of this site's origin that nobody needs (and that have had
XSS holes), so they are neither collected nor served."""

from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.contrib.staticfiles.utils import matches_patterns

NOT_SERVED = [
    "ckeditor/ckeditor/samples",
    "ckeditor/ckeditor/plugins/*/tests",
    "ckeditor/ckeditor/*.html",
    "ckeditor/ckeditor/*.md",
    "ckeditor/ckeditor/bender-runner.config.json",
    "ckeditor/ckeditor/build-config.js",
]


def not_served(path):
    # A pattern names a file, or a folder and everything in it.
    return matches_patterns(path, [*NOT_SERVED, *(f"{pattern}/*" for pattern in NOT_SERVED)])


class AppDirectoriesFinderWithoutSamples(AppDirectoriesFinder):
    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            if not not_served(path):
                yield path, storage

    def find(self, path, find_all=False, **kwargs):
        if not_served(path):
            return []
        return super().find(path, find_all=find_all, **kwargs)
