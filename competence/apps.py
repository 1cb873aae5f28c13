from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = "Kompetensbehov"

    def ready(self):
        from competence.gdpr import export_competence
        from users.gdpr import register_personal_data_exporter

        register_personal_data_exporter("competence", export_competence)

        from competence.followup_views import followup_url_for
        from users.adapters import register_login_destination

        register_login_destination("competence_followup", followup_url_for)
