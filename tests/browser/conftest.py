import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium; playwright never downloads a browser here.
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture
def site(live_server, demo_tree):
    """The live server's base URL, with the demo column tree in the database."""
    return live_server.url


def no_horizontal_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A reader in China: the browser asks for Chinese.
    return {**browser_context_args, "locale": "zh-CN"}
