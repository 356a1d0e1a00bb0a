"""Installs come from uv.lock: what pyproject.toml declares is pinned there, exactly and with
hashes, and the WeasyPrint that renders the PDFs here is the major the lock pins. Offline and
fast: these tests only read pyproject.toml, uv.lock, the Makefile and the Dockerfile."""

import re
import tomllib
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
PROJECT_NAME = canonicalize_name(PYPROJECT["project"]["name"])


def locked_packages() -> dict[str, list[dict]]:
    """Lock entries by name; a name may appear more than once when versions differ by platform."""
    packages = defaultdict(list)
    for package in LOCK["package"]:
        packages[canonicalize_name(package["name"])].append(package)
    return packages


def declared_requirements() -> list[tuple[str | None, Requirement]]:
    """(extra, requirement) for every dependency in pyproject; extra is None for runtime ones."""
    project = PYPROJECT["project"]
    declared = [(None, Requirement(line)) for line in project["dependencies"]]
    for extra, lines in project.get("optional-dependencies", {}).items():
        declared += [(extra, Requirement(line)) for line in lines]
    return declared


def test_installed_weasyprint_has_the_major_the_lock_pins():
    (locked,) = locked_packages()["weasyprint"]
    locked_version = Version(locked["version"])
    installed = Version(version("weasyprint"))

    assert installed.major == locked_version.major, (
        f"WeasyPrint {installed} is installed but uv.lock pins {locked_version}: run `make install`"
    )
    # pyproject allows that one major only, so `make lock UPGRADE=1` cannot cross to the next.
    (weasyprint,) = (r for _, r in declared_requirements() if r.name.lower() == "weasyprint")
    assert weasyprint.specifier.contains(locked_version)
    assert not weasyprint.specifier.contains(Version(f"{locked_version.major + 1}"))


def test_every_dependency_declared_in_pyproject_is_pinned_in_the_lock():
    packages = locked_packages()
    for extra, requirement in declared_requirements():
        name = canonicalize_name(requirement.name)
        assert name in packages, f"{requirement} ({extra or 'runtime'}) is not in uv.lock"
        for package in packages[name]:
            assert requirement.specifier.contains(Version(package["version"]), prereleases=True)
            for wanted in requirement.extras:  # e.g. psycopg[binary] → psycopg-binary
                for dependency in package.get("optional-dependencies", {})[wanted]:
                    assert canonicalize_name(dependency["name"]) in packages

    for name, entries in packages.items():
        if name == PROJECT_NAME:
            continue
        for package in entries:
            Version(package["version"])  # an exact version, not a range
            files = [package["sdist"]] if "sdist" in package else []
            files += package.get("wheels", [])
            assert files, f"{name} has no files in uv.lock"
            assert all(f.get("hash", "").startswith("sha256:") for f in files), name


def test_the_lock_was_made_from_this_pyproject():
    """The same comparison `uv lock --check` makes for the declared dependencies, offline."""
    (project,) = locked_packages()[PROJECT_NAME]

    def key(name, specifier, extras, marker):
        return (
            canonicalize_name(name),
            SpecifierSet(specifier or ""),
            frozenset(extras or ()),
            str(Marker(marker)) if marker else None,
        )

    declared = {
        key(
            r.name,
            str(r.specifier),
            r.extras,
            " and ".join(m for m in (str(r.marker or ""), extra and f"extra == '{extra}'") if m),
        )
        for extra, r in declared_requirements()
    }
    locked = {
        key(d["name"], d.get("specifier"), d.get("extras"), d.get("marker"))
        for d in project["metadata"]["requires-dist"]
    }
    assert declared == locked, "pyproject.toml changed since uv.lock was made: run `make lock`"


def test_makefile_dockerfile_and_pyproject_use_the_same_uv():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    (in_makefile,) = re.findall(r"^UV_VERSION := (\S+)$", makefile, re.MULTILINE)
    (in_dockerfile,) = re.findall(r"^ARG UV_VERSION=(\S+)$", dockerfile, re.MULTILINE)
    required = PYPROJECT["tool"]["uv"]["required-version"]

    assert in_makefile == in_dockerfile
    assert required == f"=={in_makefile}"
    assert PYPROJECT["tool"]["uv"]["package"] is False
