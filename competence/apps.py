from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = "Kompetensbehov"

    def ready(self):
        from competence.gdpr import export_competence
        from users.gdpr import register_personal_data_exporter

        register_personal_data_exporter("competence", export_competence)

        from competence import demo_needs, demo_providers
        from municipalities.demo import register_demo_builder

        for name, demo in (("needs", demo_needs), ("providers", demo_providers)):
            register_demo_builder(f"competence_{name}", demo.create_demo_data)
