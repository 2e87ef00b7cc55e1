"""The committee workbench in the browser and the HTTP API for fund software (``swf-rules serve``).

One local process (Starlette on uvicorn, the ``web`` extra) serves a folder of regulations and the fund's books:

- the API (``/api/v1/...``, described at ``/openapi.json`` and in ``schemas/openapi.json``) answers with the same
  bytes as the command line for the same inputs, and with the project's problems (code, th/en message, location)
  and an HTTP status for every mistake;
- the workbench (``/``) is server-rendered pages, Thai first, that let a committee edit its regulation with live
  checking, run its cases, price a draft and see how long the money lasts under it, decide a claim and print a
  voucher, see the fund's status, review its members and their passbooks, import its books, and print the
  regulation; every asset is shipped (no CDN, works offline).

Modules: ``app`` (the application and its error handlers), ``openapi`` (the endpoint table and the document),
``api_rules``, ``api_funds`` and ``api_reports`` (the endpoints), ``pages``, ``pages_work``, ``pages_fund`` and
``routes`` (the workbench), ``workspace`` (the served folders: the only place that touches files, saving atomically
with the previous version kept) and ``imports`` (books imported in the browser, kept per session in the server's
own temporary folder), ``sustainability`` (a draft's projected effect), ``security`` (host, token, size, CSRF,
headers), ``story`` (a member's history in sentences); private ``_http``, ``_requests``, ``_requests_reports``,
``_work``, ``_text``, ``_text_fund``, ``_fund_view``, ``_charts``.  Imports every part of swf-rules except the
command line.
"""

from .app import Settings, create_app
from .openapi import ENDPOINTS, document, document_json
from .workspace import Workspace

__all__ = ["ENDPOINTS", "Settings", "Workspace", "create_app", "document", "document_json"]
