from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from auditlog.records import import_run
from wording import lists
from wording.models import SensitiveWord, validate_entry

LEVELS = {"": SensitiveWord.Level.BLOCK, **{level.value: level for level in SensitiveWord.Level}}


def parse(lines):
    """{entry: level} of a list file, or raise CommandError naming each bad line. One entry a
    line: `word` blocks, `word<TAB>warn` warns (`word<TAB>block` blocks); blank lines and
    lines starting with # are skipped."""
    entries, errors = {}, []
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        word, _tab, level = text.partition("\t")
        word, level = word.strip(), level.strip().lower()
        if level not in LEVELS:
            errors.append(f"{number}: level {level!r} is neither block nor warn")
            continue
        try:
            validate_entry(word)
            SensitiveWord._meta.get_field("word").run_validators(word)
        except ValidationError as error:
            errors.append(f"{number}: {word!r}: {' '.join(error.messages)}")
            continue
        entries[word] = LEVELS[level]
    if errors:
        raise CommandError("bad lines, nothing imported:\n" + "\n".join(errors))
    return entries


class Command(BaseCommand):
    help = (
        "Add the words of a text file to the sensitive-word list, one a line: `word` blocks, "
        "`word<TAB>warn` warns. Words already listed take the file's level. Re-runnable."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the text file (UTF-8)")

    def handle(self, file, **options):
        try:
            with file.open(encoding="utf-8-sig") as lines:
                entries = parse(lines)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        with import_run("import_sensitive_words", False) as counts, transaction.atomic():
            listed = {entry.word: entry for entry in SensitiveWord.objects.all()}
            added = [
                SensitiveWord(word=word, level=level)
                for word, level in entries.items()
                if word not in listed
            ]
            updated = [
                listed[word]
                for word, level in entries.items()
                if word in listed and listed[word].level != level
            ]
            for entry in updated:
                entry.level, entry.updated_at = entries[entry.word], timezone.now()
            SensitiveWord.objects.bulk_create(added, batch_size=1000)
            SensitiveWord.objects.bulk_update(updated, ["level", "updated_at"], batch_size=1000)
            unchanged = len(entries) - len(added) - len(updated)
            if added or updated:
                lists.changed()
            counts.update(created=len(added), updated=len(updated), unchanged=unchanged)
        self.stdout.write(
            self.style.SUCCESS(f"added {len(added)}, updated {len(updated)}, unchanged {unchanged}")
        )
