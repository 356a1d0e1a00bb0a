"""portal 0010: names typed with combining marks before input was normalised become NFC."""

import unicodedata

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.models import Agency, User

BEFORE = [("portal", "0009_reviewer_onboarding_permissions")]
AFTER = [("portal", "0010_compose_stored_text")]


def decomposed(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.django_db(transaction=True)
def test_stored_names_with_combining_marks_are_composed_and_found():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        old = executor.loader.project_state(BEFORE).apps
        kind = old.get_model("portal", "AgencyKind").objects.create(
            code="ubnd-xa", name=decomposed("Ủy ban nhân dân xã"), tier="commune"
        )
        old.get_model("portal", "Agency").objects.create(
            code="XA01", name=decomposed("UBND xã Nhơn Phúc"), kind=kind
        )
        old.get_model("portal", "User").objects.create(
            username="canbo.xa", full_name=decomposed("Nguyễn Thị Dân")
        )
        assert decomposed("Nhơn Phúc") != "Nhơn Phúc"  # the test's data really differs

        executor.loader.build_graph()
        executor.migrate(AFTER)

        agency = Agency.objects.get(name__contains="Nhơn Phúc")
        assert agency.name == "UBND xã Nhơn Phúc"
        assert agency.kind.name == "Ủy ban nhân dân xã"
        assert User.objects.get(full_name__contains="Dân").username == "canbo.xa"
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
