from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Marknadsplats"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from marketplace import demo, search, signals  # noqa: F401  (search registers the index)
        from marketplace.gdpr import export_marketplace
        from marketplace.models import CallItem, Hub, Listing
        from municipalities.demo import register_demo_builder
        from users.gdpr import register_personal_data_exporter

        register_personal_data_exporter("marketplace", export_marketplace)

        post_save.connect(signals.listing_changed, sender=Listing, dispatch_uid="marketplace_listing_saved")
        post_delete.connect(signals.listing_changed, sender=Listing, dispatch_uid="marketplace_listing_deleted")
        post_save.connect(signals.call_item_changed, sender=CallItem, dispatch_uid="marketplace_call_item_saved")
        post_delete.connect(signals.call_item_changed, sender=CallItem, dispatch_uid="marketplace_call_item_deleted")
        post_save.connect(signals.hub_changed, sender=Hub, dispatch_uid="marketplace_hub_saved")
        m2m_changed.connect(signals.hub_municipalities_changed, sender=Hub.municipalities.through,
                            dispatch_uid="marketplace_hub_municipalities")
        # The demo marketplace comes after directory's builder (its companies join hubs, own listings and book
        # resources) and competence's last one.
        register_demo_builder("marketplace", demo.create_demo_data, after=("directory", "competence_conversations"))
        from marketplace.navigation import my_listings_link
        from users.navigation import register_work_link

        register_work_link("marketplace", my_listings_link, order=35)
