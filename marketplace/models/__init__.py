"""The marketplace's models, one module per part: listings (with call items, photos, attachments,
reports and the office's settings), hubs and their members, bookable resources, and answers with
the conversations between buyer and supplier."""
from marketplace.models.bookings import AvailabilityWindow, Booking  # noqa: F401
from marketplace.models.conversations import (  # noqa: F401
    Answer,
    Conversation,
    ConversationRead,
    Message,
    SupplierInvitation,
)
from marketplace.models.hubs import Hub, HubMembership  # noqa: F401
from marketplace.models.listings import (  # noqa: F401
    CALL_TRANSITIONS,
    AttachmentContent,
    Audience,
    CallItem,
    CallStatus,
    Category,
    Listing,
    ListingAttachment,
    ListingKind,
    ListingPhoto,
    ListingReport,
    ListingStatus,
    MarketplaceSettings,
    validate_cpv_code,
)
