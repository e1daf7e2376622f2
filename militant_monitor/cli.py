"""The ``mmon`` command: thin wrappers that parse arguments, call the library and print.

Errors reach the user as one line naming the input; never a traceback
(set ``MMON_DEBUG=1`` to see one). Text that comes from documents or file names
is never read as console markup nor passed to the terminal as control sequences
(:func:`shown`).

Exit codes: 0 all good; 1 some inputs failed (or a command's error); 2 bad usage
(a bad option, an unknown model); 3 total failure (no input could be ingested, or
the store could not be written and the run stopped).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import DBAPIError

from .extract.budget import DEFAULT_MAX_SECONDS
from .errors import E_ENGINE, E_MODEL, E_STORE, MmonError, StoreError, one_line, printable, store_error, unexpected_error
from .query.profile import Ambiguous, render_choices
from .resolve.decisions import ActionError
from .store.store import NoSuchStore

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Militant Monitor: turn reporting on militant leadership into a sourced knowledge base.")


class SafeConsole(Console):
    """A rich Console that never passes control characters or ESC sequences from the text
    it prints to the terminal (its own styling still works): every printed segment goes
    through :func:`~militant_monitor.errors.printable`."""

    def render(self, renderable, options=None):
        from rich.segment import Segment
        for seg in super().render(renderable, options):
            yield seg if seg.control else Segment(printable(seg.text), seg.style, seg.control)


out = SafeConsole(soft_wrap=True)
err = SafeConsole(stderr=True, soft_wrap=True)

def _version(value: bool):
    if value:
        from . import __version__
        from .extract.pipeline import RULES_VERSION, rules_digest
        out.print(f"mmon {__version__} (rules {RULES_VERSION}+{rules_digest()})", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """Militant Monitor: turn reporting on militant leadership into a sourced knowledge base."""


DB_HELP = "Database file, data folder or SQLAlchemy URL (default: $MMON_DB or ./mmon-data/mmon.db)."


EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_TOTAL = 0, 1, 2, 3
_EXIT_BY_CODE = {E_STORE: EXIT_TOTAL, E_MODEL: EXIT_USAGE, E_ENGINE: EXIT_USAGE}


def shown(text: object) -> str:
    """Text from input (titles, publishers, file names) ready for a markup-enabled print:
    terminal control characters and ESC sequences removed, ``[`` escaped."""
    return escape(printable(text))


def fail(message: str, code: int = 1):
    err.print(f"[red]error:[/red] {escape(one_line(message))}", highlight=False)
    raise typer.Exit(code)


def guarded(fn):
    """Run a command body; user errors and crashes end in one line, not a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except MmonError as exc:
            fail(str(exc), _EXIT_BY_CODE.get(exc.code, 1))
        except NoSuchStore as exc:
            fail(str(exc), 2)
        except ActionError as exc:
            fail(exc.message)
        except Ambiguous as exc:    # a name that fits several people: the numbered list, pick by id
            out.print(render_choices(exc.name, exc.candidates, exc.kind), highlight=False, markup=False)
            raise typer.Exit(1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except DBAPIError as exc:  # the store: locked, disk full, unreadable
            if os.environ.get("MMON_DEBUG"):
                raise
            fail(store_error(exc), EXIT_TOTAL)
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("MMON_DEBUG"):
                raise
            fail(unexpected_error(exc))
    return wrapper


@app.command()
@guarded
def ingest(paths: List[str] = typer.Argument(..., help="Files, folders (recursive), JSON Lines, feeds, or - for stdin."),
           db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
           near: float = typer.Option(0.8, help="Near-duplicate threshold (Jaccard of word 5-shingles)."),
           max_mb: float = typer.Option(50.0, "--max-mb", help="Skip files larger than this many MB."),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary line."),
           follow_links: bool = typer.Option(False, "--follow-links", help="Follow symbolic links out of a folder."),
           force: bool = typer.Option(False, "--force", help="Ingest documents forgotten with mmon forget again."),
           workers: Optional[int] = typer.Option(None, "--workers", "-j", min=1,
                                                 help="Processes that read and extract (default: the machine's cores)."),
           engine: str = typer.Option("local", "--engine",
                                      help="local: processes on this machine; dask: a Dask cluster "
                                           "(needs the 'cluster' extra)."),
           scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                                   help="With --engine dask: the scheduler's address (tcp://host:8786); "
                                                        "default: a local cluster of --workers processes on 127.0.0.1."),
           max_chars: int = typer.Option(100_000, "--max-chars", min=0,
                                         help="Extract facts from at most this many characters of a document "
                                              "(the whole text is stored; 0: no limit)."),
           max_seconds: float = typer.Option(DEFAULT_MAX_SECONDS, "--max-seconds", min=0, envvar="MMON_MAX_SECONDS",
                                             help="Time budget of one document's extraction: past it, the document "
                                                  "is stored with what was extracted and marked partial (0: no limit).")):
    """Ingest articles into the knowledge base: extract their facts and store them as statements.

    Exit status: 0 all ingested, 1 some inputs failed, 3 none could be (or the store failed)."""
    from .extract.pipeline import Extractor
    from .ingest.parallel import default_workers
    from .ingest.runner import ingest_paths
    from .store import Store

    store = Store(db)
    extractor = Extractor(max_chars=max_chars or None, max_seconds=max_seconds or None)
    with Progress(SpinnerColumn(), TextColumn("[bold]ingest[/bold]"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  disable=quiet or not err.is_terminal, transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_item(name, outcome):
            progress.update(task, advance=1, description=shown(f"{Path(str(name)).name[:40]}: {outcome[:40]}"))
            if not quiet:
                _print_outcome(name, outcome)

        try:
            report = ingest_paths(store, list(paths), extractor, near_threshold=near,
                                  max_bytes=int(max_mb * 1_000_000), on_item=on_item,
                                  follow_links=follow_links, force=force, workers=workers or default_workers(),
                                  engine=engine, scheduler=scheduler)
        except StoreError as exc:
            out.print(exc.report.summary(), highlight=False, markup=False)
            fail(str(exc), EXIT_TOTAL)
    out.print(report.summary(), highlight=False, markup=False)
    raise typer.Exit(report.exit_code())


def _print_outcome(name, outcome: str) -> None:
    """One stderr line for an input that failed, was skipped, was a duplicate or was too long."""
    for prefix in ("failed: ", "skipped: "):
        if outcome.startswith(prefix):
            err.print(f"[yellow]skipped[/yellow] {shown(name)}: {shown(outcome[len(prefix):])}", highlight=False)
            return
    if "; too long: " in outcome or "; over the time budget" in outcome:
        err.print(f"[yellow]warning[/yellow] {shown(name)}: {shown(outcome.split('; ', 1)[1])}", highlight=False)
    elif "duplicate" in outcome:
        err.print(f"[dim]duplicate[/dim] {shown(name)}: {shown(outcome)}", highlight=False)


@app.command()
@guarded
def extract(file: str = typer.Argument(..., help="One article: HTML, text, or - for stdin."),
            format: str = typer.Option("json", "--format", "-f", help="json, jsonl or statements."),
            explain: bool = typer.Option(False, "--explain", help="Show every fact with its evidence span."),
            no_model: bool = typer.Option(False, "--no-model", help="Rules only, without the statistical model.")):
    """Print the fact sheet of one article (spec/factsheet.md) without storing it."""
    from .extract.pipeline import Extractor
    from .ingest import Failure, read_paths

    extractor = Extractor(use_model=not no_model)
    items = list(read_paths([file]))
    docs = [i for i in items if not isinstance(i, Failure)]
    for f in items:
        if isinstance(f, Failure):
            err.print(f"[yellow]skipped[/yellow] {shown(f.input)}: {shown(f.reason)}", highlight=False)
    if not docs:
        raise typer.Exit(1)
    for doc in docs:
        sheet, statements = extractor(doc)
        if explain:
            _explain(doc, sheet, statements)
        elif format == "statements":
            for s in statements:
                sys.stdout.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        elif format == "jsonl" or len(docs) > 1:
            sys.stdout.write(json.dumps(sheet, ensure_ascii=False) + "\n")
        elif format == "json":
            sys.stdout.write(json.dumps(sheet, ensure_ascii=False, indent=2) + "\n")
        else:
            fail(f"unknown format {format!r}: use json, jsonl or statements")


def _explain(doc, sheet, statements):
    version = statements[0].extractor if statements else ""
    out.print(f"[bold]{shown(sheet['document'].get('title') or doc.source_path)}[/bold]  ({doc.id}, {version})", highlight=False)
    for s in statements:
        if s.prop in ("evidence",):
            continue
        span = doc.text[s.start:s.end] if s.start is not None and s.end is not None else ""
        value = s.value if isinstance(s.value, str) else json.dumps(s.value, ensure_ascii=False)
        out.print(f"[cyan]{shown(s.entity_id)}[/cyan] [bold]{s.prop}[/bold] = {shown(value)}  "
                  f"[dim](rule {s.rule}, confidence {s.confidence:.2f}, chars {s.start}-{s.end})[/dim]", highlight=False)
        if span:
            out.print(f"    [green]\u201c{shown(one_line(span, 300))}\u201d[/green]", highlight=False)


@app.command()
@guarded
def profile(name: str = typer.Argument(..., help="Any name or alias of the person."),
            db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
            format: str = typer.Option("text", "--format", "-f", help="text or json.")):
    """Print a monitor-style brief of a person, with the sources behind each line.

    NAME is a name, an alias or an id (``P-...``; an id a merge retired leads to the id in use).
    A name that fits several people prints them, numbered, with what tells them apart (exit 1)."""
    from .query.profile import Ambiguous, profile as build, render_brief, render_choices
    from .store import Store

    store = Store(db, create=False)
    try:
        p = build(store, name)
    except Ambiguous as amb:
        if format == "json":
            sys.stdout.write(json.dumps({"query": name, "ambiguous": True, "candidates": amb.candidates},
                                        ensure_ascii=False, indent=2) + "\n")
        else:
            out.print(render_choices(name, amb.candidates), highlight=False, markup=False)
        raise typer.Exit(1)
    if p is None:
        from .query.profile import suggestions
        close = suggestions(store, name)
        fail(f"no person known as {name!r} in the knowledge base"
             + (f"; did you mean: {', '.join(close)}?" if close else ""))
        return
    if format == "json":
        sys.stdout.write(json.dumps(p, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(render_brief(p), highlight=False, markup=False)


@app.command()
@guarded
def stats(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP)):
    """Counts of what the knowledge base holds."""
    from .store import Store
    from .extract.pipeline import Extractor
    store = Store(db, create=False)
    c = store.counts()
    c["stale"] = store.count_stale(Extractor().version)
    out.print(", ".join(f"{k} {v}" for k, v in c.items()), highlight=False)
    if c["stale"]:
        out.print(f"{c['stale']} document(s) were extracted by an older version: run `mmon reextract`", highlight=False)


@app.command()
@guarded
def reextract(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
              limit: Optional[int] = typer.Option(None, help="At most this many documents this run."),
              quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display.")):
    """Re-extract documents stored by an older extractor version (resumable: stop it any time)."""
    from .ingest.reextract import reextract as run
    from .extract.pipeline import Extractor
    from .store import Store
    store = Store(db, create=False)
    ex = Extractor()
    total = store.count_stale(ex.version)
    if limit:
        total = min(total, limit)
    with Progress(SpinnerColumn(), TextColumn("[bold]reextract[/bold]"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True) as progress:
        task = progress.add_task("", total=total)

        def on_item(doc_id, outcome):
            progress.update(task, advance=1)
            if outcome.startswith("failed"):
                err.print(f"[yellow]failed[/yellow] {escape(doc_id)}: {escape(outcome[8:])}", highlight=False)
        r = run(store, ex, limit, on_item)
    out.print(f"re-extracted {r['reextracted']}, failed {r['failed']}, remaining {r['remaining']} "
              f"(extractor {ex.version})", highlight=False, markup=False)
    if r["failed"]:
        raise typer.Exit(1)


@app.command()
@guarded
def search(query: str = typer.Argument(
               ..., help='Words to find (all must occur); "a phrase", a prefix* and -word or NOT word to leave out. '
                         "Any other FTS syntax is searched as plain words."),
           db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
           limit: int = typer.Option(20, help="Most results to show per section (a page), 1 to 1000."),
           offset: int = typer.Option(0, help="Results to skip in each section."),
           page: Optional[int] = typer.Option(None, help="Page number from 1 (pages of --limit results); "
                                                         "overrides --offset."),
           format: str = typer.Option("text", "--format", "-f", help="text or jsonl.")):
    """Search documents and facts, best matches first, with totals and pages."""
    from .query.search import search as run_search
    from .store import Store
    if format not in ("text", "jsonl"):
        fail(f"unknown format {format!r}: use text or jsonl", 2)
    if not 1 <= limit <= 1000 or offset < 0 or (page is not None and page < 1):
        fail(f"--limit must be 1 to 1000, --offset 0 or more and --page 1 or more (not {limit}, {offset}, {page})", 2)
    if page is not None:
        offset = (page - 1) * limit
    store = Store(db, create=False)
    try:
        res = run_search(store, query, limit, offset)
    finally:
        store.close()
    if format == "jsonl":
        for kind in ("documents", "facts"):
            for r in res[kind]:
                sys.stdout.write(json.dumps({"kind": kind, **r}, ensure_ascii=False) + "\n")
        return
    if res["mode"] != "all words":
        out.print("[dim]no match for all the words; showing matches for any of them[/dim]", highlight=False)
    for kind, label in (("documents", "Documents"), ("facts", "Facts")):
        total, shown = res["total"][kind], res[kind]
        span = f"{offset + 1}-{offset + len(shown)} of {total}" if shown else f"none of {total}" if total else "0"
        out.print(f"[bold]{label}[/bold] ({span})", highlight=False)
        for r in shown:
            if kind == "documents":
                out.print(f"  {r['id']}  {r['published'] or '':10}  {r['title'] or ''}\n      {r['snippet']}",
                          highlight=False, markup=False)
            else:
                out.print(f"  {r['entity_id']}  {r['prop']} = {r['value']}", highlight=False, markup=False)
    more = max(res["total"]["documents"], res["total"]["facts"]) - offset - limit
    if more > 0:
        out.print(f"[dim]more: --page {offset // limit + 2} (or --offset {offset + limit})[/dim]", highlight=False)


@app.command()
@guarded
def resolve(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
            matcher: str | None = typer.Option(
                None, help="Matching logic (versioned): logic_v1, logic_v2, logic_v3; default: the one ingest uses.")):
    """Re-run entity resolution over the whole store (ingest does this by itself)."""
    from .resolve import resolve as run
    from .resolve.matching import DEFAULT
    from .store import Store
    matcher = matcher or DEFAULT
    r = run(Store(db, create=False), matcher, full=True)
    multi = sum(1 for m in r.members.values() if len(m) > 1)
    out.print(f"{len(r.canonical)} entities resolved into {len(r.members)} ({multi} joined across documents) with {matcher}", highlight=False)


@app.command()
@guarded
def merge(a: str = typer.Argument(..., help="A name or id (P-...)."), b: str = typer.Argument(..., help="Another."),
          db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
          user: Optional[str] = typer.Option(None, envvar="MMON_USER", help="Who decides (default: login name)."),
          note: Optional[str] = typer.Option(None, help="Why.")):
    """Record that A and B are the same entity (a judgement, undoable)."""
    from .resolve import decisions
    from .store import Store
    out.print(decisions.merge(Store(db, create=False), a, b, user, note)["message"], highlight=False, markup=False)


@app.command()
@guarded
def split(entity: str = typer.Argument(..., help="A name or id (P-...) whose resolved entity to split."),
          member: Optional[List[str]] = typer.Option(None, "--member", "-m", help="Only take these member ids out."),
          db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
          user: Optional[str] = typer.Option(None, envvar="MMON_USER", help="Who decides (default: login name)."),
          note: Optional[str] = typer.Option(None, help="Why.")):
    """Record that a resolved entity is several: its members (or the ones named) are kept apart."""
    from .resolve import decisions
    from .store import Store
    out.print(decisions.split(Store(db, create=False), entity, member, user, note)["message"], highlight=False, markup=False)


@app.command()
@guarded
def review(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
           limit: int = typer.Option(20, "--limit", min=1, max=500, help="Items to list."),
           offset: int = typer.Option(0, "--offset", min=0, help="Items to skip."),
           format: str = typer.Option("text", "--format", "-f", help="text or jsonl."),
           answer: Optional[str] = typer.Option(None, "--answer", help="Answer this item (its key, or its number)."),
           how: Optional[str] = typer.Option(None, "--as", help="The answer: merge, split or unsure."),
           user: Optional[str] = typer.Option(None, envvar="MMON_USER", help="Who decides (default: login name)."),
           note: Optional[str] = typer.Option(None, help="Why.")):
    """The review queue: suggested merges and splits, best first, each side's mentions in context."""
    from .resolve import review as rq
    from .store import Store
    if format not in ("text", "jsonl"):
        fail(f"unknown format {format!r}: text or jsonl", 2)
    store = Store(db, create=False)
    if answer is not None:
        if how is None or how not in rq.ANSWERS:
            fail("give --as merge, split or unsure with --answer", 2)
        key = answer
        if answer.isdigit():
            page = rq.queue(store, 1, int(answer) - 1)["items"] if int(answer) >= 1 else []
            if not page:
                fail(f"no review item number {answer}")
            key = page[0]["key"]
        out.print(rq.answer(store, key, how or "", user, note)["message"], highlight=False, markup=False)
        return
    q = rq.queue(store, limit, offset)
    if format == "jsonl":
        for it in q["items"]:
            sys.stdout.write(json.dumps(it, ensure_ascii=False) + "\n")
        return
    out.print(render_review(q), highlight=False, markup=False)


def render_review(q: dict) -> str:
    """The queue as text: per item its kind, score, sides and mentions, and how to answer it."""
    if not q["items"]:
        return "The review queue is empty." if not q["total"] else f"No items past {q['offset']} ({q['total']} in all)."
    lines = [f"{q['total']} suggestion(s); {q['offset'] + 1}-{q['offset'] + len(q['items'])} shown, best first"]
    for it in q["items"]:
        lines.append("")
        head = (f"{it['left_id']} and {it['right_id']}: one man?" if it["kind"] == "merge"
                else f"{it['left_id']}: several men?")
        lines.append(f"{it['n']:>3}. {it['kind']} {it['score']:.2f}  {head}  ({'; '.join(it['why'])})")
        for tag, side in (("A", it["left"]), ("B", it["right"])):
            groups = f"; {', '.join(side['groups'][:3])}" if side["groups"] else ""
            lines.append(f"     {tag}: {', '.join(side['names'][:4]) or '-'}{groups} ({len(side['members'])} record(s))")
            for m in side["mentions"]:
                src = ", ".join(x for x in (m["publisher"], m["published"]) if x)
                lines.append(f"        \"{m['sentence'] or m['name']}\" - {m['title'] or m['doc_id']}"
                             + (f" ({src})" if src else ""))
        lines.append(f"     answer: mmon review --answer {it['n']} --as merge|split|unsure   (key {it['key']})")
    return "\n".join(lines)


@app.command(name="judgements")
@guarded
def judgements_(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
                undo: Optional[int] = typer.Option(None, "--undo", help="Undo the judgement with this number."),
                format: str = typer.Option("text", "--format", "-f", help="text or jsonl.")):
    """List analysts' merge and split decisions (who, when, undone), or undo one."""
    from .resolve import decisions, ids, judgements
    from .store import Store
    store = Store(db, create=False)
    if undo is not None:
        out.print(decisions.undo(store, undo)["message"], highlight=False)
        return
    for j in judgements.history(store):
        if format == "jsonl":
            sys.stdout.write(json.dumps(j) + "\n")
            continue
        state = f"undone {j['undone_at']}" if j["undone_at"] else "active"
        sign = {"positive": "=", "negative": "!=", "split": "split from", "unsure": "unsure:"}.get(j["judgement"], "?")
        left, right = (f"{x} ({ids.current_id(store, x) or 'gone'})" for x in (j["left_id"], j["right_id"]))
        out.print(f"{j['id']:>4}  {left} {sign} {right}  by {j['user']} at {j['created_at']}  [{state}]"
                  + (f"  ({j['note']})" if j.get("note") else ""), highlight=False, markup=False)


@app.command()
@guarded
def events(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
           group: Optional[str] = typer.Option(None, help="Perpetrator group (any name or alias)."),
           person: Optional[str] = typer.Option(None, help="Perpetrator person (any name or alias)."),
           type: Optional[str] = typer.Option(None, "--type", help="Event type; 'attack' means the whole family."),
           place: Optional[str] = typer.Option(None, help="Place at any level: name, district, province or country."),
           since: Optional[str] = typer.Option(None, help="From this date (YYYY[-MM[-DD]])."),
           until: Optional[str] = typer.Option(None, help="Up to this date."),
           min_killed: Optional[int] = typer.Option(None, "--min-killed", help="At least this many killed (any source)."),
           format: str = typer.Option("table", "--format", "-f", help="table, jsonl or csv."),
           limit: Optional[int] = typer.Option(None, "--limit", min=1,
                                               help="At most this many events (a page; the latest first)."),
           offset: int = typer.Option(0, "--offset", min=0, help="Skip this many events first (the next page).")):
    """Events across all documents; one row per event, with sources' conflicting figures kept."""
    from .query.events import event_table, flat, page, parse_filters, to_csv
    from .store import Store
    if format not in ("table", "jsonl", "csv"):
        fail(f"unknown format {format!r}: use table, jsonl or csv", 2)
    try:
        filters = parse_filters(group, person, type, place, since, until, min_killed)
    except ValueError as exc:
        fail(str(exc), 2)
    store = Store(db, create=False)
    if limit is None and not offset:
        rows = event_table(store, filters)
        total = len(rows)
    else:   # one page: only its rows are built (query.events.page), however many events match
        rows, total = page(store, filters, offset, limit)
    if not rows and person:   # a person no one is known as: the closest names
        from .query.profile import candidates, suggestions
        if not candidates(store, person):
            close = suggestions(store, person)
            err.print(f"no person known as {person!r}" + (f"; did you mean: {', '.join(close)}?" if close else ""),
                      highlight=False, markup=False)
    if format == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif format == "csv":
        sys.stdout.write(to_csv(rows))
    else:
        from rich.table import Table
        t = Table(show_lines=False)
        for col in ("date", "type", "place", "killed", "injured", "perpetrators", "forces", "sources"):
            t.add_column(col)
        for r in rows:
            f = flat(r)
            killed = f["killed_range"] if r["killed_range"] and r["killed_range"][0] != r["killed_range"][1] else str(f["killed"])
            where = ", ".join(x for x in (f["place_name"], f["district"], f["province"]) if x)
            t.add_row(f["date"] + (" (dates differ)" if r.get("date_conflict") else ""),
                      ("reportedly " if r.get("hedged") else "") + f["type"], where, killed,
                      str(f["injured"]), f["perpetrators"], f["forces"], f"{r['reports']}: {f['sources']}")
        out.print(t)
        if limit is None and not offset:
            out.print(f"{len(rows)} event(s)", highlight=False)
        else:
            shown = (f"events {offset + 1}-{offset + len(rows)} of {total}" if rows
                     else f"no event after the first {offset} (of {total})")
            more = offset + len(rows) < total
            out.print(shown + (f"; more with --offset {offset + len(rows)}" if more else ""), highlight=False)


@app.command()
@guarded
def timeline(name: str = typer.Argument(..., help="A person or group (any name or alias)."),
             db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
             format: str = typer.Option("text", "--format", "-f", help="text or jsonl.")):
    """A person's or group's dated facts in order, with sources."""
    from .query.timeline import timeline as build
    from .store import Store
    entries = build(Store(db, create=False), name)
    if not entries:
        fail(f"no dated facts about {name!r}")
    for e in entries:
        if format == "jsonl":
            sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")
            continue
        src = e["source"]
        label = ", ".join(x for x in (src.get("publisher"), src.get("published")) if x) or src.get("doc_id")
        out.print(f"{e['date'] or '????':10}  {e['kind']:<11} {e['text']}  [{label}]", highlight=False, markup=False)


@app.command()
@guarded
def graph(name: str = typer.Argument(..., help="A person or group (any name or alias)."),
          depth: int = typer.Option(1, "--depth", help="Steps out from the entity."),
          out_prefix: Optional[str] = typer.Option(None, "--out", help="Write OUT.graphml and OUT.html (default: the name)."),
          db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP)):
    """People, groups and events around an entity, as GraphML and a self-contained HTML view."""
    import re as _re
    from .query.graph import around, to_html, write_graphml
    from .store import Store
    g = around(Store(db, create=False), name, depth)
    if g.number_of_nodes() == 0:
        fail(f"nothing known as {name!r}")
    prefix = out_prefix or _re.sub(r"[^\w-]+", "-", name).strip("-").lower() or "graph"
    write_graphml(g, prefix + ".graphml")
    Path(prefix + ".html").write_text(to_html(g, f"{name} (depth {depth})"), encoding="utf-8")
    out.print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges: {prefix}.graphml, {prefix}.html", highlight=False)


@app.command()
@guarded
def forget(doc: str = typer.Argument(..., help="Document id (doc-...)."),
           db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP)):
    """Remove a document and the facts that rested only on it; facts other documents back stay."""
    from .resolve import decisions
    from .store import Store
    out.print(decisions.forget(Store(db, create=False), doc)["message"], highlight=False)


@app.command(name="eval")
@guarded
def eval_(gold_dir: str = typer.Argument(..., help="Folder of <name>/article.txt (or .html) + gold.json."),
          per_article: bool = typer.Option(False, "--per-article", help="Also print each article's F1."),
          no_model: bool = typer.Option(False, "--no-model", help="Rules only, without the statistical model."),
          by_rule: bool = typer.Option(False, "--by-rule", help="Also print precision and recall of every pattern id "
                                       "(recall: share of the kind's gold facts it found), weakest first.")):
    """Score the extractor against gold fact sheets: precision, recall and F1 per kind of fact."""
    from .evaluate import evaluate
    from .extract.pipeline import Extractor
    if not Path(gold_dir).is_dir():
        fail(f"{gold_dir}: not a folder")
    total, per = evaluate(gold_dir, Extractor(use_model=not no_model))
    if not per:
        fail(f"{gold_dir}: no */gold.json with an article.txt or article.html beside it")
    if per_article:
        for name, t in per.items():
            out.print(f"{name:<48} F1 {t.f1:.3f}", highlight=False)
    out.print(total.report(), highlight=False)
    if by_rule:
        out.print("", highlight=False)
        out.print(total.rule_report(), highlight=False, markup=False)


@app.command()
@guarded
def watch(paths: List[str] = typer.Argument(..., help="Folders or feed files to watch."),
          leader: Optional[List[str]] = typer.Option(None, "--leader", "-l", help="Also watch this leader (stored)."),
          interval: float = typer.Option(60.0, help="Seconds between looks."),
          once: bool = typer.Option(False, "--once", help="Look once and stop."),
          follow_links: bool = typer.Option(False, "--follow-links", help="Follow symbolic links out of a folder."),
          db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP)):
    """Ingest new files as they appear and report what matters about watched leaders.

    A pass whose alerts could not be reported keeps its documents pending: they are
    reported on the next pass (or the next run)."""
    from .query import watch as w
    from .store import Store
    store = Store(db)
    for name in leader or []:
        w.add(store, name)
    if not w.watched(store):
        err.print("[yellow]no leaders watched yet: add some with --leader NAME[/yellow]", highlight=False)

    def on_alert(a):
        out.print(f"[bold red]ALERT[/bold red] {shown(a['text'])}", highlight=False)

    def on_report(r):
        if r.stored or r.failed:
            out.print(r.summary(), highlight=False, markup=False)

    def on_error(message):
        err.print(f"[red]error:[/red] {shown(one_line(message))}", highlight=False)

    try:
        w.run(store, list(paths), interval, once, on_alert=on_alert, on_report=on_report, on_error=on_error,
              follow_links=follow_links)
    except KeyboardInterrupt:
        out.print("stopped", highlight=False)


@app.command()
@guarded
def watchlist(add: Optional[List[str]] = typer.Option(None, "--add", help="Watch this leader."),
              remove: Optional[List[str]] = typer.Option(None, "--remove", help="Stop watching this leader."),
              db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP)):
    """List the watched leaders (and add or remove some)."""
    from .query import watch as w
    from .store import Store
    store = Store(db, create=False)
    for name in add or []:
        w.add(store, name)
    for name in remove or []:
        if not w.remove(store, name):
            fail(f"{name!r} is not watched")
    for x in w.watched(store):
        out.print(f"{x['name']}  (since {x['created_at']})", highlight=False, markup=False)


@app.command()
@guarded
def serve(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless --public)."),
          port: int = typer.Option(8000, "--port", help="Port to listen on."),
          token: Optional[str] = typer.Option(None, "--token", envvar="MMON_TOKEN", show_envvar=True,
                                              help="Secret that writes need (upload, merge, split, forget); "
                                                   "without one the server is read-only. Prefer $MMON_TOKEN."),
          public: bool = typer.Option(False, "--public", help="Allow listening on a non-loopback address."),
          max_upload_mb: float = typer.Option(20.0, "--max-upload-mb", help="Largest upload accepted."),
          access_log: bool = typer.Option(False, "--access-log", help="Log every request.")):
    """Start the web application (pages and JSON API) over the store, on 127.0.0.1."""
    import ipaddress
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not public:
        fail(f"refusing to listen on {host}: not a loopback address (add --public if you mean it)")
    if not 0 < port < 65536:
        fail(f"bad port {port}")
    if token is not None and len(token) < 8:
        fail("the token is too short: use at least 8 characters")

    import uvicorn

    from .serve import create_app
    application = create_app(db, token, max_upload=int(max_upload_mb * 1_000_000), public=public)
    mode = "writes need the token" if token else "read-only (no token)"
    err.print(f"serving {application.state.store.shown_url} on http://{host}:{port}/ - {mode}; Ctrl-C stops",
              highlight=False, markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=access_log,
                server_header=False, proxy_headers=False)


@app.command(name="export")
@guarded
def export_(format: str = typer.Option(..., "--format", "-f", help="jsonl, acled-csv, gtd-csv, geojson, graphml, stix, ftm or ftm-statements."),
            db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
            group: Optional[str] = typer.Option(None, help="Events of this perpetrator group (any name or alias)."),
            person: Optional[str] = typer.Option(None, help="Events of this perpetrator person (any name or alias)."),
            type: Optional[str] = typer.Option(None, "--type", help="Event type; 'attack' means the whole family."),
            place: Optional[str] = typer.Option(None, help="Place at any level: name, district, province or country."),
            since: Optional[str] = typer.Option(None, help="From this date (YYYY[-MM[-DD]])."),
            until: Optional[str] = typer.Option(None, help="Up to this date."),
            min_killed: Optional[int] = typer.Option(None, "--min-killed", help="At least this many killed (any source)."),
            around: Optional[str] = typer.Option(None, "--around", help="graphml: only the network around this person or group."),
            depth: int = typer.Option(1, "--depth", help="graphml with --around: steps out from the entity."),
            output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (default: stdout).")):
    """Export the knowledge base (or the events the filters keep, with their sources) in another tool's format."""
    from .export import exporter
    from .export.common import Selection
    from .query.events import parse_filters
    from .store import Store
    try:
        run = exporter(format)
        filters = parse_filters(group, person, type, place, since, until, min_killed)
    except ValueError as exc:
        fail(str(exc), 2)
    if depth < 0:
        fail("depth must be at least 0", 2)
    if around and format != "graphml":
        fail("--around only applies to --format graphml", 2)
    store = Store(db, create=False)
    selection = Selection(store, filters)
    kwargs = {"around": around, "depth": depth} if format == "graphml" else {}
    with _progress(output) as progress:
        if output:
            tmp = Path(output + ".part")
            try:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    n = run(store, fh, selection, progress, **kwargs)
                tmp.replace(output)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                fail(f"{output}: cannot write: {exc.strerror or exc}")
        else:
            try:
                n = run(store, sys.stdout, selection, progress, **kwargs)
                sys.stdout.flush()
            except BrokenPipeError:          # the reader stopped (| head): not an error
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise typer.Exit(0)
    err.print(f"exported {n} record(s) as {format}" + (f" to {output}" if output else ""), highlight=False, markup=False)
    for why, count in selection.left_out.items():
        err.print(f"left out {count} event(s): {why}", highlight=False, markup=False)


class _progress:
    """Progress on stderr while an export or import runs (only on a terminal)."""

    def __init__(self, label):
        self.label = label or "stdout"
        self.bar = None

    def __enter__(self):
        if err.is_terminal:
            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=None)
        return self.update

    def update(self, done, total=None):
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


@app.command(name="import")
@guarded
def import_(file: str = typer.Argument(..., help="A file written by mmon export (or - for stdin)."),
            format: str = typer.Option(..., "--format", "-f", help="jsonl (an mmon dump), acled-csv, gtd-csv (ACLED, GTD tables), ftm (FtM)."),
            db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP)):
    """Load an export into the store (created if needed); importing the same file twice changes nothing."""
    from .export import importer
    from .store import Store
    try:
        load = importer(format)
    except ValueError as exc:
        fail(str(exc), 2)
    if file != "-" and not Path(file).is_file():
        fail(f"{file}: no such file", 2)
    store = Store(db)
    with _progress(file) as progress:
        if file == "-":
            res = load(store, sys.stdin, progress, source="stdin")
        else:
            try:
                with open(file, encoding="utf-8", newline="") as fh:
                    res = load(store, fh, progress, source=file)
            except UnicodeDecodeError:
                fail(f"{file}: not UTF-8 text", 2)
    if store.has_unresolved():
        from .resolve import resolve as run_resolve
        run_resolve(store)
    added = ", ".join(f"{k}s {v}" for k, v in res["added"].items() if v) or "nothing"
    there = sum(res["present"].values())
    err.print(f"imported {file}: added {added}; already there {there}", highlight=False, markup=False)


@app.command(name="datasette")
@guarded
def datasette_(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
               port: int = typer.Option(8001, "--port", help="Port to listen on (127.0.0.1)."),
               metadata: bool = typer.Option(False, "--metadata", help="Print the metadata (JSON) for datasette -m and exit.")):
    """Open the store in Datasette with shipped metadata: descriptions, facets, canned queries."""
    import tempfile

    from .export.datasette import metadata as meta_of
    from .export.datasette import sqlite_path
    from .store import Store
    path = sqlite_path(Store(db, create=False))
    meta = meta_of(path)
    if metadata:
        sys.stdout.write(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        return
    if not 0 < port < 65536:
        fail(f"bad port {port}", 2)
    try:
        import datasette  # noqa: F401
    except ImportError:
        fail("Datasette is not installed: pip install -e '.[export]'")
    meta_file = Path(tempfile.gettempdir()) / f"mmon-datasette-{Path(path).stem}.json"
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    err.print(f"Datasette on http://127.0.0.1:{port}/ over {path}; Ctrl-C stops", highlight=False, markup=False)
    sys.stdout.flush()
    sys.stderr.flush()
    # Datasette takes this process over: Ctrl-C and kill reach the server itself
    os.execv(sys.executable, [sys.executable, "-m", "datasette", "serve", path, "-m", str(meta_file),
                              "-h", "127.0.0.1", "-p", str(port)])


def main():  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
