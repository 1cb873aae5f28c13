from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = "Kompetensbehov"

    def ready(self):
        from competence import demo_conversations
        from competence.gdpr import export_competence
        from municipalities.demo import register_demo_builder
        from users.gdpr import register_personal_data_exporter

        register_personal_data_exporter("competence", export_competence)
        register_demo_builder("competence_conversations", demo_conversations.create_demo_data)
