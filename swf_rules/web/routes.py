"""The workbench's addresses: one route per page (the API's routes come from :data:`.openapi.ENDPOINTS`)."""

from __future__ import annotations

from starlette.routing import Route

from . import pages as P
from . import pages_documents as D
from . import pages_fund as F
from . import pages_work as W


def page_routes() -> list[Route]:
    return [
        Route("/", P.home, methods=["GET"]),
        Route("/fund/{key}", P.fund, methods=["GET"]),
        Route("/fund/{key}/editor", P.editor, methods=["GET"]),
        Route("/fund/{key}/download", P.download, methods=["POST"]),
        Route("/fund/{key}/cases", W.cases, methods=["GET", "POST"]),
        Route("/fund/{key}/whatif", W.whatif, methods=["GET", "POST"]),
        Route("/fund/{key}/decide", W.decide, methods=["GET", "POST"]),
        Route("/fund/{key}/voucher", D.voucher, methods=["GET"]),
        Route("/fund/{key}/status", F.status, methods=["GET"]),
        Route("/fund/{key}/status/download", F.download, methods=["GET"]),
        Route("/fund/{key}/review", F.review, methods=["GET"]),
        Route("/fund/{key}/review/download", F.download, methods=["GET"]),
        Route("/fund/{key}/statement", F.statement, methods=["GET"]),
        Route("/fund/{key}/statement/download", F.download, methods=["GET"]),
        Route("/fund/{key}/annual", D.annual, methods=["GET"]),
        Route("/fund/{key}/annual-document", D.annual_document, methods=["GET"]),
        Route("/fund/{key}/import", F.import_page, methods=["GET", "POST"]),
        Route("/fund/{key}/import/template", F.template, methods=["GET"]),
        Route("/fund/{key}/print", P.print_page, methods=["GET"]),
        Route("/fund/{key}/document", D.regulation_document, methods=["GET"]),
    ]


__all__ = ["page_routes"]
