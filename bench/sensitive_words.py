"""The sensitive-word check's cost: a list of 10,000 words (a tenth of them patterns)
against a 20,000-character body, the goal under 5 ms.

    .venv/bin/python -m bench.sensitive_words [--words N] [--chars N] [--runs N]

Prints the time to build the automaton (once per process and list change) and the time of
one pass over the body (median and slowest of the runs), with the number of hits. The
words and the body are made of common Chinese characters from a fixed seed, so that runs
compare; the body holds a hundred of the listed words.
"""

import argparse
import random
import statistics
import time

from wording.matching import WILDCARD, Matcher

# Common characters of news text: the words and the body share them, so the automaton walks
# deep as it would in real text.
CHARACTERS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
)


def make_words(rng, count):
    words = set()
    while len(words) < count:
        word = "".join(rng.choices(CHARACTERS, k=rng.randint(2, 6)))
        if rng.random() < 0.1:  # a pattern: two parts, a gap between
            word = f"{word[:2]}*{''.join(rng.choices(CHARACTERS, k=2))}"
        words.add(word)
    return [(word, "warn" if rng.random() < 0.3 else "block") for word in sorted(words)]


def make_body(rng, chars, words):
    pieces, length = [], 0
    plain = [word for word, _level in words if "*" not in word]
    while length < chars:
        piece = rng.choice(plain) if rng.random() < 0.01 else "".join(rng.choices(CHARACTERS, k=20))
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)[:chars]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    rng = random.Random(25)
    words = make_words(rng, options.words)
    body = make_body(rng, options.chars, words)

    started = time.perf_counter()
    matcher = Matcher(words)
    built = time.perf_counter() - started

    times = []
    for _run in range(options.runs):
        started = time.perf_counter()
        hits = matcher.find(body)
        times.append(time.perf_counter() - started)
    patterns = sum(WILDCARD in word for word, _level in words)
    print(f"{len(words):,} words ({patterns:,} patterns), body of {len(body):,} characters")
    print(f"automaton built in {built * 1000:.1f} ms")
    print(
        f"one pass: median {statistics.median(times) * 1000:.2f} ms, "
        f"slowest {max(times) * 1000:.2f} ms of {options.runs} runs; {len(hits)} hits"
    )


if __name__ == "__main__":
    main()
