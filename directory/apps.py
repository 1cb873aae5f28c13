from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Företagsregister"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from directory import demo, search, signals  # noqa: F401  (search registers the index)
        from directory.gdpr import export_companies
        from directory.models import Company
        from municipalities.demo import register_demo_builder
        from municipalities.onboarding import register_onboarding_step
        from users.gdpr import register_personal_data_exporter

        post_save.connect(signals.company_saved, sender=Company, dispatch_uid="directory_company_saved")
        post_delete.connect(signals.company_deleted, sender=Company, dispatch_uid="directory_company_deleted")
        m2m_changed.connect(signals.company_localities_changed, sender=Company.localities.through,
                            dispatch_uid="directory_company_localities")
        from directory.services import invitations_accept_for
        from users.account_hooks import register_address_verified_hook

        # A colleague invited to a company becomes a member once the invited address is verified.
        register_address_verified_hook("company_invitations", invitations_accept_for)
        register_personal_data_exporter("companies", export_companies)
        register_demo_builder("directory", demo.create_demo_data)
        from directory.navigation import my_companies_link
        from users.navigation import register_work_link

        register_work_link("companies", my_companies_link, order=20)
        from directory.home import directory_search_home_section
        from municipalities.home import register_home_section

        register_home_section("directory_search", directory_search_home_section, order=20)
        from directory.services import localities_ensure

        # A new municipality gets the localities of the shipped reference data (see data/README.md).
        register_onboarding_step("localities", localities_ensure)
