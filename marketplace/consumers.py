"""Live conversations: an open thread page gets each new message (and may send one), any page may
keep the signed-in user's unread count fresh, and the owner's answers page hears of answers as they come.

Participation is checked when the socket connects (else closed with 4403 before it is accepted) and again
on every frame from the client and every message from the group, read fresh from the database: a member
removed from the company stops receiving at once, not when the socket happens to drop."""
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from marketplace.live import ANSWER_EVENTS, answers_group, conversation_group, unread_group
from realtime.consumers import MunicipalityConsumer, municipality_from_scope

NOT_ALLOWED = 4403


def _db(fn):
    """`fn` on a thread of the executor, with its own database connection, not on the one thread that
    database_sync_to_async shares by default between every consumer of the process: there, one socket's
    post waited for every other socket's checks, posts and read marks (docs/benchmarks.md, Marketplace).
    Each consumer still awaits its own calls one at a time."""
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()  # to the pool, or closed: the thread may not run for this process again

    return database_sync_to_async(run, thread_sensitive=False)


def _fresh_user(user_id: int):
    """The user read again, without the memoised companies and roles a long-lived scope user carries."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


class _SignedInConsumer(MunicipalityConsumer):
    async def connect(self):
        self.municipality = await municipality_from_scope(self.scope)
        if self.municipality is None:
            await self.close(code=4404)
            return
        user = self.scope.get("user")
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        if self.user_id is None or not await self.allowed():
            await self.close(code=NOT_ALLOWED)
            return
        await self.join()
        await self.accept()
        await self.joined()

    async def allowed(self) -> bool:
        return True

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)


class ConversationMessageConsumer(_SignedInConsumer):
    """ws/marknadsplats/konversation/<pk>/: sends {"type": "message", "message": {...}} for each new message;
    takes {"type": "message", "body": "..."} (posted like the form) and {"type": "read"}."""

    async def allowed(self) -> bool:
        from marketplace.conversation_selectors import is_participant_now

        self.conversation_id = int(self.scope["url_route"]["kwargs"]["pk"])
        return await _db(is_participant_now)(
            user_id=self.user_id, conversation_id=self.conversation_id, municipality_id=self.municipality.pk)

    async def join(self):
        self.group = conversation_group(self.conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)

    async def _refuse(self) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)
        self.group = None
        await self.close(code=NOT_ALLOWED)

    async def receive_json(self, content, **kwargs):
        # A frame's participation check is the service's own (message_post and conversation_mark_read refuse
        # anyone outside the thread), read fresh in the same transaction; checking before as well read it twice.
        kind = content.get("type")
        if kind == "message" and not isinstance(content.get("body"), str):
            await self.send_json({"type": "error", "error": "invalid", "messages": ["Skriv ett meddelande."]})
        elif kind in ("message", "read"):
            try:
                await _db(self._post_and_mark_read if kind == "message" else self._mark_read)(content.get("body"))
            except ValidationError as error:
                await self.send_json({"type": "error", "error": "invalid", "messages": error.messages})
            except PermissionDenied:
                await self._refuse()
        else:
            await self.send_json({"type": "error", "error": "unknown_type"})

    def _actor(self):
        actor = _fresh_user(self.user_id)
        if actor is None:  # deactivated since connecting
            raise PermissionDenied
        return actor

    def _post_and_mark_read(self, body: str) -> None:
        from marketplace.conversation_services import conversation_mark_read, message_post
        from marketplace.models import Conversation

        actor = self._actor()
        message = message_post(actor=actor, conversation=Conversation(pk=self.conversation_id), body=body)
        conversation_mark_read(actor=actor, conversation=message.conversation)

    def _mark_read(self, _body=None) -> None:
        from marketplace.conversation_services import conversation_mark_read
        from marketplace.models import Conversation

        conversation = Conversation.objects.select_related("listing__hub").get(pk=self.conversation_id)
        conversation_mark_read(actor=self._actor(), conversation=conversation)

    async def conversation_message(self, event):
        if await self.allowed():  # e.g. left the company since connecting: stops at once
            await self.send_json({"type": "message", "message": event["message"]})
        else:
            await self._refuse()


class UnreadCountConsumer(_SignedInConsumer):
    """ws/marknadsplats/olasta/: sends {"type": "unread", "count": n} on connecting and on every change;
    clients send nothing."""

    async def join(self):
        self.group = unread_group(self.user_id)
        await self.channel_layer.group_add(self.group, self.channel_name)

    async def joined(self):
        await self.send_json({"type": "unread", "count": await _db(self._count)()})

    def _count(self) -> int:
        from marketplace.conversation_selectors import unread_total

        user = _fresh_user(self.user_id)
        return unread_total(user=user) if user else 0

    async def receive_json(self, content, **kwargs):
        pass  # nothing to receive

    async def unread_count(self, event):
        await self.send_json({"type": "unread", "count": event["count"]})


class ListingAnswersConsumer(_SignedInConsumer):
    """ws/marknadsplats/svar/<pk>/: the listing owner's own people (not moderators, not the platform
    administrator, not a supplier) hear {"type": "answer", "event": "new" | "updated" | "withdrawn",
    "answer_id": n} for each answer to the listing; clients send nothing.

    Only ids go out: the page fetches the answer's card from AnswerCardView, rendered in a request, because
    the card holds the "Välj detta svar" form, whose CSRF token (an HttpOnly cookie's pair) and language only
    a request can give; that view asks the same predicate as this socket."""

    async def allowed(self) -> bool:
        from marketplace.conversation_selectors import follows_answers_now

        self.listing_id = int(self.scope["url_route"]["kwargs"]["pk"])
        return await _db(follows_answers_now)(
            user_id=self.user_id, listing_id=self.listing_id, municipality_id=self.municipality.pk)

    async def join(self):
        self.group = answers_group(self.listing_id)
        await self.channel_layer.group_add(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        pass  # nothing to receive

    async def listing_answer(self, event):
        if not await self.allowed():  # e.g. left the owner company since connecting
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None
            await self.close(code=NOT_ALLOWED)
            return
        if event.get("event") in ANSWER_EVENTS:
            await self.send_json({"type": "answer", "event": event["event"], "answer_id": event["answer_id"]})
