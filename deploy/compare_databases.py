"""Compares a restored backup with the portal it came from: the same tables with the same number
of rows, sequences at the same values, and (with --media) the same uploaded files, byte for byte.

    python deploy/compare_databases.py SOURCE_URL RESTORED_URL [--media SOURCE_DIR RESTORED_DIR]

The source must not have changed since the backup (CI compares right after it; by hand, compare
a restored copy with a quiet portal). Prints each difference and exits 1 if there is any."""

import argparse
import hashlib
import sys
from pathlib import Path

import psycopg
from psycopg import sql


def database_counts(url: str) -> dict[str, int]:
    """Rows of every table and the last value of every sequence in the public schema."""
    counts = {}
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", table))
            counts[f"table {table}"] = connection.execute(query).fetchone()[0]
        sequences = connection.execute(
            "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences "
            "WHERE schemaname = 'public'"
        ).fetchall()
        for name, value in sequences:
            counts[f"sequence {name}"] = value
    return counts


def media_files(root: Path) -> dict[str, str]:
    """sha256 of every file under root, by its path relative to root."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def differences(source: dict, restored: dict) -> list[str]:
    return [
        f"{key}: {source.get(key, 'không có')} ≠ {restored.get(key, 'không có')}"
        for key in sorted(source.keys() | restored.keys())
        if source.get(key) != restored.get(key)
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("restored")
    parser.add_argument("--media", nargs=2, type=Path, metavar=("SOURCE_DIR", "RESTORED_DIR"))
    args = parser.parse_args(argv)

    source, restored = database_counts(args.source), database_counts(args.restored)
    found = differences(source, restored)
    tables = sum(key.startswith("table ") for key in source)
    rows = sum(value for key, value in source.items() if key.startswith("table "))
    summary = f"{tables} bảng, {rows} dòng"
    if args.media:
        source_files, restored_files = (media_files(root) for root in args.media)
        found += [f"tệp {line}" for line in differences(source_files, restored_files)]
        summary += f", {len(source_files)} tệp tải lên"
    for line in found:
        print(f"KHÁC: {line}", file=sys.stderr)
    if found:
        print(f"Bản khôi phục khác bản gốc ở {len(found)} chỗ.", file=sys.stderr)
        return 1
    print(f"Bản khôi phục giống bản gốc: {summary}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
