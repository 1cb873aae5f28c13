from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = "Kompetensbehov"

    def ready(self):
        from competence import demo_conversations, demo_maturity, demo_needs, demo_providers
        from competence.gdpr import export_competence
        from municipalities.demo import register_demo_builder
        from users.gdpr import register_personal_data_exporter

        register_personal_data_exporter("competence", export_competence)
        # In this order: companies' own needs, providers' offers, maturity rounds, conversations and consent.
        for name, demo in (("needs", demo_needs), ("providers", demo_providers), ("maturity", demo_maturity),
                           ("conversations", demo_conversations)):
            register_demo_builder(f"competence_{name}", demo.create_demo_data)
