"""Finding listed words and patterns in a text: one pass, in any case, at their places."""

from wording.matching import Matcher


def found(entries, text):
    return [(match.entry, text[match.start : match.end]) for match in Matcher(entries).find(text)]


def test_words_are_found_where_they_stand_in_any_case_and_width():
    entries = [("违禁", "block"), ("abc", "warn")]
    text = "前文违禁后文，ＡＢＣ与Abc"
    assert found(entries, text) == [("违禁", "违禁"), ("abc", "ＡＢＣ"), ("abc", "Abc")]


def test_a_pattern_finds_its_words_a_few_characters_apart_on_one_line():
    entries = [("违*禁", "block")]
    assert found(entries, "违-禁 违  禁 违禁") == [
        ("违*禁", "违-禁"),
        ("违*禁", "违  禁"),
        ("违*禁", "违禁"),
    ]
    # More than five characters apart, or across lines: not the pattern.
    assert found(entries, "违一二三四五六禁 违\n禁") == []


def test_words_sharing_a_start_are_each_found():
    entries = [("产业", "warn"), ("产业*集群", "block"), ("集群", "block")]
    assert found(entries, "产业的集群") == [
        ("产业", "产业"),
        ("产业*集群", "产业的集群"),
        ("集群", "集群"),
    ]


def test_an_empty_list_finds_nothing():
    assert found([], "任何文字") == []
