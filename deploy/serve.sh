#!/bin/sh
# The production start, one script for the Dockerfile (CMD), docker-compose (`web`) and CI
# (.ci/prod-check): bring the schema up to date, then hand the process over to gunicorn.
# Static files are collected at image build (`collectstatic` with the manifest storage), not here.
#   PYTHON           the interpreter with the portal installed (default: python on PATH)
#   BIND             address:port to listen on (default 0.0.0.0:8000)
#   WEB_CONCURRENCY  gunicorn worker processes (default 3)
#   GUNICORN_TIMEOUT seconds a request may take before its worker is replaced (default 120)
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

"$PYTHON" manage.py migrate --noinput

# The heartbeat file in memory: on a container's overlay disk a slow write can get a worker killed.
worker_tmp=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  worker_tmp="--worker-tmp-dir /dev/shm"
fi

# exec: gunicorn becomes the process the container stops (SIGTERM → graceful shutdown).
# --preload: the portal is imported once, in the master; workers are forked from it, so a
# recycled worker is ready at once instead of importing Django again (about a second of CPU).
# --max-requests with jitter recycles workers one at a time (any slow leak stays bounded); at
# 1,000 a loaded worker was recycled every few seconds, which cost most of its throughput.
# The timeout leaves room for a province-wide PDF dossier rendered by WeasyPrint.
# No control socket: nothing uses gunicornc, and two servers on one machine would share its path.
# shellcheck disable=SC2086
exec "$PYTHON" -m gunicorn portal.wsgi:application \
  --bind "${BIND:-0.0.0.0:8000}" \
  --workers "${WEB_CONCURRENCY:-3}" \
  --timeout "${GUNICORN_TIMEOUT:-120}" \
  --graceful-timeout 30 \
  --keep-alive 5 \
  --preload \
  --max-requests 20000 \
  --max-requests-jitter 2000 \
  --access-logfile - \
  --error-logfile - \
  --no-control-socket \
  $worker_tmp
