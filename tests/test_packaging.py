"""The wheel holds every app of the project: an app left out of pyproject.toml's package list
installs a site that cannot start (.ci/check-wheel runs it; this says so at `make test`)."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_every_app_of_the_project_is_in_the_wheels_packages():
    pyproject = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    included = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    ours = [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)  # a folder of the checkout
    ]

    assert "gallery" in ours and "news" in ours
    assert [name for name in ours if not any(fnmatch(name, p) for p in included)] == []
