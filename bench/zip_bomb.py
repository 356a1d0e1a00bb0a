"""Times the refusal of a zip bomb by the real import form, and prints the memory it cost.

    .venv/bin/python bench/zip_bomb.py [--inflate-mb 1024] [--unchecked]

Builds an .xlsx of about 1 MB whose sheet inflates to 1 GB (tests/zip_bomb.py), posts it to the
agency import form the admin uses (ExcelImportForm: portal.excel.check_workbook_upload) and
prints the elapsed time, the peak RSS growth of the process and tracemalloc's peak.
--unchecked instead opens the same file the way the library did before the check (its XLSX
format's create_dataset): try it with a small --inflate-mb, it holds the whole sheet in memory.
"""

import argparse
import resource
import time
import tracemalloc

from setup_django import setup_django

MB = 1024 * 1024


def peak_rss():
    """The process's peak resident memory in bytes (VmHWM; getrusage where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def reset_peak_rss():
    """Start the peak over from the current RSS (Linux ≥ 4.0), so setup's peak hides nothing."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--inflate-mb", type=int, default=1024)
    parser.add_argument("--unchecked", action="store_true")
    args = parser.parse_args()

    setup_django()
    from django.contrib import admin
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.models import Agency
    from tests.zip_bomb import zip_bomb_xlsx

    started = time.perf_counter()
    bomb = zip_bomb_xlsx(args.inflate_mb * MB)
    print(
        f"built {len(bomb) / MB:.2f} MB inflating to {args.inflate_mb} MB "
        f"in {time.perf_counter() - started:.2f} s"
    )
    model_admin = admin.site._registry[Agency]
    formats = model_admin.get_import_formats()
    form_class = model_admin.get_import_form_class(None)

    reset_peak_rss()
    rss_before = peak_rss()
    tracemalloc.start()
    started = time.perf_counter()
    if args.unchecked:
        try:
            outcome = f"opened: {len(formats[0]().create_dataset(bomb))} rows"
        except Exception as error:  # the bomb's sheet has no rows: tablib stops at the end
            outcome = f"opened and read to the end ({type(error).__name__})"
    else:
        form = form_class(
            formats,
            model_admin.get_import_resource_classes(None),
            data={"resource": "0", "format": "0"},
            files={"import_file": SimpleUploadedFile("bom.xlsx", bomb)},
        )
        assert not form.is_valid()
        outcome = " ".join(form.errors["import_file"])
    elapsed = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = peak_rss() - rss_before

    print(outcome)
    print(f"elapsed {elapsed * 1000:.1f} ms")
    print(f"peak RSS growth {rss_growth / MB:.1f} MB (from {rss_before / MB:.0f} MB)")
    print(f"tracemalloc peak {traced_peak / MB:.2f} MB")


if __name__ == "__main__":
    main()
