"""Media in an S3-compatible bucket (django-storages; settings.MEDIA_S3_BUCKET): Alibaba Cloud
OSS, Tencent COS, MinIO, S3 itself.

Who may read what is the bucket policy's business, by prefix (public_read_policy): body
images, covers and thumbnails, logos are public; attachments follow their article's
visibility and are served through the site; staff uploads waiting for approval are under
pending/ (uploads.pending) and a withdrawn (撤稿) article's files under WITHDRAWN_PREFIX,
which nothing public reads. No object ACLs: MinIO ignores them and new
AWS buckets refuse them."""

import json
import mimetypes

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# The folders readers may fetch straight from the bucket (or its CDN): the editor's uploads
# and imported images (uploads/), covers and their thumbnails, image sets' pictures and
# their thumbnails (pictures/), the site's logos and badges, friendly links' logos.
PUBLIC_PREFIXES = ("uploads/", "covers/", "pictures/", "topics/", "site/", "links/")
WITHDRAWN_PREFIX = "withdrawn/"
# put()'s checksum of a file copied from MEDIA_ROOT (copy_media_to_bucket).
DIGEST_METADATA = "sha256"
# A public file's name changes with its content (generated names), so a browser or a CDN
# may keep it for a year; a withdrawal asks the CDN to forget it (news.cdn).
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
PRIVATE_CACHE_CONTROL = "private, no-store"


def is_public(name):
    return name.startswith(PUBLIC_PREFIXES)


class MediaBucket(S3Storage):
    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters.setdefault(
            "CacheControl", PUBLIC_CACHE_CONTROL if is_public(name) else PRIVATE_CACHE_CONTROL
        )
        return parameters

    def streamed(self, name):
        """(body, length) of the object as the bucket sends it: the body is read in pieces,
        never fetched whole. FileNotFoundError when there is none."""
        client = self.connection.meta.client
        try:
            answer = client.get_object(Bucket=self.bucket_name, Key=self._key(name))
        except client.exceptions.NoSuchKey as error:
            raise FileNotFoundError(name) from error
        return answer["Body"], answer["ContentLength"]

    def withdraw(self, names):
        """Move the objects under WITHDRAWN_PREFIX, out of the public prefixes; the names
        moved."""
        return [name for name in sorted(names) if self._move(name, WITHDRAWN_PREFIX + name)]

    def restore(self, names):
        """Move withdrawn objects back to their names; the names moved."""
        return [name for name in sorted(names) if self._move(WITHDRAWN_PREFIX + name, name)]

    def _move(self, origin, destination):
        """A copy inside the bucket, with its content type and the Cache-Control of where it
        goes, and the original's removal; False when there is no such object."""
        head = self._head(origin)
        if head is None:
            return False
        client = self.connection.meta.client
        source = {"Bucket": self.bucket_name, "Key": self._key(origin)}
        client.copy_object(
            Bucket=self.bucket_name,
            Key=self._key(destination),
            CopySource=source,
            CacheControl=PUBLIC_CACHE_CONTROL if is_public(destination) else PRIVATE_CACHE_CONTROL,
            MetadataDirective="REPLACE",
            ContentType=head.get("ContentType", "binary/octet-stream"),
        )
        client.delete_object(**source)
        return True

    def put(self, name, file, digest):
        """Store the open local file at exactly `name` (replacing what is there), uploaded in
        parts, with its SHA-256 kept in the object's metadata for checking."""
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.connection.meta.client.upload_fileobj(
            file,
            self.bucket_name,
            self._key(name),
            ExtraArgs={
                **self.get_object_parameters(name),
                "ContentType": content_type,
                "Metadata": {DIGEST_METADATA: digest},
            },
        )

    def stored_digest(self, name):
        """(size, SHA-256 as put() kept it, or "") of the object; None when there is none."""
        head = self._head(name)
        if head is None:
            return None
        return head["ContentLength"], head.get("Metadata", {}).get(DIGEST_METADATA, "")

    def _head(self, name):
        """The object's HEAD answer; None when there is no such object."""
        client = self.connection.meta.client
        try:
            return client.head_object(Bucket=self.bucket_name, Key=self._key(name))
        except client.exceptions.ClientError as error:
            if error.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise

    def _key(self, name):
        return self._normalize_name(clean_name(name))


def public_read_policy(bucket_name):
    """The bucket policy that lets anyone read the public prefixes, and nothing else."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicMedia",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{bucket_name}/{p}*" for p in PUBLIC_PREFIXES],
                }
            ],
        },
        indent=2,
    )
