from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = "Kommuner"

    def ready(self):
        from realtime.consumers import register_municipality_resolver
        from users.gdpr import register_personal_data_exporter
        from users.permissions import register_mfa_requirement

        from municipalities import selectors
        from municipalities.gdpr import export_memberships
        from municipalities.permissions import holds_staff_power

        register_municipality_resolver(selectors.municipality_get_for_hostname)
        register_personal_data_exporter("municipality_roles", export_memberships)
        register_mfa_requirement(holds_staff_power)
