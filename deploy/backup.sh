#!/bin/sh
# A backup of the portal: the database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT)
# into a new dated directory, with checksums; deploy/restore.sh puts one back.
#   deploy/backup.sh [DIRECTORY]         (default ./backups)
#   DATABASE_URL  postgres://USER:PASSWORD@HOST:5432/NAME (else read from the project's .env)
#   MEDIA_ROOT    the uploaded files (else from .env, else the project's media/)
#   KEEP_DAYS     when set, dated backups older than this many days are removed afterwards
# pg_dump must be of the server's major version or newer. Writes DIRECTORY/YYYY-MM-DD_HHMMSS/
# {db.dump, media.tar.gz, SHA256SUMS}; a backup still being written ends in .partial.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"

setting() {
  value="$(printenv "$1" || true)"
  if [ -z "$value" ] && [ -f "$root/.env" ]; then
    value="$(sed -n "s/^$1=//p" "$root/.env" | tail -n 1)"
  fi
  printf '%s' "$value"
}

database_url="$(setting DATABASE_URL)"
case "$database_url" in
  postgres://* | postgresql://* | pgsql://* | psql://*) ;;
  *) echo "Sao lưu cần DATABASE_URL của PostgreSQL (postgres://…), không phải: ${database_url:-trống}" >&2; exit 2 ;;
esac
# libpq reads postgresql:// URLs; django-environ's other spellings of the scheme are mapped to it.
database_url="postgresql://${database_url#*://}"
media_root="$(setting MEDIA_ROOT)"
media_root="${media_root:-$root/media}"

target="${1:-backups}"
final="$target/$(date +%Y-%m-%d_%H%M%S)"
work="$final.partial"
mkdir -p "$work"

# One consistent snapshot of the database, whatever the portal writes meanwhile.
pg_dump --format=custom --dbname="$database_url" --file="$work/db.dump"
if [ -d "$media_root" ]; then
  tar -C "$media_root" -czf "$work/media.tar.gz" .
else
  # No upload yet: an empty archive, so every backup has the same two files.
  empty="$(mktemp -d)"
  tar -C "$empty" -czf "$work/media.tar.gz" .
  rmdir "$empty"
fi
(cd "$work" && sha256sum db.dump media.tar.gz > SHA256SUMS)
mv "$work" "$final"
echo "Đã sao lưu vào $final"

if [ -n "${KEEP_DAYS:-}" ]; then
  find "$target" -mindepth 1 -maxdepth 1 -type d -name '20??-??-??_??????' -mtime +"$KEEP_DAYS" \
    -exec rm -rf {} +
fi
