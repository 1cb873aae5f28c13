from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = "Kommuner"

    def ready(self):
        from municipalities import selectors, services
        from municipalities.gdpr import export_memberships
        from realtime.consumers import register_municipality_resolver
        from users.account_hooks import register_address_verified_hook, register_signed_in_hook
        from users.gdpr import register_personal_data_exporter
        from users.permissions import register_mfa_requirement

        register_municipality_resolver(selectors.municipality_get_for_hostname)
        register_personal_data_exporter("municipality_roles", export_memberships)
        register_mfa_requirement(selectors.staff_role_holders)
        register_mfa_requirement(selectors.platform_owner_member_holders)
        # A staff invitation is accepted when its address is verified, or at a log-in if it already was.
        register_address_verified_hook("staff_invitations", services.staff_invitations_accept_for)
        register_signed_in_hook("staff_invitations", services.staff_invitations_accept_for_user)
