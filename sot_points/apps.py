from django.apps import AppConfig


class SotPointsConfig(AppConfig):
    name = "sot_points"
    verbose_name = "SOT-punkter"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from municipalities.demo import register_demo_builder
        from municipalities.home import register_home_section
        from sot_points import demo, signals
        from sot_points.home import sot_home_section
        from sot_points.models import OpeningException, OpeningHours, SotPoint

        for model in (SotPoint, OpeningHours, OpeningException):
            post_save.connect(signals.registry_changed, sender=model, dispatch_uid=f"sot_saved_{model.__name__}")
            post_delete.connect(signals.registry_changed, sender=model, dispatch_uid=f"sot_deleted_{model.__name__}")
        from alerts.signals import official_alert_stored

        official_alert_stored.connect(signals.official_alert_stored, dispatch_uid="sot_points_official_alert")
        from sot_points.services import host_invitations_accept_for, host_invitations_accept_for_user
        from users.account_hooks import register_address_verified_hook, register_signed_in_hook

        # Someone invited to host a point becomes a host once the invited address is verified, or by signing in
        # if their account verified it earlier.
        register_address_verified_hook("sot_host_invitations", host_invitations_accept_for)
        register_signed_in_hook("sot_host_invitations", host_invitations_accept_for_user)
        register_home_section("sot_points", sot_home_section, order=10)
        # The demo points name their host companies and localities, which the directory's builder makes.
        register_demo_builder("sot_points", demo.create_demo_data, after=("directory",))
        from sot_points.selectors import hosts_required_to_use_mfa
        from users.permissions import register_mfa_requirement

        register_mfa_requirement(hosts_required_to_use_mfa)
        from sot_points.gdpr import export_sot_data
        from users.gdpr import register_personal_data_exporter

        register_personal_data_exporter("sot_points", export_sot_data)
        from sot_points.navigation import my_points_link
        from users.navigation import register_work_link

        register_work_link("sot_points", my_points_link, order=30)
