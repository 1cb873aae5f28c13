"""Competence needs and peer offers for tests, made through the competence services."""
from competence import services


def make_need(company, *, actor, description: str = "Vi behöver någon som kan sätta upp vår webbutik.",
              **fields):
    data = {"kind": "recruit", "horizon": "6m", **fields}
    return services.need_register(actor=actor, company=company, description=description, **data)


def make_peer_offer(company, *, actor, title: str = "Praktikplats i verkstaden", **fields):
    data = {"kind": "internship", "description": "Vi tar emot en praktikant i taget.", **fields}
    return services.peer_offer_create(actor=actor, company=company, title=title, **data)
