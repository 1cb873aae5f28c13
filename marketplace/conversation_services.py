"""Every write for answers, supplier invitations and conversations: a company answers a request or call
(which opens the thread with the owner), withdraws its answer, the owner chooses one (and awards a call),
invites suggested suppliers; both sides post messages and mark threads read; participants who have not
seen a message are e-mailed once. Pushes and e-mails go out after commit."""
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.permissions import require
from directory.models import Company
from marketplace import attachments as attachment_store
from marketplace import conversation_notifications as notifications
from marketplace import conversation_selectors as selectors
from marketplace import live
from marketplace.models import (
    CALL_TRANSITIONS,
    Answer,
    CallStatus,
    Conversation,
    ConversationRead,
    Listing,
    ListingAttachment,
    ListingKind,
    Message,
    SupplierInvitation,
)
from marketplace.permissions import (
    can_answer_listing,
    can_choose_answer,
    can_invite_suppliers,
    can_post_message,
    can_view_conversation,
    can_withdraw_answer,
    is_listing_live,
)

# A message stays unread this long before its reader is e-mailed: time to see it on an open page.
UNREAD_EMAIL_DELAY = timedelta(minutes=5)
# Threads quiet for longer are not looked at again by the e-mail job (it runs every few minutes).
UNREAD_EMAIL_LOOKBACK = timedelta(days=7)
# PDFs an answer may carry (a tender, a price list, references); each at most attachments.MAX_BYTES.
MAX_ANSWER_ATTACHMENTS = 5


def _locked_listing(listing: Listing) -> Listing:
    """The listing's row, locked: answers, choices and invitations of one listing decide one at a time."""
    return Listing.objects.select_for_update(of=("self",)).select_related("hub", "company", "municipality").get(pk=listing.pk)


def open_for_answers_error(listing: Listing, *, now=None) -> str:
    """Why the listing takes no answers now, in Swedish; '' when it does."""
    now = now or timezone.now()
    if listing.kind not in (ListingKind.REQUEST, ListingKind.CALL):
        return _("Det går bara att svara på efterfrågningar och upphandlingar.")
    if not is_listing_live(listing):
        return _("Annonsen är inte publicerad längre och tar inte emot svar.")
    if listing.kind == ListingKind.CALL:
        if listing.call_status != CallStatus.OPEN:
            return _("Upphandlingen är inte öppen för svar (status: %(status)s).") % {
                "status": listing.get_call_status_display().lower()}
        if listing.answer_deadline and listing.answer_deadline < now:
            return _("Sista dag för svar var %(deadline)s. Det går inte att svara längre.") % {
                "deadline": timezone.localtime(listing.answer_deadline).strftime("%Y-%m-%d %H:%M")}
    return ""


def _in_platform_language(text_fn):
    """Texts the service writes into a thread are read by both sides: in the platform's language."""
    with translation.override("sv"):
        return text_fn()


# --- Answers ------------------------------------------------------------------------------------------
@transaction.atomic
def answer_submit(*, actor, listing: Listing, company: Company, text: str, price_amount: Decimal | None = None,
                  price_note: str = "", attachments=()) -> Answer:
    """Answer a request or an open call for `company`, or change the answer while the listing is open, adding
    the PDFs in `attachments` (uploads, all checked before anything is written). The answer's text opens the
    thread with the owner; an invitation of the company becomes answered."""
    require(can_answer_listing(actor, listing, company))
    pdfs = [attachment_store.read_pdf(upload, field="attachments") for upload in attachments]
    listing = _locked_listing(listing)
    refusal = open_for_answers_error(listing)
    if refusal:
        raise ValidationError(refusal, code="listing_closed")
    answer = Answer.objects.select_for_update(of=("self",)).filter(listing=listing, company=company).first()
    if answer and answer.status in (Answer.Status.CHOSEN, Answer.Status.NOT_CHOSEN):
        raise ValidationError(_("Köparen har redan valt bland svaren; ert svar kan inte ändras."), code="decided")
    kept = answer.attachments.count() if answer else 0
    if kept + len(pdfs) > MAX_ANSWER_ATTACHMENTS:
        raise ValidationError({"attachments": _("Ett svar kan ha högst %(max)s bilagor; det har redan %(kept)s.")
                               % {"max": MAX_ANSWER_ATTACHMENTS, "kept": kept}})
    changed = answer is None or answer.text != text.strip() or answer.status == Answer.Status.WITHDRAWN
    event = live.ANSWER_NEW if answer is None or answer.status == Answer.Status.WITHDRAWN else live.ANSWER_UPDATED
    answer = answer or Answer(listing=listing, company=company, municipality=listing.municipality)
    answer.text, answer.price_amount, answer.price_note = text.strip(), price_amount, price_note.strip()
    answer.submitted_by, answer.status = actor, Answer.Status.SUBMITTED
    if answer.price_amount is not None and answer.price_amount < 0:
        raise ValidationError({"price_amount": _("Priset kan inte vara negativt.")})
    answer.full_clean()
    answer.save()
    conversation, _created = Conversation.objects.get_or_create(
        listing=listing, company=company, defaults={"municipality": listing.municipality})
    if changed:
        _post(conversation=conversation, author=actor, body=answer.text)
    for pdf in pdfs:
        attachment_store.store(pdf, answer=answer)
    if pdfs:
        names = ", ".join(pdf.title for pdf in pdfs)
        _post(conversation=conversation, author=actor,
              body=_in_platform_language(lambda: _("Bifogat till svaret: %(names)s") % {"names": names}))
    SupplierInvitation.objects.filter(listing=listing, company=company, status=SupplierInvitation.Status.INVITED
                                      ).update(status=SupplierInvitation.Status.ANSWERED, updated_at=timezone.now())
    _push_answer(answer, event)
    return answer


@transaction.atomic
def answer_withdraw(*, actor, answer: Answer) -> Answer:
    """The supplier takes its answer back (before the owner has chosen); the owner reads why in the thread."""
    require(can_withdraw_answer(actor, answer))
    _locked_listing(answer.listing)
    answer = Answer.objects.select_for_update(of=("self",)).get(pk=answer.pk)
    if answer.status != Answer.Status.SUBMITTED:
        raise ValidationError(_("Bara ett inskickat svar som köparen inte har valt bland kan tas tillbaka."),
                              code="not_submitted")
    answer.status = Answer.Status.WITHDRAWN
    answer.save(update_fields=["status", "updated_at"])
    SupplierInvitation.objects.filter(listing_id=answer.listing_id, company_id=answer.company_id,
                                      status=SupplierInvitation.Status.ANSWERED
                                      ).update(status=SupplierInvitation.Status.INVITED, updated_at=timezone.now())
    conversation = selectors.conversation_for_answer(answer)
    if conversation:
        _post(conversation=conversation, author=actor, body=_in_platform_language(lambda: _("Vi tar tillbaka vårt svar.")))
    _push_answer(answer, live.ANSWER_WITHDRAWN)
    return answer


@transaction.atomic
def answer_remove_attachment(*, actor, attachment: ListingAttachment) -> None:
    """The supplier removes a PDF from its answer while the answer still stands and the listing is open."""
    answer = attachment.answer
    require(answer is not None and can_withdraw_answer(actor, answer))
    listing = _locked_listing(answer.listing)
    answer = Answer.objects.select_for_update(of=("self",)).get(pk=answer.pk)
    refusal = open_for_answers_error(listing)
    if refusal or answer.status != Answer.Status.SUBMITTED:
        raise ValidationError(refusal or _("Bilagorna till ett svar som inte längre står kan inte ändras."),
                              code="locked")
    attachment.delete()
    conversation = selectors.conversation_for_answer(answer)
    if conversation:
        _post(conversation=conversation, author=actor, body=_in_platform_language(
            lambda: _("Bilagan %(title)s är borttagen från svaret.") % {"title": attachment.title}))
    _push_answer(answer, live.ANSWER_UPDATED)


def _push_answer(answer: Answer, event: str) -> None:
    """After commit, the owner's open answers pages hear of it (a rolled-back answer is never announced)."""
    listing_id, answer_id = answer.listing_id, answer.pk
    transaction.on_commit(lambda: live.broadcast_answer(listing_id=listing_id, answer_id=answer_id, event=event))


def _award_call(listing: Listing, answer: Answer, awarded_value: Decimal | None) -> None:
    """open → closed → awarded (CALL_TRANSITIONS), or closed → awarded."""
    if listing.call_status not in (CallStatus.OPEN, CallStatus.CLOSED):
        raise ValidationError(_("Upphandlingen kan bara tilldelas när den är öppen eller stängd (nu: %(status)s).")
                              % {"status": listing.get_call_status_display().lower()}, code="call_status")
    value = awarded_value if awarded_value is not None else answer.price_amount
    if value is not None and value < 0:
        raise ValidationError({"awarded_value": _("Värdet kan inte vara negativt.")})
    steps = [CallStatus.CLOSED, CallStatus.AWARDED] if listing.call_status == CallStatus.OPEN else [CallStatus.AWARDED]
    for step in steps:  # the same path the call-status form walks, one allowed transition at a time
        if step not in CALL_TRANSITIONS[listing.call_status]:
            raise ValidationError(_("Upphandlingen kan bara tilldelas när den är öppen eller stängd (nu: %(status)s).")
                                  % {"status": listing.get_call_status_display().lower()}, code="call_status")
        listing.call_status = step
    listing.awarded_company_id, listing.awarded_value = answer.company_id, value
    listing.full_clean()
    listing.save(update_fields=["call_status", "awarded_company", "awarded_value", "updated_at"])


@transaction.atomic
def answer_choose(*, actor, answer: Answer, awarded_value: Decimal | None = None) -> Answer:
    """The owner chooses one answer: the others are not chosen, invitations follow, a call is awarded to
    the company (for `awarded_value`, or the answer's price). Each supplier reads the outcome in its thread."""
    require(can_choose_answer(actor, answer))
    listing = _locked_listing(answer.listing)
    answer = Answer.objects.select_for_update(of=("self",)).select_related("company").get(pk=answer.pk)
    if Answer.objects.filter(listing=listing, status=Answer.Status.CHOSEN).exists():
        raise ValidationError(_("Ett svar är redan valt för den här annonsen."), code="already_chosen")
    if answer.status != Answer.Status.SUBMITTED:
        raise ValidationError(_("Svaret går inte att välja: det är %(status)s.")
                              % {"status": answer.get_status_display().lower()}, code="not_submitted")
    if listing.kind == ListingKind.CALL:
        _award_call(listing, answer, awarded_value)
    now = timezone.now()
    others = Answer.objects.filter(listing=listing, status=Answer.Status.SUBMITTED).exclude(pk=answer.pk)
    others_companies = list(others.values_list("company_id", flat=True))
    others.update(status=Answer.Status.NOT_CHOSEN, updated_at=now)
    answer.status = Answer.Status.CHOSEN
    answer.save(update_fields=["status", "updated_at"])
    invitations = SupplierInvitation.objects.filter(listing=listing)
    invitations.filter(company_id=answer.company_id).update(status=SupplierInvitation.Status.CHOSEN, updated_at=now)
    invitations.exclude(company_id=answer.company_id).update(status=SupplierInvitation.Status.NOT_CHOSEN,
                                                             updated_at=now)
    _tell_outcome(actor, listing, chosen=answer.company_id, not_chosen=others_companies)
    return answer


def _tell_outcome(actor, listing: Listing, *, chosen: int, not_chosen: list[int]) -> None:
    won = _in_platform_language(lambda: _("Vi har valt ert svar på ”%(title)s”.") % {"title": listing.title})
    lost = _in_platform_language(lambda: _("Vi har valt ett annat svar på ”%(title)s”. Tack för ert svar!")
                                 % {"title": listing.title})
    for conversation in Conversation.objects.filter(listing=listing, company_id__in=[chosen, *not_chosen]):
        _post(conversation=conversation, author=actor, body=won if conversation.company_id == chosen else lost)


# --- Messages -----------------------------------------------------------------------------------------
def _post(*, conversation: Conversation, author, body: str) -> Message:
    message = Message(conversation=conversation, author=author, body=body)
    # The thread and the author are in hand (checked by the caller); validating them would read both again.
    message.full_clean(exclude=["conversation", "author"])
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    conversation.last_message_at = message.created_at
    transaction.on_commit(lambda: live.broadcast_message(message_id=message.pk))
    return message


@transaction.atomic
def message_post(*, actor, conversation: Conversation, body: str) -> Message:
    """A participant writes in the thread; open pages of the thread get it at once, the other
    participants their new unread count, and whoever does not see it within minutes an e-mail."""
    conversation = Conversation.objects.select_related("listing__hub", "company").get(pk=conversation.pk)
    require(can_post_message(actor, conversation))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Skriv ett meddelande innan du skickar.")}, code="empty")
    return _post(conversation=conversation, author=actor, body=body)


@transaction.atomic
def conversation_mark_read(*, actor, conversation: Conversation) -> ConversationRead:
    """The participant has seen the thread up to now; their unread count on other open pages follows."""
    require(can_view_conversation(actor, conversation))
    now = timezone.now()
    # One UPDATE in the usual case (the participant has read the thread before); the first read creates the row.
    updated = ConversationRead.objects.filter(conversation=conversation, user=actor).update(last_read_at=now)
    if not updated:
        ConversationRead.objects.update_or_create(conversation=conversation, user=actor,
                                                  defaults={"last_read_at": now})
    transaction.on_commit(lambda: live.broadcast_unread(user=actor))
    return ConversationRead(conversation=conversation, user=actor, last_read_at=now)


def conversation_email_unread(*, now=None) -> int:
    """E-mail each participant once per thread about messages they have not read for UNREAD_EMAIL_DELAY and
    were not e-mailed about yet. Safe to repeat: ConversationRead.last_emailed_at remembers the newest
    message told. Returns how many e-mails went out."""
    now = now or timezone.now()
    cutoff = now - UNREAD_EMAIL_DELAY
    conversations = (Conversation.objects.filter(last_message_at__gte=now - UNREAD_EMAIL_LOOKBACK,
                                                 last_message_at__lte=now)
                     .select_related("listing", "listing__hub", "listing__municipality", "company"))
    sent = 0
    for conversation in conversations:
        for user in selectors.participants(conversation):
            sent += _email_unread_one(conversation, user, cutoff)
    return sent


@transaction.atomic
def _email_unread_one(conversation: Conversation, user, cutoff) -> int:
    read, _created = ConversationRead.objects.select_for_update(of=("self",)).get_or_create(conversation=conversation, user=user)
    seen = [stamp for stamp in (read.last_read_at, read.last_emailed_at) if stamp]
    unseen = conversation.messages.filter(created_at__lte=cutoff).exclude(author_id=user.pk)
    if seen:
        unseen = unseen.filter(created_at__gt=max(seen))
    newest = unseen.order_by("-created_at").values_list("created_at", flat=True).first()
    if newest is None:
        return 0
    count = unseen.count()
    read.last_emailed_at = newest
    read.save(update_fields=["last_emailed_at"])
    transaction.on_commit(lambda: notifications.conversation_unread(conversation=conversation, user=user, count=count))
    return 1


# --- Invitations --------------------------------------------------------------------------------------
@transaction.atomic
def invitation_create(*, actor, listing: Listing, company: Company, reason: str = "") -> SupplierInvitation:
    """Invite a suggested company to answer; its members are e-mailed a link to the answer form."""
    require(can_invite_suppliers(actor, listing))
    listing = _locked_listing(listing)
    refusal = open_for_answers_error(listing)
    if refusal:
        raise ValidationError(refusal, code="listing_closed")
    from marketplace.supplier_matching import candidate_companies

    if SupplierInvitation.objects.filter(listing=listing, company=company).exists():
        raise ValidationError(_("%(name)s är redan inbjudet.") % {"name": company.display_name}, code="invited")
    if not candidate_companies(listing).filter(pk=company.pk).exists():
        raise ValidationError(_("%(name)s kan inte bjudas in till den här annonsen.") % {"name": company.display_name},
                              code="not_candidate")
    invitation = SupplierInvitation(listing=listing, company=company, municipality=listing.municipality,
                                    invited_by=actor, reason=reason[:300])
    invitation.full_clean()
    invitation.save()
    transaction.on_commit(lambda: notifications.invitation_sent(invitation_id=invitation.pk))
    return invitation
