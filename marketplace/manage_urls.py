"""URLs of the marketplace: listings' owners: my listings, create, edit, withdraw, renew, call status, photos and
attachments."""
from django.urls import path

from marketplace import manage_views as views

app_name = "marketplace_manage"
urlpatterns = [
    path("", views.ListingMineView.as_view(), name="listing-mine"),
    path("ny/", views.ListingStartView.as_view(), name="listing-start"),
    path("ny/<slug:kind>/", views.ListingCreateView.as_view(), name="listing-create"),
    path("<int:pk>/", views.ListingEditView.as_view(), name="listing-edit"),
    path("<int:pk>/skicka-in/", views.ListingSubmitView.as_view(), name="listing-submit"),
    path("<int:pk>/ta-bort/", views.ListingWithdrawView.as_view(), name="listing-withdraw"),
    path("<int:pk>/forlang/", views.ListingRenewView.as_view(), name="listing-renew"),
    path("<int:pk>/status/", views.CallStatusView.as_view(), name="call-status"),
    path("<int:pk>/bilder/", views.ListingPhotosView.as_view(), name="listing-photos"),
    path("<int:pk>/bilder/<int:photo_id>/ta-bort/", views.ListingPhotoRemoveView.as_view(), name="photo-remove"),
    path("<int:pk>/dokument/", views.ListingAttachmentsView.as_view(), name="listing-attachments"),
    path("<int:pk>/dokument/<int:attachment_id>/ta-bort/", views.ListingAttachmentRemoveView.as_view(),
         name="attachment-remove"),
]
