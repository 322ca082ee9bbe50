#!/bin/sh
# One-off MinIO setup for hirelake (idempotent): the bucket, its default encryption (SSE-S3 through the
# KMS key MinIO was started with), and the two hirelake identities with their policies.
# Runs in the minio/mc image with MINIO_ROOT_*, HIRELAKE_STORE__* and POLICY_DIR in its environment.
set -eu
: "${MINIO_URL:=http://minio:9000}"
: "${BUCKET:=hirelake}"
: "${POLICY_DIR:=/policies}"
until mc alias set hl "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do
  echo "waiting for MinIO at $MINIO_URL"; sleep 2
done
mc mb --ignore-existing "hl/$BUCKET"
mc encrypt set sse-s3 "hl/$BUCKET"  # refuses if MinIO has no KMS configured: no silent plaintext
mc admin policy create hl hirelake-writer "$POLICY_DIR/writer-policy.json"
mc admin policy create hl hirelake-reader "$POLICY_DIR/reader-policy.json"
mc admin user add hl "$HIRELAKE_STORE__ACCESS_KEY" "$HIRELAKE_STORE__SECRET_KEY"
mc admin user add hl "$HIRELAKE_STORE__READER_ACCESS_KEY" "$HIRELAKE_STORE__READER_SECRET_KEY"
# attach fails when the policy is already attached: fine on a re-run
mc admin policy attach hl hirelake-writer --user "$HIRELAKE_STORE__ACCESS_KEY" || true
mc admin policy attach hl hirelake-reader --user "$HIRELAKE_STORE__READER_ACCESS_KEY" || true
mc encrypt info "hl/$BUCKET"
