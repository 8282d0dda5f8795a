"""Finding the listed words in a text in one pass, whatever the list's size: an Aho–Corasick
automaton (pyahocorasick) of every word, and of each pattern's first part, whose other
parts are then tried only where that first part stands."""

import re
from dataclasses import dataclass

import ahocorasick

WILDCARD = "*"
# What a pattern's "*" stands for: up to this many characters, on one line (违*禁: 违 禁, 违-禁).
GAP = 5
# Full-width Latin letters, digits and signs (ＡＢＣ) are found as their ASCII twins, and the
# ideographic space as a space. Replaced where they stand: str.translate would look every
# character of a Chinese text up in a dict, half the cost of a check.
FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def half_width(match):
    code = ord(match.group())
    return " " if code == 0x3000 else chr(code - 0xFEE0)


def fold(text):
    """The text as words are matched in it: in lower case, full-width forms as ASCII; of the
    same length, so that a match's place is its place in the text."""
    folded = FULL_WIDTH.sub(half_width, text)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded


def parts_of(entry):
    """A list entry's words, folded: one for a word, several for a pattern."""
    return [fold(part.strip()) for part in entry.strip().split(WILDCARD) if part.strip()]


@dataclass(frozen=True)
class Match:
    entry: str  # as listed
    level: str
    start: int
    end: int


class Matcher:
    """The automaton of a list of (entry, level)."""

    def __init__(self, entries):
        self.automaton = ahocorasick.Automaton()
        by_first_part = {}
        for entry, level in entries:
            parts = parts_of(entry)
            if not parts:
                continue
            rest = None
            if len(parts) > 1:
                gap = f"[^\\n]{{0,{GAP}}}?"
                rest = re.compile(gap + gap.join(re.escape(part) for part in parts[1:]))
            by_first_part.setdefault(parts[0], []).append((entry, level, rest))
        for first, found in by_first_part.items():
            self.automaton.add_word(first, (len(first), found))
        self.empty = not by_first_part
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text):
        """Every match of an entry in the text, in the order they end."""
        if self.empty or not text:
            return []
        folded = fold(text)
        matches = []
        for last, (length, found) in self.automaton.iter(folded):
            start, end = last + 1 - length, last + 1
            for entry, level, rest in found:
                if rest is None:
                    matches.append(Match(entry, level, start, end))
                elif (more := rest.match(folded, end)) is not None:
                    matches.append(Match(entry, level, start, more.end()))
        return matches
