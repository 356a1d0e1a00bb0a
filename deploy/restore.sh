#!/bin/sh
# Puts back a backup made by deploy/backup.sh: the database and the uploaded files.
#   deploy/restore.sh BACKUP_DIRECTORY [--replace]
#   DATABASE_URL  the database to restore into, which must exist (else read from the project's .env)
#   MEDIA_ROOT    where the uploaded files go (else from .env, else the project's media/)
# Into an empty database and media directory by default. --replace restores over a portal's
# current data: its tables are dropped and recreated, and its uploaded files replaced. Stop the
# portal (web and scheduler) first. The checksums are verified before anything is touched; the
# database is restored in one transaction, so a failure leaves it as it was.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"

setting() {
  value="$(printenv "$1" || true)"
  if [ -z "$value" ] && [ -f "$root/.env" ]; then
    value="$(sed -n "s/^$1=//p" "$root/.env" | tail -n 1)"
  fi
  printf '%s' "$value"
}

fail() {
  echo "$1" >&2
  exit 2
}

backup="${1:-}"
replace="${2:-}"
[ -n "$backup" ] && [ -f "$backup/db.dump" ] && [ -f "$backup/media.tar.gz" ] \
  || fail "Cách dùng: deploy/restore.sh THƯ_MỤC_SAO_LƯU [--replace] (thư mục có db.dump và media.tar.gz)"
[ -z "$replace" ] || [ "$replace" = "--replace" ] || fail "Tùy chọn không rõ: $replace"

database_url="$(setting DATABASE_URL)"
case "$database_url" in
  postgres://* | postgresql://* | pgsql://* | psql://*) ;;
  *) fail "Khôi phục cần DATABASE_URL của PostgreSQL (postgres://…), không phải: ${database_url:-trống}" ;;
esac
database_url="postgresql://${database_url#*://}"
media_root="$(setting MEDIA_ROOT)"
media_root="${media_root:-$root/media}"

(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || fail "Bản sao lưu $backup bị hỏng: sai tổng kiểm tra."

tables="$(psql --dbname="$database_url" --no-psqlrc --tuples-only --no-align \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ -z "$replace" ]; then
  [ "$tables" = 0 ] || fail "Cơ sở dữ liệu đích đã có $tables bảng: khôi phục vào một cơ sở dữ liệu trống, hoặc thêm --replace để thay dữ liệu hiện có."
  if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ]; then
    fail "Thư mục tệp tải lên $media_root không trống: thêm --replace để thay các tệp hiện có."
  fi
fi

# --replace drops each object of the backup before recreating it (objects it lacks are left).
clean=""
[ -z "$replace" ] || clean="--clean --if-exists"
# Owners and grants of the backed-up server are not carried over: the restoring user owns all.
# shellcheck disable=SC2086
pg_restore --dbname="$database_url" $clean --no-owner --no-privileges \
  --single-transaction --exit-on-error "$backup/db.dump"

mkdir -p "$media_root"
# The media directory may be a mount point (docker-compose volume): emptied, never renamed.
find "$media_root" -mindepth 1 -delete
tar -C "$media_root" -xzf "$backup/media.tar.gz"
echo "Đã khôi phục $backup vào cơ sở dữ liệu và $media_root"
