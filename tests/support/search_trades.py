"""A small directory of trades in one town, for the query-expansion tests and their parity between
the database backend and Elasticsearch."""
from search.types import IndexSpec, SearchDocument

TRADES = IndexSpec(name="test.trade", text_fields={"name": 3.0, "description": 1.0}, suggest_field="name")
TOWN = 2505


def trade(doc_id, name, description):
    return SearchDocument(id=doc_id, municipality_ids=[TOWN], fields={"name": name, "description": description})


DOCUMENTS = [
    trade("bageri", "Bageri Lindström", "Bröd och kakor varje morgon"),
    trade("fjallbageriet", "Fjällbageriet i Arvidsjaur AB", "Surdegsbröd och tunnbröd"),
    trade("vildmark", "Vildmark Norr", "Skoterturer och fiskeguidning"),
    trade("gard", "Gårdens Nötkött", "Gräsbetat från egen gård"),
    trade("foder", "Lantmannen Foder", "Foder till värphöns och kycklingar"),
    trade("mobil", "Mobilservice", "Reparation av telefoner"),
    trade("bil", "Bil och Däck", "Bilverkstad med däckhotell"),
    trade("snickeri", "Snickeri i Åsele", "Möbler och inredning"),
    trade("tandlakare", "Tandläkare Berg", "Tänder och implantat"),
    trade("tandvard", "Tandvården Storgatan AB", "Allmän tandvård"),
]
