from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from uploads.copying import copy_folder
from uploads.withdrawal import withdrawn_root


class Command(BaseCommand):
    help = (
        "Copy the media folder (MEDIA_ROOT, and the withdrawn files beside it) into the bucket "
        "MEDIA_S3_BUCKET names, under the same names, and check every copy by size and "
        "SHA-256. Files already there and equal are skipped: re-runnable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, help="the folder to copy (default: MEDIA_ROOT)")
        parser.add_argument(
            "--withdrawn-source",
            type=Path,
            help="the withdrawn files' folder (default: WITHDRAWN_MEDIA_ROOT)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be copied; copy nothing"
        )
        parser.add_argument(
            "--print-policy",
            action="store_true",
            help="print the bucket policy that lets readers fetch public media only, and stop",
        )

    def handle(self, source, withdrawn_source, dry_run, print_policy, **options):
        if not hasattr(default_storage, "put"):
            raise CommandError("Media are not in a bucket: set MEDIA_S3_BUCKET (README).")
        # Here, not above: without the [s3] extra the message above is what one gets.
        from uploads.bucket import WITHDRAWN_PREFIX, public_read_policy

        if print_policy:
            self.stdout.write(public_read_policy(default_storage.bucket_name))
            return
        source = source or Path(settings.MEDIA_ROOT)
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder.")
        mismatched = []
        for folder, prefix in (
            (source, ""),
            (withdrawn_source or withdrawn_root(), WITHDRAWN_PREFIX),
        ):
            tally = copy_folder(folder, default_storage, prefix, dry_run=dry_run)
            verb = "to copy" if dry_run else "copied"
            self.stdout.write(
                f"{folder}: {tally.copied} {verb}, {tally.already_there} already there"
                + (f", {len(tally.mismatched)} differ after copying" if tally.mismatched else "")
            )
            mismatched += tally.mismatched
        if mismatched:
            raise CommandError(
                "These copies differ from their files (run again):\n" + "\n".join(mismatched)
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was copied.")
        else:
            self.stdout.write(self.style.SUCCESS("Every file is in the bucket and checked."))
