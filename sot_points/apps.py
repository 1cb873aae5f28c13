from django.apps import AppConfig


class SotPointsConfig(AppConfig):
    name = "sot_points"
    verbose_name = "SOT-punkter"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from municipalities.demo import register_demo_builder
        from municipalities.home import register_home_section
        from sot_points import demo, signals
        from sot_points.home import sot_home_section
        from sot_points.models import OpeningException, OpeningHours, SotPoint

        for model in (SotPoint, OpeningHours, OpeningException):
            post_save.connect(signals.registry_changed, sender=model, dispatch_uid=f"sot_saved_{model.__name__}")
            post_delete.connect(signals.registry_changed, sender=model, dispatch_uid=f"sot_deleted_{model.__name__}")
        register_home_section("sot_points", sot_home_section)
        register_demo_builder("sot_points", demo.create_demo_data)
