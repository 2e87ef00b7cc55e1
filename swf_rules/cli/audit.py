"""Audit commands: replay, log (append, verify, head), reproduce, synth (``status`` is in :mod:`.reports`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .main import add_lang, add_out_dir, add_out_file, bounded_int, dumps, parse_date_arg
from ..core.errors import InputError, SwfError, make_problem
from ..core.validate import Regulation, load_regulation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="re-decide every recorded payout of a fund's ledger and classify it")
    _ledger_args(p)
    add_out_dir(p, "--out", metavar="DIR", help="write findings.csv, findings.json and summary.csv here")
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr even when it is not a TTY")
    p.add_argument("--format", choices=["text", "json"], default="text", help="summary on stdout as text or JSON")
    add_out_dir(p, "--tmp-dir", metavar="DIR",
                help="where the ledger's partitions wait while it is replayed (default: the system's temporary "
                     "directory); removed afterwards")
    p.add_argument("--workers", type=bounded_int(1, 1024), metavar="N",
                   help="replay on a local Dask cluster of N worker processes (the 'scale' extra); --ledger may "
                        "then be a directory of fund ledgers (one subdirectory per fund)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="replay on a running Dask cluster (e.g. tcp://host:8786); workers must see the same paths")
    p.add_argument("--threads", action="store_true", help="with --workers: threads in this process, not processes")
    p.add_argument("--members-per-task", type=bounded_int(0, 10 ** 9), metavar="N",
                   help="with --workers/--scheduler: split funds of Parquet books with more members than this "
                        "into tasks by member id (default 20000; 0: one task per fund)")
    add_lang(p)
    p.set_defaults(handler=cmd_replay)

    p = sub.add_parser("log", help="the tamper-evident decision log (JSON Lines, hash chain)")
    lsub = p.add_subparsers(dest="log_command", metavar="ACTION")
    lsub.required = True
    a = lsub.add_parser("append", help="decide a claim and append the decision to the log")
    add_out_file(a, "--log", required=True, metavar="FILE")
    a.add_argument("--regulation", required=True, metavar="REGULATION")
    a.add_argument("--member", required=True, metavar="M.json")
    a.add_argument("--claim", required=True, metavar="C.json")
    a.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(a)
    a.set_defaults(handler=cmd_log_append)
    v = lsub.add_parser("verify", help="check the chain; name every edited, deleted, inserted or moved record")
    v.add_argument("log", metavar="FILE")
    v.add_argument("--head", metavar="HASH", help="the hash the log must end with (from `log head`)")
    v.add_argument("--count", type=bounded_int(0, 10 ** 15), metavar="N",
                   help="the number of records the log must have")
    v.add_argument("--key", metavar="PUBLIC.pub",
                   help="the committee's public key: every signed checkpoint must verify and match the log")
    v.add_argument("--checkpoints", metavar="FILE", help="the checkpoints to check (default FILE.checkpoints)")
    v.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(v)
    v.set_defaults(handler=cmd_log_verify)
    h = lsub.add_parser("head", help="print the record count and the hash of the last record")
    h.add_argument("log", metavar="FILE")
    h.set_defaults(handler=cmd_log_head)
    r = lsub.add_parser("repair", help="cut off an unfinished last record and record in the chain what was cut")
    r.add_argument("log", metavar="FILE")
    r.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(r)
    r.set_defaults(handler=cmd_log_repair)
    c = lsub.add_parser("checkpoint", help="sign the log's head with the committee's private key")
    c.add_argument("log", metavar="FILE")
    c.add_argument("--key", required=True, metavar="PRIVATE.key")
    add_out_file(c, "--checkpoints", metavar="FILE", help="where checkpoints are appended (default FILE.checkpoints)")
    c.add_argument("--signer", metavar="NAME", help="who signs (printed in the checkpoint), e.g. the chair")
    c.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(c)
    c.set_defaults(handler=cmd_log_checkpoint)
    k = lsub.add_parser("keygen", help="create the committee's signing key pair (PREFIX.key and PREFIX.pub)")
    k.add_argument("--out", required=True, metavar="PREFIX")
    add_lang(k)
    k.set_defaults(handler=cmd_log_keygen)

    p = sub.add_parser("reproduce", help="recompute recorded decisions and compare them byte for byte")
    p.add_argument("log", metavar="FILE")
    p.add_argument("--record", type=bounded_int(1, 10 ** 15), metavar="N",
                   help="only this record (line number); default: all")
    p.add_argument("--regulations", action="append", default=[], metavar="DIR",
                   help="directory of regulation files (repeatable)")
    p.add_argument("--regulation", action="append", default=[], metavar="FILE", help="a regulation file (repeatable)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(p)
    p.set_defaults(handler=cmd_reproduce)

    p = sub.add_parser("synth", help="a deterministic synthetic fund: population, or a ledger with planted mistakes")
    p.add_argument("--regulation", required=True, metavar="REGULATION")
    p.add_argument("--seed", required=True, type=bounded_int(-(2 ** 63), 2 ** 63 - 1))
    p.add_argument("--members", required=True, type=bounded_int(1, 1_000_000))
    p.add_argument("--years", required=True, type=bounded_int(1, 100))
    p.add_argument("--start", required=True, type=parse_date_arg, metavar="DATE")
    p.add_argument("--age-profile", choices=["rural", "young"], default="rural")
    add_out_dir(p, "--out", required=True, metavar="DIR")
    p.add_argument("--ledger", action="store_true",
                   help="write the fund's books (members.csv, contributions.csv, payouts.csv) instead of "
                        "members.json and claims.json")
    p.add_argument("--plant", default="", metavar="KIND=N,...",
                   help="with --ledger: plant known mistakes (overpaid_stay, waiting_period, birth_both_parents, "
                        "after_lapse, late_claim, paid_twice, unknown_benefit; all=N for N of each)")
    p.add_argument("--calendar", choices=["gregorian", "buddhist"], default="gregorian",
                   help="with --ledger: the calendar the dates are written in")
    p.add_argument("--parquet", action="store_true",
                   help="with --ledger: write the books as Parquet (members.parquet, ...; the 'columnar' extra)")
    p.add_argument("--accounts", action="store_true",
                   help="with --ledger: also write the fund's accounts (accounts.csv) and beneficiaries "
                        "(beneficiaries.csv); --plant then also takes matching_twice, matching_no_round, "
                        "income_no_document, expense_no_document, transfer_one_sided, balance_off, "
                        "beneficiary_bad_id (planted_books.json says what each must give), and the register "
                        "mistakes a member review finds: lapse_unrecorded, death_unrecorded, beneficiary_missing, "
                        "beneficiary_duplicate_id (planted_review.json)")
    p.add_argument("--committee", action="store_true",
                   help="with --ledger: give each payout the committee's decision (decided_on, meeting, approver)")
    p.add_argument("--xlsx", metavar="FILE.xlsx",
                   help="with --ledger: also write the whole books as a workbook in the template layout "
                        "(implies --accounts)")
    add_lang(p)
    p.set_defaults(handler=cmd_synth)


def _ledger_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--regulations", required=True, metavar="DIR", help="directory of regulation files")
    p.add_argument("--ledger", required=True, metavar="DIR", help="the ledger directory (see docs/ledger.md)")
    p.add_argument("--manifest", metavar="FILE", help="a ledger.yaml kept elsewhere (column mapping, calendars)")
    p.add_argument("--calendar", choices=["gregorian", "buddhist"],
                   help="calendar of files whose manifest entry declares none (default gregorian)")
    p.add_argument("--fund", metavar="ID", help="the fund id, when ledger.yaml does not give it")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="list the bad rows and leave them out instead of stopping")


def _load(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The regulation and the whole ledger in memory (the reports: ``status``, ``review``, ...)."""
    from ..audit import load_for_replay
    reg, led = load_for_replay(args.regulations, args.ledger, calendar=args.calendar, manifest=args.manifest,
                               fund=args.fund, skip_bad_rows=args.skip_bad_rows)
    _print_skipped(led.skipped, args.lang, led.notices)
    return reg, led


def _print_skipped(skipped: list, lang: str, notices: list = ()) -> None:  # type: ignore[type-arg,assignment]
    th = lang == "th"
    if skipped:
        print(f"ข้ามแถวที่ผิด {len(skipped)} รายการ:" if th else
              f"skipped {len(skipped)} bad row(s):", file=sys.stderr)
        for p in skipped:
            print("  " + p.render(lang), file=sys.stderr)
    if notices:
        print(f"หมายเหตุ {len(notices)} รายการ (แถวผิดปกติที่เก็บไว้ตามที่บันทึก):" if th else
              f"{len(notices)} notice(s) (irregular rows, kept as recorded):", file=sys.stderr)
        for p in notices:
            print("  " + p.render(lang), file=sys.stderr)


def cmd_replay(args: argparse.Namespace) -> int:
    """Streamed: the ledger is checked and cut into partitions of members on disk, then replayed one partition
    at a time (memory grows with the members, not with the instalments; docs/auditors.md)."""
    from ..audit import Progress, Replayer, open_for_replay, render_summary
    if args.tmp_dir is not None:
        from ..core.output import make_dir
        make_dir(args.tmp_dir)
    if args.workers or args.scheduler:
        return _replay_on_cluster(args)
    reg, led = open_for_replay(args.regulations, args.ledger, calendar=args.calendar, manifest=args.manifest,
                               fund=args.fund, skip_bad_rows=args.skip_bad_rows, tmp_dir=args.tmp_dir)
    with led:
        _print_skipped(led.skipped, args.lang, led.notices)
        progress = Progress(led.n_payouts) if (args.progress or sys.stderr.isatty()) else None
        result = Replayer(reg).run_partitioned(led, args.out, progress)
    if args.out:
        for path in result.outputs:
            print(("เขียน " if args.lang == "th" else "wrote ") + str(path), file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(dumps({"fund": result.fund, "totals": result.totals(), "summary": result.summary()}) + "\n")
    else:
        sys.stdout.write(render_summary(result, args.lang, reg))
    return 0


def _replay_on_cluster(args: argparse.Namespace) -> int:
    """``replay --workers N`` / ``--scheduler ADDRESS``: every fund under --ledger, on Dask (audit.scale)."""
    from ..audit import render_summary
    from ..audit.scale import MEMBERS_PER_TASK, replay_funds
    for flag, given in (("--manifest", args.manifest), ("--fund", args.fund)):
        if given is not None:  # each fund's own ledger.yaml names its fund and files
            raise InputError([make_problem("not-allowed", path=(flag.lstrip("-"),), value=flag, hint=(
                f"{flag} cannot be used with --workers or --scheduler: each fund's ledger.yaml names its fund",
                f"ใช้ {flag} กับ --workers หรือ --scheduler ไม่ได้ ledger.yaml ของแต่ละกองทุนระบุกองทุนไว้แล้ว"))])
    per_task = MEMBERS_PER_TASK if args.members_per_task is None else args.members_per_task
    results = replay_funds(args.regulations, args.ledger, args.out, scheduler=args.scheduler,
                           workers=args.workers, processes=not args.threads, members_per_task=per_task,
                           tmp_dir=args.tmp_dir, calendar=args.calendar, skip_bad_rows=args.skip_bad_rows)
    for r in results:
        _print_skipped(r.skipped, args.lang, r.notices)
        for path in r.outputs:
            print(("เขียน " if args.lang == "th" else "wrote ") + str(path), file=sys.stderr)
    rows = [{"fund": r.fund, "ledger": r.name, "totals": r.totals(), "summary": r.summary()} for r in results]
    if args.format == "json":
        data = {k: v for k, v in rows[0].items() if k != "ledger"} if len(rows) == 1 else rows
        sys.stdout.write(dumps(data) + "\n")
    else:
        for r in results:
            sys.stdout.write(render_summary(r, args.lang))  # type: ignore[arg-type]
    return 0


def cmd_log_append(args: argparse.Namespace) -> int:
    from ..audit import decide_and_append
    from ..core.history import load_claim, load_member
    reg = load_regulation(args.regulation)
    rec = decide_and_append(args.log, reg, load_member(args.member), load_claim(args.claim))
    d = rec["decision"]
    if args.format == "json":
        print(dumps({"seq": rec["seq"], "hash": rec["hash"], "claim_id": d["claim_id"], "eligible": d["eligible"],
                     "amount": d["amount"]}))
    elif args.lang == "th":
        print(f"บันทึกที่ {rec['seq']}: คำขอ {d['claim_id']} {'มีสิทธิ์' if d['eligible'] else 'ไม่มีสิทธิ์'} "
              f"{d['amount']} บาท ({rec['hash']})")
    else:
        print(f"record {rec['seq']}: claim {d['claim_id']} {'eligible' if d['eligible'] else 'not eligible'} "
              f"{d['amount']} THB ({rec['hash']})")
    return 0


def cmd_log_verify(args: argparse.Namespace) -> int:
    """Exit 0 intact, 1 tampered (or a checkpoint fails), 3 only an interrupted append at the end (repair it)."""
    from ..audit.decision_log import verify
    v = verify(args.log, head=args.head, count=args.count, key=args.key, checkpoints=args.checkpoints)
    th = args.lang == "th"
    if args.format == "json":
        print(dumps(v.to_dict()))
    else:
        for p in v.problems:
            print(p.render(args.lang))
        if v.ok:
            signed = " (จุดลงนามรับรองถูกต้อง)" if th else " (checkpoints verified)"
            print((f"{args.log}: ถูกต้อง {v.records} บันทึก head {v.head}" if th else
                   f"{args.log}: intact, {v.records} record(s), head {v.head}") + (signed if args.key else ""))
        elif v.status == "torn":
            print(f"{args.log}: ท้ายไฟล์ไม่สมบูรณ์ สั่ง `swf-rules log repair {args.log}`" if th else
                  f"{args.log}: unfinished last record; run `swf-rules log repair {args.log}`", file=sys.stderr)
        else:
            n = len(v.problems)
            print(f"{n} ปัญหา" if th else f"{n} problem{'s' if n > 1 else ''}", file=sys.stderr)
    return {"intact": 0, "torn": 3}.get(v.status, 1)


def cmd_log_repair(args: argparse.Namespace) -> int:
    from ..audit.decision_log import repair
    rec = repair(args.log)
    th = args.lang == "th"
    if args.format == "json":
        print(dumps(rec))
    elif rec is None:
        print(f"{args.log}: ไม่มีส่วนท้ายที่ต้องตัด" if th else f"{args.log}: nothing to repair")
    else:
        r = rec["repair"]
        print(f"{args.log}: ตัด {r['cut_bytes']} ไบต์ ({r['cut_sha256']}) บันทึกเป็นรายการที่ {rec['seq']}" if th else
              f"{args.log}: cut {r['cut_bytes']} bytes ({r['cut_sha256']}), recorded as record {rec['seq']}")
    return 0


def cmd_log_checkpoint(args: argparse.Namespace) -> int:
    from ..audit.decision_log import checkpoint
    cp = checkpoint(args.log, args.key, args.checkpoints, args.signer)
    if args.format == "json":
        print(dumps(cp))
    elif args.lang == "th":
        print(f"{args.log}: ลงนามรับรองบันทึกที่ {cp['seq']} ({cp['head']}) ด้วยกุญแจ {cp['key_id']}")
    else:
        print(f"{args.log}: signed record {cp['seq']} ({cp['head']}) with key {cp['key_id']}")
    return 0


def cmd_log_keygen(args: argparse.Namespace) -> int:
    from ..audit.checkpoints import generate_keys
    priv, pub = generate_keys(args.out)
    if args.lang == "th":
        print(f"กุญแจส่วนตัว (เก็บเป็นความลับ): {priv}\nกุญแจสาธารณะ (แจกให้ผู้ตรวจสอบ): {pub}")
    else:
        print(f"private key (keep secret): {priv}\npublic key (give to auditors): {pub}")
    return 0


def cmd_log_head(args: argparse.Namespace) -> int:
    from ..audit import head
    print(dumps(head(args.log)))
    return 0


def recorded_regulations(args: argparse.Namespace) -> list[Regulation]:
    """The regulations a decision log's records may name: each ``--regulation FILE`` and every file of each
    ``--regulations DIR`` (``reproduce``, ``voucher``)."""
    from ..core.registry import regulation_files
    regs: list[Regulation] = [load_regulation(p) for p in args.regulation]
    for d in args.regulations:
        for p in regulation_files(d):
            try:
                regs.append(load_regulation(p))
            except SwfError:
                continue  # a broken file cannot hold the recorded fingerprint; reported if none matches
    if not regs:
        raise InputError([make_problem("unknown-regulation", value="(none given)",
                                       hint=("pass --regulations DIR or --regulation FILE",
                                             "ระบุ --regulations DIR หรือ --regulation FILE"))])
    return regs


def cmd_reproduce(args: argparse.Namespace) -> int:
    from ..audit import reproduce
    results = reproduce(args.log, recorded_regulations(args), args.record)
    th = args.lang == "th"
    if args.format == "json":
        print(dumps([r.to_dict() for r in results]))
    else:
        for r in results:
            if r.identical:
                print(f"บันทึกที่ {r.record} (คำขอ {r.claim_id}): คำนวณซ้ำได้ผลตรงกันทุกไบต์" if th else
                      f"record {r.record} (claim {r.claim_id}): recomputed, byte-identical")
            else:
                print(f"บันทึกที่ {r.record} (คำขอ {r.claim_id}): ผลต่างจากที่บันทึกไว้" if th else
                      f"record {r.record} (claim {r.claim_id}): DIFFERS from the recorded decision")
                print(r.diff)
    return 0 if all(r.identical for r in results) else 1


def cmd_synth(args: argparse.Namespace) -> int:
    from ..synth import ACCOUNT_PLANT_KINDS, REVIEW_PLANT_KINDS, add_accounts, add_committee, ledger, parse_plant, \
        population, write_ledger, write_population
    reg = load_regulation(args.regulation)
    plant = parse_plant(args.plant) if args.plant else {}
    if args.parquet and not args.ledger:
        raise InputError([make_problem("not-allowed", path=("parquet",), value="--parquet",
                                       hint=("--parquet needs --ledger", "--parquet ใช้ได้กับ --ledger เท่านั้น"))])
    books_plant = {k: plant.pop(k) for k in list(plant) if k in ACCOUNT_PLANT_KINDS + REVIEW_PLANT_KINDS}
    with_accounts = args.accounts or args.xlsx is not None
    if books_plant and not with_accounts:
        raise InputError([make_problem("not-allowed", path=("plant",), value=args.plant,
                                       hint=("these kinds need --accounts", "ชนิดเหล่านี้ใช้ได้กับ --accounts เท่านั้น"))])
    if (plant or books_plant) and not args.ledger:
        raise InputError([make_problem("not-allowed", path=("plant",), value=args.plant,
                                       hint=("--plant needs --ledger", "--plant ใช้ได้กับ --ledger เท่านั้น"))])
    out = Path(args.out)
    if args.ledger:
        l = ledger(reg, seed=args.seed, members=args.members, years=args.years, start=args.start, plant=plant,
                   age_profile=args.age_profile)
        if with_accounts:
            add_accounts(l, seed=args.seed, start=args.start, years=args.years, plant=books_plant)
        if args.committee:
            add_committee(l, seed=args.seed)
        paths = write_ledger(l, out, calendar=args.calendar, xlsx=args.xlsx, parquet=args.parquet)
        summary = {"members": len(l.members), "contributions": sum(len(m.contributions) for m in l.members),
                   "payouts": len(l.payouts), "planted": len(l.planted)}
        if with_accounts:
            summary["accounts"] = len(l.accounts or [])
            summary["planted_books"] = len(l.planted_books or [])
            if l.planted_review is not None:
                summary["planted_review"] = len(l.planted_review)
    else:
        pop = population(reg, seed=args.seed, members=args.members, years=args.years, start=args.start,
                         age_profile=args.age_profile)
        paths = write_population(pop, out)
        summary = {"members": len(pop.members), "contributions": sum(len(m.contributions) for m in pop.members),
                   "claims": len(pop.claims)}
    for p in paths:
        print(str(p), file=sys.stderr)
    print(json.dumps(summary, sort_keys=True))
    return 0
