from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = "Kommuner"

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.contrib.auth.signals import user_logged_in

        from realtime.consumers import register_municipality_resolver
        from users.gdpr import register_personal_data_exporter
        from users.permissions import register_mfa_requirement

        from municipalities import selectors, signals
        from municipalities.gdpr import export_memberships

        register_municipality_resolver(selectors.municipality_get_for_hostname)
        register_personal_data_exporter("municipality_roles", export_memberships)
        register_mfa_requirement(selectors.staff_role_holders)
        register_mfa_requirement(selectors.platform_owner_member_holders)
        email_confirmed.connect(signals.email_confirmed, dispatch_uid="municipalities_email_confirmed")
        user_logged_in.connect(signals.user_logged_in, dispatch_uid="municipalities_user_logged_in")
