"""A real S3-compatible server on loopback (moto's server mode) and the settings that point
Django's storage at one bucket of it, through the same settings block production uses."""

from __future__ import annotations

import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "exhale-test",
    "AWS_SECRET_ACCESS_KEY": "exhale-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket that Django's default storage now writes to; yields (name, boto3 client,
    the environment a worker needs to reach it)."""
    from config.settings import S3_STORAGE

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"exhale-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    options = {**S3_STORAGE["OPTIONS"], "bucket_name": bucket, "endpoint_url": s3_endpoint}
    settings.STORAGES = {**settings.STORAGES, "default": {**S3_STORAGE, "OPTIONS": options}}
    worker_env = {**CREDENTIALS, "EXHALE_S3_BUCKET": bucket, "AWS_S3_ENDPOINT_URL": s3_endpoint}
    yield bucket, client, worker_env


def bucket_keys(client, bucket: str) -> list[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(o["Key"] for page in pages for o in page.get("Contents", []))
