from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = "Kompetensbehov"
