from django.apps import AppConfig


class SotPointsConfig(AppConfig):
    name = "sot_points"
    verbose_name = "SOT-punkter"
