import pytest

from wording.models import SensitiveWord


@pytest.fixture
def word_list(db):
    """违禁词 blocks; 敏感事件 and the pattern 内*幕 warn."""
    SensitiveWord.objects.create(word="违禁词")
    SensitiveWord.objects.create(word="敏感事件", level=SensitiveWord.Level.WARN)
    SensitiveWord.objects.create(word="内*幕", level=SensitiveWord.Level.WARN)
