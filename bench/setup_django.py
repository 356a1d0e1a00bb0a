"""What every benchmark does first: a throw-away database, migrated, with reference data."""

import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Point Django at a fresh SQLite file (unless DATABASE_URL is set), migrate and load
    the reference fixture. Call before importing anything from the project."""
    sys.path.insert(0, str(ROOT))
    # WhiteNoise looks for collected static files that a benchmark does not need.
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # A throw-away database on this machine: the development key is refused only with DEBUG off.
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-for-any-server")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "reference", verbosity=0)
