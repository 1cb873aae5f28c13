"""Pushes to open pages: a new message to the thread's group, each other participant's new unread
count to their own group, and a new, changed or withdrawn answer to the listing's answers group. Called after commit; a failed push is logged and the page shows the message
on its next load."""
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from realtime.groups import group_name

logger = logging.getLogger("marketplace.live")


def conversation_group(conversation_id: int) -> str:
    return group_name("marketplace", "conversation", conversation_id)


def unread_group(user_id: int) -> str:
    return group_name("marketplace", "unread", user_id)


def answers_group(listing_id: int) -> str:
    return group_name("marketplace", "answers", listing_id)


# What happened to an answer, as the owner's answers page is told.
ANSWER_NEW, ANSWER_UPDATED, ANSWER_WITHDRAWN = "new", "updated", "withdrawn"
ANSWER_EVENTS = (ANSWER_NEW, ANSWER_UPDATED, ANSWER_WITHDRAWN)


def message_payload(message, label: str) -> dict:
    """What a page needs to show one message (the same fields the thread template shows)."""
    local = timezone.localtime(message.created_at)
    return {"id": message.pk, "author": label, "author_id": message.author_id, "body": message.body,
            "created_at": message.created_at.isoformat(), "created_at_local": local.strftime("%Y-%m-%d %H:%M")}


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # the message is stored; the page shows it when reloaded
        logger.exception("could not push to %s", group)


def broadcast_message(*, message_id: int) -> None:
    """The new message to every open page of its thread, then the new unread counts to the others.
    Runs after commit: nothing here may fail the request that stored the message."""
    try:
        _broadcast_message(message_id)
    except Exception:  # the message is stored; pages show it when reloaded
        logger.exception("could not push message %s", message_id)


def _broadcast_message(message_id: int) -> None:
    from marketplace import conversation_selectors as selectors
    from marketplace.models import Message

    message = Message.objects.select_related("author", "conversation__listing", "conversation__company").filter(
        pk=message_id).first()
    if message is None:
        return
    conversation = message.conversation
    suppliers = selectors.supplier_user_ids(conversation)  # read once: for the label and the unread counts
    payload = message_payload(message, selectors.author_label(message.author, conversation, suppliers=suppliers))
    _send(conversation_group(conversation.pk), {"type": "conversation.message", "conversation_id": conversation.pk,
                                                "message": payload})
    others = (suppliers | selectors.listing_owner_user_ids(conversation.listing)) - {message.author_id}
    for user in selectors.active_users(others):
        broadcast_unread(user=user)


def broadcast_unread(*, user) -> None:
    from marketplace.conversation_selectors import unread_total

    try:
        count = unread_total(user=user)
    except Exception:  # after commit: the badge catches up on the next page load
        logger.exception("could not count unread messages of user %s", user.pk)
        return
    _send(unread_group(user.pk), {"type": "unread.count", "count": count})


def broadcast_answer(*, listing_id: int, answer_id: int, event: str) -> None:
    """Tell the owner's open answers pages that an answer arrived, changed or was withdrawn. Only ids travel
    through the channel layer: the consumer checks who listens, and the page fetches the card it shows."""
    _send(answers_group(listing_id), {"type": "listing.answer", "listing_id": listing_id, "answer_id": answer_id,
                                      "event": event})
