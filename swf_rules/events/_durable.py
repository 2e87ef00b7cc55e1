"""durable-rules, and the one place that imports it (docs/adr/0001-durable-rules.md).

durable-rules is the optional ``events`` extra.  It is imported on first use, by :func:`engine_and_host`, and
nowhere else in swf-rules, so ``import swf_rules.events`` and every other command work without it; without it
:class:`EventsUnavailable` names the install command.

The process has one host, without the stock host's background threads, and every call into durable-rules
(registration and posts) holds one process-wide lock, so an action always runs inside the post that triggered it,
on the posting thread.  Only integers and strings go in (:func:`_plain`): dates as day numbers, never an amount.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any, Mapping

from ..core.errors import UsageError

EPOCH = date(1970, 1, 1)

INSTALL_EN = ("the event monitor needs durable-rules, which is not installed or cannot be imported here: "
              "pip install 'swf-rules[events]' (durable-rules 2.0.28 needs Python 3.11 or 3.12 and a C compiler)")
INSTALL_TH = ("ระบบเฝ้าติดตามเหตุการณ์ต้องใช้ durable-rules ซึ่งยังไม่ได้ติดตั้งหรือนำเข้าไม่ได้: "
              "pip install 'swf-rules[events]' "
              "(durable-rules 2.0.28 ใช้ได้กับ Python 3.11 หรือ 3.12 และต้องมีตัวแปลภาษา C)")


class EventsUnavailable(UsageError):
    """durable-rules cannot be imported (not installed, or Python >= 3.13)."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(INSTALL_EN)

    def message(self, lang: str = "en") -> str:
        return INSTALL_TH if lang == "th" else INSTALL_EN


_DURABLE: tuple[Any, Any] | None = None  # (durable.engine module, the process-wide host)
_LOCK = threading.RLock()  # every call into durable-rules (registration and posts) holds it
_REGISTERED: set[str] = set()


def engine_and_host() -> tuple[Any, Any]:
    """Import durable-rules on first use and build the one host of this process (without background threads)."""
    global _DURABLE
    with _LOCK:
        if _DURABLE is None:
            try:
                from durable import engine  # the only import of durable-rules in swf-rules
            except (ImportError, OSError) as e:
                raise EventsUnavailable(str(e)) from None

            class _QuietHost(engine.Host):  # type: ignore[misc,name-defined]
                """A host whose actions run inside the post that triggers them: the stock host starts two
                polling threads that may run an action later, on another thread."""

                def _run(self) -> None:
                    pass

            _DURABLE = (engine, _QuietHost())
        return _DURABLE


def available() -> bool:
    """True when durable-rules can be imported here."""
    try:
        engine_and_host()
        return True
    except EventsUnavailable:
        return False


def register_ruleset(name: str, definition: dict[str, dict]) -> bool:
    """Register the ruleset ``name`` on the host; False (and nothing registered) when that name is taken.
    durable-rules cannot remove a ruleset, so a name stays taken for the life of the process."""
    engine, host = engine_and_host()
    with _LOCK:
        if name in _REGISTERED:
            return False
        host.register_rulesets({name: definition})
        _REGISTERED.add(name)
        return True


def post_event(ruleset: str, event: dict[str, Any], fired: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Post one event to ``ruleset`` and return what its actions appended to ``fired`` meanwhile (the list is
    cleared before and after, under the lock).  An event that matches no rule is not an error."""
    _plain(event)
    engine, host = engine_and_host()
    with _LOCK:
        fired.clear()
        try:
            host.post(ruleset, event)
        except engine.MessageNotHandledException:
            pass
        out = list(fired)
        fired.clear()
    return out


def day_number(d: date) -> int:
    """A date as the integer durable-rules compares: days since 1970-01-01."""
    return (d - EPOCH).days


def _plain(event: Mapping[str, Any]) -> None:
    for k, v in event.items():
        if isinstance(v, bool) or not isinstance(v, (int, str)):
            raise UsageError(f"only integers and strings go into durable-rules; {k}={v!r} is {type(v).__name__}")
