"""Issue 11's story: in Arvidsjaur, the wind-park developer Storliden Vind AB publishes a procurement call for
clearing the snow on its service road through its supplier hub, finds the local snow-clearing company first
among the suggested suppliers (with the reason), invites it, and sees its answer arrive on the open answers
page without a reload; a third company can neither open the conversation nor listen to it; the developer
chooses the answer and the call is awarded. Every page passes the automatic accessibility audit.

Websockets need an ASGI server: the story runs the app under uvicorn (`asgi_port`, tests/e2e/conftest.py)."""
import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from marketplace import hub_services
from marketplace.models import Conversation, Listing
from tests.factories.marketplace_h3 import make_owner_person, make_platform_owner
from tests.factories.marketplace_h4 import MORE_ORG_NUMBERS, make_published_company
from tests.factories.municipalities import make_municipality
from tests.support.e2e import field, home_url, link_in, session_cookie

CALL = "Snöröjning av serviceväg, vintern 2026/27"
HUB = "Storliden Vind AB – leverantörsportal"
SNOW = "Arvidsjaur Snö & Mark AB"

# What a page-side script learns when it opens a websocket: "open" if it was let in, else "refused". (A socket
# closed before it is accepted is an HTTP 403 to the handshake: browsers report 1006, not the app's code.)
_OPEN_SOCKET = """path => new Promise(resolve => {
  const socket = new WebSocket("ws://" + location.host + path);
  socket.onopen = () => { resolve("open"); socket.close(); };
  socket.onclose = () => resolve("refused");
})"""


def _close_code(path: str, user, municipality, port: int):
    """The app's answer to a websocket from `user`'s session: (accepted, close code), through channels'
    WebsocketCommunicator on the same ASGI application. In a thread of its own: Playwright keeps an event
    loop registered in the test's thread."""
    from channels.testing import WebsocketCommunicator
    from django.conf import settings

    from config.asgi import application

    cookie = session_cookie(user, municipality)[0]["value"]
    host = municipality.site.hostname
    headers = [(b"host", f"{host}:{port}".encode()), (b"origin", f"http://{host}:{port}".encode()),
               (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]

    async def connect():
        socket = WebsocketCommunicator(application, path, headers=headers)
        accepted, code = await socket.connect()
        if accepted:
            await socket.disconnect()
        return accepted, code

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, connect()).result(timeout=30)


def _world(arvidsjaur):
    """Storliden Vind AB (a platform owner of kind company) with its hub spanning Arvidsjaur, the local
    snow-clearing company, and two other companies around: a shop and a bakery."""
    wind_member = make_owner_person("inkop@storlidenvind.example.org")
    developer = make_platform_owner("Storliden Vind AB", kind="company", members=[wind_member])
    hub_services.hub_create(actor=wind_member, municipality=arvidsjaur, name=HUB, owner_platform=developer,
                            purpose="Lokala leverantörer till bygget och driften av vindparken Storliden.",
                            municipalities=[arvidsjaur])
    _snow, snow_member = make_published_company(
        arvidsjaur, name=SNOW, org_number=MORE_ORG_NUMBERS[3], member_email="plog@snomark.example.org",
        primary_sni="81290", products_services="Snöröjning, plogning och sandning",
        description="Vi sköter snöröjning och plogning av vägar, gårdsplaner och industriområden runt Arvidsjaur.")
    _shop, shop_member = make_published_company(
        arvidsjaur, name="Arvidsjaur Livs AB", org_number=MORE_ORG_NUMBERS[4], member_email="butik@livs.example.org",
        primary_sni="47111", description="Livsmedelsbutik i centrala Arvidsjaur med ombud för post och apotek.")
    make_published_company(
        arvidsjaur, name="Bageriet i Arvidsjaur AB", org_number=MORE_ORG_NUMBERS[5],
        member_email="bageri@arvidsjaur.example.org", primary_sni="10710",
        description="Vi bakar bröd, bullar och tårtor varje morgon.")
    return wind_member, snow_member, shop_member


def _publish_the_call(owner: Page, arvidsjaur) -> None:
    """Through the real forms: step 1 (kind and owner), step 2 (the call and its first item)."""
    owner.goto(home_url(arvidsjaur) + "marknadsplats/hantera/ny/")
    owner.get_by_role("group", name="Vad vill du annonsera?").get_by_label("Upphandling").check()
    owner.get_by_role("group", name="Vem står bakom annonsen?").get_by_label(f"Hubben {HUB}").check()
    owner.get_by_role("button", name="Nästa steg").click()

    expect(owner.get_by_role("heading", level=1)).to_have_text("Ny annons: upphandling")
    today = timezone.localdate()
    field(owner, "Rubrik").fill(CALL)
    field(owner, "Beskrivning").fill("Storliden Vind AB söker en lokal entreprenör för snöröjning och plogning av "
                                     "servicevägen till vindparken, 12 km, under vintern 2026/27.")
    field(owner, "Kategori").select_option(label="Fastighetsskötsel och snöröjning")
    field(owner, "Branscher (SNI 2007)").fill("81290")
    field(owner, "Gäller till och med").fill((today + timedelta(days=60)).isoformat())
    field(owner, "Sista dag för svar").fill((today + timedelta(days=21)).isoformat())
    owner.locator("input[name=delivery_place]").fill("Serviceväg Storliden, avfart från väg 95")
    item = owner.get_by_role("group", name="Del 1")
    field(item, "Vad som köps").fill("Plogning av serviceväg, 6 m bred")
    field(item, "Bransch (SNI 2007)").fill("81290")
    field(item, "CPV-kod").fill("90620000-9")
    field(item, "Mängd").fill("12")
    field(item, "Enhet").fill("km")
    owner.get_by_role("button", name="Skicka in annonsen").click()
    expect(owner.get_by_text("Annonsen är publicerad.")).to_be_visible()
    expect(owner.get_by_role("heading", level=1)).to_have_text(CALL)


def test_storliden_vind_publishes_a_call_invites_the_local_snow_company_and_awards_it(new_page, asgi_port):
    arvidsjaur = make_municipality("2505", preset="fjall", port=asgi_port)
    wind_member, snow_member, shop_member = _world(arvidsjaur)
    home = home_url(arvidsjaur)

    # --- The developer's buyer, signed in, publishes the call for the hub.
    owner = new_page(cookies=session_cookie(wind_member, arvidsjaur))
    _publish_the_call(owner, arvidsjaur)
    call = Listing.objects.get(title=CALL)
    assert call.hub.name == HUB
    assert call.items.get().cpv_code == "90620000-9"

    # --- The public marketplace lists it among the calls open for answers.
    owner.goto(home + "marknadsplats/")
    owner.get_by_role("link", name="Öppna för svar (1)").click()
    expect(owner.get_by_role("link", name=CALL)).to_be_visible()

    # --- The snow-clearing company is suggested first, with its one-line reason; the buyer invites it.
    owner.goto(home + f"marknadsplats/hantera/{call.pk}/")
    owner.get_by_role("link", name="Föreslagna leverantörer att bjuda in").click()
    first = owner.get_by_role("region", name="Förslag").get_by_role("listitem").first
    expect(first).to_contain_text(SNOW)
    expect(first).to_contain_text(re.compile(r"samma bransch: 81290 Annan rengöring · nämner [^\n]*snöröjning"))
    first.get_by_role("button", name=f"Bjud in {SNOW}").click()
    expect(owner.get_by_role("region", name="Inbjudna")).to_contain_text(SNOW)
    invitations = [m for m in mail.outbox if m.subject == f"Ni är inbjudna att svara: {CALL}"]
    assert [m.to for m in invitations] == [[snow_member.email]]
    invitation = invitations[0]

    # --- The buyer opens the answers page and keeps it open.
    owner.get_by_role("link", name="Svaren på annonsen").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text(f"Svar på {CALL}")
    expect(owner.get_by_role("status")).to_have_text("Nya svar visas direkt.")
    unread = owner.locator("p").filter(has_text="Olästa meddelanden i alla dina konversationer:")
    expect(unread).to_have_text("Olästa meddelanden i alla dina konversationer: 0")
    owner.evaluate("window.keptOpen = true")  # gone if the page were reloaded

    # --- The snow company's member follows the e-mail's link and answers with a price.
    supplier = new_page(cookies=session_cookie(snow_member, arvidsjaur))
    supplier.goto(link_in(invitation))
    expect(supplier.get_by_role("heading", level=1)).to_have_text(f"Svara på {CALL}")
    supplier.get_by_role("textbox", name="Ert svar").fill(
        "Vi plogar och sandar servicevägen med hjullastare, dygnet runt vid snöfall.")
    field(supplier, "Pris (kr)").fill("185000")
    field(supplier, "Om priset").fill("för hela säsongen, exklusive moms")
    supplier.get_by_role("button", name="Skicka svaret").click()
    expect(supplier.get_by_text("Ert svar är skickat.")).to_be_visible()

    # --- The buyer's open page shows the answer arrive, and the unread count rise, without a reload.
    news = owner.locator("[aria-live=polite]")
    expect(news).to_contain_text(re.compile(rf"Nytt svar från {SNOW}: 185\s000 kr"))
    expect(news.get_by_role("link", name=f"Konversationen med {SNOW}")).to_be_visible()
    card = owner.get_by_role("article", name=SNOW)
    expect(card).to_contain_text(re.compile(r"Pris: 185\s000 kr"))
    expect(unread).to_have_text("Olästa meddelanden i alla dina konversationer: 1")
    assert owner.evaluate("window.keptOpen") is True

    # --- A third company's member can neither open the conversation nor listen to it.
    conversation = Conversation.objects.get(listing=call)
    outsider = new_page(cookies=session_cookie(shop_member, arvidsjaur))
    response = outsider.goto(home + f"marknadsplats/konversationer/{conversation.pk}/")
    assert response.status == 404
    thread_socket = f"/ws/marknadsplats/konversation/{conversation.pk}/"
    assert outsider.evaluate(_OPEN_SOCKET, thread_socket) == "refused"
    assert _close_code(thread_socket, shop_member, arvidsjaur, asgi_port) == (False, 4403)
    assert outsider.evaluate(_OPEN_SOCKET, f"/ws/marknadsplats/svar/{call.pk}/") == "refused"
    assert owner.evaluate(_OPEN_SOCKET, f"/ws/marknadsplats/svar/{call.pk}/") == "open"  # the buyer's is let in

    # --- The buyer chooses the answer (from the card that arrived live): the call is awarded.
    card.get_by_role("button", name=f"Välj detta svar från {SNOW}").click()
    expect(owner.get_by_text(f"Ni har valt svaret från {SNOW}.")).to_be_visible()
    facts = owner.locator("dl.facts")
    expect(facts).to_contain_text("Tilldelad")
    expect(facts).to_contain_text(re.compile(rf"{SNOW}, 185\s000 kr"))
    owner.goto(home + f"marknadsplats/{call.pk}/")
    expect(owner.locator("dl.facts")).to_contain_text("Tilldelad")
