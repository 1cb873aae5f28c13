from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = "Kompetensbehov"

    def ready(self):
        from competence.gdpr import export_competence
        from users.gdpr import register_personal_data_exporter

        register_personal_data_exporter("competence", export_competence)

        from django.db.models.signals import post_save

        from competence import demo_matching, signals
        from municipalities.demo import register_demo_builder

        from competence.models import CompanyPeerOffer, CompetenceNeed, LearningOffer

        register_demo_builder("competence_matching", demo_matching.create_demo_data)

        for model in (CompetenceNeed, LearningOffer, CompanyPeerOffer):
            post_save.connect(signals.embedded_saved, sender=model,
                              dispatch_uid=f"competence_embedded_saved_{model._meta.model_name}")
