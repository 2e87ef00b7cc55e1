"""Auditing a fund's books: replay every recorded payout against the regulation (findings), the fund-status
figures of the CODI form, and the tamper-evident decision log.

Modules: ``replay`` (entry points and the replayer), ``findings`` (the verdicts, their totals and files), the
private ``_judge`` (one member's payouts judged) and ``_merge`` (the streamed replay's findings on disk),
``status`` and ``decision_log``.  The decision core (:mod:`swf_rules.core`) decides; the books
(:mod:`swf_rules.books`) are read by it.
"""

from ._judge import duplicates
from .decision_log import (GENESIS, Reproduction, Verification, append, decide_and_append, head, make_record,
                           read_log, reproduce, verify)
from .findings import FINDINGS, Finding, ReplayResult, StreamedReplay, Tally, render_summary
from .replay import (Progress, Replayer, find_regulation, load_for_replay, open_for_replay, replay, replay_to,
                     write_outputs)
from .status import AGE_GROUPS, STATUSES, fund_status, render_status, status_json

__all__ = [
    "AGE_GROUPS",
    "FINDINGS",
    "Finding",
    "GENESIS",
    "Progress",
    "ReplayResult",
    "Replayer",
    "Reproduction",
    "STATUSES",
    "StreamedReplay",
    "Tally",
    "Verification",
    "append",
    "decide_and_append",
    "duplicates",
    "find_regulation",
    "fund_status",
    "head",
    "load_for_replay",
    "make_record",
    "open_for_replay",
    "read_log",
    "render_status",
    "render_summary",
    "replay",
    "replay_to",
    "reproduce",
    "status_json",
    "verify",
    "write_outputs",
]
