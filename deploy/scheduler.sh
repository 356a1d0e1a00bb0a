#!/bin/sh
# The scheduled jobs (docker-compose `scheduler`): every SCHEDULE_SECONDS (default 900), create
# the due deadline reminders and send every unsent notification (`send_notifications`). Each
# run records what it sent, so a restart or an overlap never sends a message twice; a failed run
# is logged and retried at the next turn. Without compose, run `manage.py send_notifications`
# from cron instead, e.g. */15 * * * *.
set -u
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
interval="${SCHEDULE_SECONDS:-900}"
sleeper=""
# `docker compose stop` ends the wait at once; a run under way finishes first.
trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM INT
while true; do
  "$PYTHON" manage.py send_notifications || echo "send_notifications thất bại; thử lại sau $interval giây." >&2
  sleep "$interval" &
  sleeper=$!
  wait "$sleeper"
done
