from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = "Kompetensbehov"

    def ready(self):
        from django.db.models.signals import post_save

        from competence import demo_conversations, demo_maturity, demo_needs, demo_providers, signals
        from competence.followup_views import followup_work_link
        from competence.gdpr import export_competence
        from competence.models import CompanyPeerOffer, CompetenceNeed, LearningOffer
        from municipalities.demo import register_demo_builder
        from users.gdpr import register_personal_data_exporter
        from users.navigation import register_work_link

        register_personal_data_exporter("competence", export_competence)
        # On the directory's demo companies, in this order: companies' own needs and peer offers, providers'
        # offers, maturity rounds, conversations and consent (each after the one before).
        after = "directory"
        for name, demo in (("needs", demo_needs), ("providers", demo_providers), ("maturity", demo_maturity),
                           ("conversations", demo_conversations)):
            register_demo_builder(f"competence_{name}", demo.create_demo_data, after=(after,))
            after = f"competence_{name}"
        # Embeddings are computed in the background after a save that changed the embedded text.
        for model in (CompetenceNeed, LearningOffer, CompanyPeerOffer):
            post_save.connect(signals.embedded_saved, sender=model,
                              dispatch_uid=f"competence_embedded_saved_{model._meta.model_name}")
        # "Uppföljning" in the header and on "Mitt konto"; platform owners' members land there after signing in.
        register_work_link("followup", followup_work_link, order=40)
        # The follow-up's cached figures move to a new version on every write behind them.
        from competence import followup_cache

        followup_cache.connect()
