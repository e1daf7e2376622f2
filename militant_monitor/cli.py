"""The ``mmon`` command: thin wrappers that parse arguments, call the library and print.

Errors reach the user as one line naming the input; never a traceback
(set ``MMON_DEBUG=1`` to see one).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .errors import MmonError, one_line, unexpected_error

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Militant Monitor: turn reporting on militant leadership into a sourced knowledge base.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DB_HELP = "Database file, data folder or SQLAlchemy URL (default: $MMON_DB or ./mmon-data/mmon.db)."


def fail(message: str, code: int = 1):
    err.print(f"[red]error:[/red] {one_line(message)}", highlight=False)
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
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("MMON_DEBUG"):
                raise
            fail(unexpected_error(exc))
    return wrapper


def _expand(paths: List[str]) -> List[str]:
    return [p for p in paths]


@app.command()
@guarded
def ingest(paths: List[str] = typer.Argument(..., help="Files, folders (recursive), JSON Lines, feeds, or - for stdin."),
           db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
           near: float = typer.Option(0.8, help="Near-duplicate threshold (Jaccard of word 5-shingles)."),
           max_mb: float = typer.Option(50.0, "--max-mb", help="Skip files larger than this many MB."),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary line.")):
    """Ingest articles into the knowledge base: extract their facts and store them as statements."""
    from .extract.pipeline import Extractor
    from .ingest.runner import ingest_paths
    from .store import Store

    store = Store(db)
    extractor = Extractor()
    with Progress(SpinnerColumn(), TextColumn("[bold]ingest[/bold]"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  disable=quiet or not err.is_terminal, transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_item(name, outcome):
            progress.update(task, advance=1, description=f"{Path(str(name)).name[:40]}: {outcome[:40]}")
            if outcome.startswith("failed") and not quiet:
                err.print(f"[yellow]skipped[/yellow] {name}: {outcome[8:]}", highlight=False)
            elif "duplicate" in outcome and not quiet:
                err.print(f"[dim]duplicate[/dim] {name}: {outcome}", highlight=False)

        report = ingest_paths(store, _expand(paths), extractor, near_threshold=near,
                              max_bytes=int(max_mb * 1_000_000), on_item=on_item)
    out.print(report.summary(), highlight=False)
    if report.read == 0 and report.failed:
        raise typer.Exit(1)


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
            err.print(f"[yellow]skipped[/yellow] {f.input}: {f.reason}", highlight=False)
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
    out.print(f"[bold]{sheet['document'].get('title') or doc.source_path}[/bold]  ({doc.id}, {statements[0].extractor if statements else ''})", highlight=False)
    for s in statements:
        if s.prop in ("evidence",):
            continue
        span = doc.text[s.start:s.end] if s.start is not None and s.end is not None else ""
        value = s.value if isinstance(s.value, str) else json.dumps(s.value, ensure_ascii=False)
        out.print(f"[cyan]{s.entity_id}[/cyan] [bold]{s.prop}[/bold] = {value}  "
                  f"[dim](rule {s.rule}, confidence {s.confidence:.2f}, chars {s.start}-{s.end})[/dim]", highlight=False)
        if span:
            out.print(f"    [green]\u201c{one_line(span, 300)}\u201d[/green]", highlight=False)


@app.command()
@guarded
def profile(name: str = typer.Argument(..., help="Any name or alias of the person."),
            db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
            format: str = typer.Option("text", "--format", "-f", help="text or json.")):
    """Print a monitor-style brief of a person, with the sources behind each line."""
    from .query.profile import profile as build, render_brief
    from .store import Store

    p = build(Store(db), name)
    if p is None:
        fail(f"no person known as {name!r} in the knowledge base")
    if format == "json":
        sys.stdout.write(json.dumps(p, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(render_brief(p), highlight=False, markup=False)


@app.command()
@guarded
def stats(db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP)):
    """Counts of what the knowledge base holds."""
    from .store import Store
    c = Store(db).counts()
    out.print(", ".join(f"{k} {v}" for k, v in c.items()), highlight=False)


@app.command()
@guarded
def search(query: str = typer.Argument(..., help="Full-text query (words; quotes for phrases)."),
           db: Optional[str] = typer.Option(None, "--db", envvar="MMON_DB", help=DB_HELP),
           limit: int = typer.Option(20, help="Most results to show.")):
    """Search the stored documents' text, best matches first."""
    import re as _re
    from .store import Store
    # words only: FTS syntax in user input is quoted away, never passed through
    words = _re.findall(r"\w+", query)
    if not words:
        fail("the query has no words to search for")
    fts = " ".join('"' + w + '"' for w in words)
    for r in Store(db).search_documents(fts, limit):
        out.print(f"{r['id']}  {r['published'] or '':10}  {r['title'] or ''}\n    {r['snippet']}", highlight=False, markup=False)


@app.command(name="eval")
@guarded
def eval_(gold_dir: str = typer.Argument(..., help="Folder of <name>/article.txt (or .html) + gold.json."),
          per_article: bool = typer.Option(False, "--per-article", help="Also print each article's F1."),
          no_model: bool = typer.Option(False, "--no-model", help="Rules only, without the statistical model.")):
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


def main():  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
