"""Roles are Django Groups with model permissions; migrations create them (and tests run them).

Each migration that adds permissions runs ``sync_role_groups`` again (portal 0002, 0003, …).
"""

from .models import Role

CLERK_PERMISSIONS = [
    "registrations.view_registration",
    "registrations.add_registration",
    "registrations.change_registration",
    "registrations.delete_registration",
    "scoring.view_scorecard",
    "scoring.change_scorecard",
    "awards.view_awardproposal",
    "awards.change_awardproposal",
    "reports.view_plan",
    "reports.add_plan",
    "reports.change_plan",
    "reports.view_report",
    "reports.add_report",
    "reports.change_report",
    "initiatives.view_initiativereview",
    "initiatives.add_initiativereview",
    "initiatives.change_initiativereview",
]
# The leader prepares like a clerk and also submits and withdraws for the agency.
LEADER_PERMISSIONS = CLERK_PERMISSIONS + [
    "registrations.submit_registration",
    "registrations.withdraw_registration",
    "scoring.submit_scorecard",
    "scoring.view_ranking",
    "awards.submit_awardproposal",
    "reports.submit_plan",
    "reports.submit_report",
    "initiatives.submit_initiativereview",
]
REVIEWER_PERMISSIONS = [
    # The model register: reading it, deciding on models, recording their replication.
    "initiatives.view_initiative",
    "initiatives.decide_initiative",
    "initiatives.view_initiativeevent",
    "initiatives.view_replication",
    "initiatives.add_replication",
    "initiatives.view_initiativereview",
    "initiatives.review_initiativereview",
    "initiatives.view_reviewitem",
    "initiatives.decide_reviewitem",
    # Onboarding a province: agency kinds, agencies and agency accounts (portal/accounts.py
    # keeps a reviewer to clerks and leaders; staff and roles stay with the superuser).
    "portal.view_coordinator",
    "portal.change_coordinator",
    "portal.view_agencykind",
    "portal.add_agencykind",
    "portal.change_agencykind",
    "portal.view_agency",
    "portal.add_agency",
    "portal.change_agency",
    "portal.view_user",
    "portal.add_user",
    "portal.change_user",
    "movements.view_movement",
    "movements.add_movement",
    "movements.change_movement",
    "movements.view_field",
    "movements.add_field",
    "movements.change_field",
    "movements.view_quotarule",
    "movements.add_quotarule",
    "movements.change_quotarule",
    "movements.delete_quotarule",
    "movements.view_deadline",
    "movements.add_deadline",
    "movements.change_deadline",
    "movements.delete_deadline",
    "movements.view_deadlineextension",
    "movements.add_deadlineextension",
    "movements.change_deadlineextension",
    "movements.delete_deadlineextension",
    "registrations.view_registration",
    "registrations.review_registration",
    "scoring.view_criteriaset",
    "scoring.add_criteriaset",
    "scoring.change_criteriaset",
    "scoring.view_criterion",
    "scoring.add_criterion",
    "scoring.change_criterion",
    "scoring.delete_criterion",
    "scoring.view_bandscheme",
    "scoring.add_bandscheme",
    "scoring.change_bandscheme",
    "scoring.view_band",
    "scoring.add_band",
    "scoring.change_band",
    "scoring.delete_band",
    "scoring.view_scoringsettings",
    "scoring.add_scoringsettings",
    "scoring.change_scoringsettings",
    "scoring.view_scorecard",
    "scoring.appraise_scorecard",
    "scoring.view_ranking",
    "awards.view_awardkind",
    "awards.add_awardkind",
    "awards.change_awardkind",
    "awards.view_awardsettings",
    "awards.add_awardsettings",
    "awards.change_awardsettings",
    "awards.view_awardproposal",
    "awards.review_awardproposal",
    "awards.view_nominee",
    "awards.view_awarddecision",
    "awards.add_awarddecision",
    "reports.view_contentarea",
    "reports.add_contentarea",
    "reports.change_contentarea",
    "reports.delete_contentarea",
    "reports.view_indicator",
    "reports.add_indicator",
    "reports.change_indicator",
    "reports.delete_indicator",
    "reports.view_plan",
    "reports.review_plan",
    "reports.view_plantask",
    "reports.view_report",
    "reports.review_report",
    "notifications.view_notification",
    # Targets against fact: the reviewer sets a movement's targets and reads the dashboard.
    "dashboard.view_dashboard",
    "dashboard.view_target",
    "dashboard.add_target",
    "dashboard.change_target",
    "dashboard.delete_target",
    # Login lockouts (django-axes): see who is locked and lift a lock by deleting its attempt.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
    "axes.view_accesslog",
]
# Provincial leaders (lãnh đạo UBND tỉnh, Ban Tuyên giáo và Dân vận Tỉnh ủy) only read.
PROVINCIAL_LEADER_PERMISSIONS = [
    "dashboard.view_dashboard",
    "dashboard.view_target",
    "movements.view_movement",
]
ROLE_PERMISSIONS = {
    Role.CLERK: CLERK_PERMISSIONS,
    Role.LEADER: LEADER_PERMISSIONS,
    Role.REVIEWER: REVIEWER_PERMISSIONS,
    Role.PROVINCIAL_LEADER: PROVINCIAL_LEADER_PERMISSIONS,
}


def sync_role_groups(apps, schema_editor=None):
    """Create each role's Group and give it exactly its permissions (safe to run again)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True  # create_permissions skips apps it thinks have no models
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.label)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                continue  # its model comes in a later migration, which syncs again
            perms.append(permission)
        group.permissions.set(perms)
