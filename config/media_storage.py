"""STORAGES["default"] for media in an S3-compatible bucket (the [s3] extra; docs/deploy.md):
Alibaba Cloud OSS, Tencent COS, MinIO, S3. Read from the environment by the settings, and by
the tests that run media on a bucket."""

# A file read back from the bucket (a thumbnail's source) spills to disk past this size, as
# uploads do (FILE_UPLOAD_MAX_MEMORY_SIZE).
READ_MEMORY_BYTES = 2_621_440


def plain_http_image_sources(environ):
    """The Content-Security-Policy's extra img-src for a bucket reached over plain HTTP (MinIO
    on an intranet, the tests' server): https addresses are allowed already."""
    endpoint = environ.get("MEDIA_S3_ENDPOINT_URL", "")
    return [endpoint] if environ.get("MEDIA_S3_BUCKET") and endpoint.startswith("http:") else []


def bucket_storage(environ):
    """The storage for MEDIA_S3_BUCKET, or None when it is not set. Keys come from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (boto3 reads them). Public files get plain
    addresses, with no signature (they are cached), at MEDIA_S3_CUSTOM_DOMAIN (a CDN) when
    set."""
    bucket = environ.get("MEDIA_S3_BUCKET", "")
    if not bucket:
        return None
    return {
        "BACKEND": "uploads.bucket.MediaBucket",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("MEDIA_S3_REGION") or None,
            "addressing_style": environ.get("MEDIA_S3_ADDRESSING_STYLE") or None,
            "custom_domain": environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            # Names are generated; one already taken gets a suffix, never overwritten.
            "file_overwrite": False,
            "max_memory_size": READ_MEMORY_BYTES,
        },
    }
