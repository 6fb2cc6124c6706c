"""`policykg` command line: ingest, export, and (as the stores and API land) stats, query and serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from policykg.ingest.export import corpus_to_json
from policykg.ingest.models import IngestFailure, PolicyCorpus
from policykg.ingest.pipeline import MIN_PARALLEL, corpus_files, ingest_files


def _ingest(folder: Path, workers: int, quiet: bool = False) -> PolicyCorpus:
    if not folder.is_dir():
        raise SystemExit(f"policykg: {folder}: not a directory")
    return _extract(corpus_files(folder), workers, quiet)


def _ingest_paths(paths: list[str], workers: int) -> PolicyCorpus:
    """Files and folders: a folder gives its files (corpus_files), a file is read as given; a path that
    is neither is a failure line. Every failure is one stderr line; the other files are still returned."""
    files: list[Path] = []
    missing: list[IngestFailure] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        found = corpus_files(path) if path.is_dir() else [path] if path.is_file() else []
        if not found and not path.is_dir():
            missing.append(IngestFailure(given, "no such file or directory"))
        for f in found:
            if f.resolve() not in seen:  # a file named and also inside a named folder is read once
                seen.add(f.resolve())
                files.append(f)
    return _extract(files, workers, missing=missing)


def _extract(files: list[Path], workers: int, quiet: bool = False,
             missing: list[IngestFailure] | None = None) -> PolicyCorpus:
    """The files' corpus, with a progress bar on stderr for corpora worth waiting for; failures printed."""
    if len(files) >= 20 and not quiet:
        from rich.progress import Progress

        with Progress(transient=True, console=_stderr_console()) as bar:
            task = bar.add_task(f"ingesting ({_workers_text(workers, len(files))})", total=len(files))
            corpus = ingest_files(files, progress=lambda _name: bar.advance(task), workers=workers)
    else:
        corpus = ingest_files(files, workers=workers)
    corpus.failures[:0] = missing or []
    for failure in corpus.failures:
        print(f"policykg: {failure.source}: {failure.reason}", file=sys.stderr)
    return corpus


def _workers_text(workers: int, files: int) -> str:
    n = min(workers, files) if files >= MIN_PARALLEL else 1
    return f"{n} worker process{'es' if n > 1 else ''}" if n > 1 else "one process"


def _load(store, documents: list) -> None:
    """Load documents into the store, with a progress bar on stderr for corpora worth waiting for."""
    if len(documents) < 20:
        store.load_corpus(documents)
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task(f"loading into {store.location}", total=len(documents))
        store.load_corpus(documents, progress=lambda done, _total, _doc: bar.update(task, completed=done))


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def cmd_export(args: argparse.Namespace) -> int:
    corpus = _ingest(Path(args.corpus), args.workers, quiet=True)
    json.dump(corpus_to_json(corpus), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 1 if corpus.failures else 0


def _open_store(args: argparse.Namespace):
    from policykg.graph.store import open_store

    return open_store(args.store, data_dir=args.data_dir)


def cmd_ingest(args: argparse.Namespace) -> int:
    corpus = _ingest_paths(args.paths, args.workers)
    if not args.no_store:
        with _open_store(args) as store:
            _load(store, corpus.documents)
            loaded = store.stats()
        print(f"loaded into {args.store or 'embedded'} store {store.location}: "
              f"{loaded.total_nodes} nodes, {loaded.total_relationships} relationships", file=sys.stderr)
    from rich.table import Table

    table = Table(title=f"{len(corpus.documents)} documents ingested")
    for col in ("source", "region", "level", "body measures", "task rows", "targets", "departments", "noise"):
        table.add_column(col)
    for d in corpus.documents:
        depts = {x.name for m in d.measures for x in m.departments}
        table.add_row(d.source, d.meta.region or "?", d.meta.region_level or "?", str(len(d.body_measures)),
                      str(len(d.task_rows)), str(len(d.targets())), str(len(depts)), str(len(d.noise)))
    from rich.console import Console

    Console().print(table)
    return 1 if corpus.failures else 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        stats = store.stats()
    if args.json:
        json.dump(stats.as_dict(), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    for section in ("nodes", "relationships"):
        print(section)
        for name, count in getattr(stats, section).items():
            print(f"  {name:14s} {count}")
    print(f"total nodes {stats.total_nodes}, relationships {stats.total_relationships}")
    return 0


def _engine(args: argparse.Namespace):
    from policykg.queries.engine import QueryEngine

    corpus = Path(getattr(args, "corpus", None) or "corpus")
    return QueryEngine(_open_store(args), corpus if corpus.is_dir() else None)


def _store_is_empty(store) -> bool:
    return store.stats().nodes.get("Document", 0) == 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn
    from policykg.graph.trim import limit_malloc_arenas

    limit_malloc_arenas()
    from policykg.api.app import create_app
    from policykg.api.upload import DEFAULT_MAX_UPLOAD_MB
    from policykg.queries.engine import QueryEngine

    max_upload_mb = args.max_upload_mb or DEFAULT_MAX_UPLOAD_MB
    store = _open_store(args)
    corpus = Path(args.corpus)
    if _store_is_empty(store) or args.reingest:
        documents = _ingest(corpus, args.workers).documents
        _load(store, documents)
        print(f"policykg: loaded {len(documents)} documents from {corpus} into {store.location}", file=sys.stderr)
    engine = QueryEngine(store, corpus if corpus.is_dir() else None)
    print(f"policykg: serving on http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
    if args.allow_upload:
        from policykg.api.app import LOCAL_HOSTS

        reach = "" if args.host in LOCAL_HOSTS else f"; anyone who reaches {args.host} can add documents"
        print(f"policykg: uploads allowed (POST /documents, the 添加文件 form; at most {max_upload_mb:g} MB "
              f"per file{reach})", file=sys.stderr)
    app = create_app(lambda: engine, _allowed_hosts(args), allow_upload=args.allow_upload,
                     max_upload_mb=max_upload_mb)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _allowed_hosts(args: argparse.Namespace) -> list[str]:
    """The loopback names, the host served on and any --allow-host; on a wildcard address with no
    --allow-host every Host is accepted (the user chose to serve the network) and the CLI says so."""
    from policykg.api.app import LOCAL_HOSTS

    hosts = [*LOCAL_HOSTS, args.host, *args.allow_host]
    if args.host in ("0.0.0.0", "::") and not args.allow_host:
        print("policykg: serving every Host name on all interfaces; name yours with --allow-host", file=sys.stderr)
        hosts.append("*")
    return hosts


def cmd_query(args: argparse.Namespace) -> int:
    from policykg.api.queries_cli import run_query

    return run_query(_engine(args), args)


def cmd_export_html(args: argparse.Namespace) -> int:
    from policykg.visualize.build import ViewRequest, build_page

    chosen = [(k, v) for k, v in (("region", args.region), ("indicator", args.indicator),
                                  ("departments", args.department), ("node", args.node)) if v]
    if args.citations:
        chosen.append(("citations", ""))
    if len(chosen) != 1:
        print("policykg: give exactly one of --region, --indicator, --department, --node, --citations",
              file=sys.stderr)
        return 2
    kind, name = chosen[0]
    page = build_page(_engine(args), ViewRequest(kind, name, args.depth, args.max_nodes))
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    print(f"policykg: wrote {out} ({len(page.encode('utf-8')) // 1024} KiB, works offline)", file=sys.stderr)
    return 0


def _store_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", choices=["embedded", "neo4j"], default=None,
                   help="graph store (default: $POLICYKG_STORE or embedded)")
    p.add_argument("--data-dir", default=None, help="embedded store folder (default: $POLICYKG_DATA_DIR or ./.policykg)")


def _positive_mb(value: str) -> float:
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not 0 < mb <= 10_000:
        raise argparse.ArgumentTypeError(f"not a size in MB between 0 and 10000: {value!r}")
    return mb


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policykg", description="Chinese policy documents → comparison knowledge graph")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="ingest a folder of documents (.txt, .md, .docx, .pdf, .html) and write the export JSON to stdout")
    e.add_argument("--format", choices=["json"], default="json")
    e.add_argument("corpus")
    _extraction_options(e)
    e.set_defaults(func=cmd_export)
    i = sub.add_parser("ingest", help="ingest documents (files and/or folders of .txt, .md, .docx, .pdf, .html), "
                       "load the store, print a per-document summary")
    i.add_argument("paths", nargs="+", metavar="PATH",
                   help="a document, or a folder whose files are read; a file loaded before is replaced")
    _store_options(i)
    i.add_argument("--no-store", action="store_true", help="only extract and summarise; load no store")
    _extraction_options(i)
    i.set_defaults(func=cmd_ingest)
    st = sub.add_parser("stats", help="node counts per label and relationship counts per type")
    _store_options(st)
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_stats)
    sv = sub.add_parser("serve", help="ingest corpus/ when the store is empty, then serve the API")
    _store_options(sv)
    sv.add_argument("--corpus", default="corpus", help="folder ingested when the store is empty (default: corpus)")
    sv.add_argument("--reingest", action="store_true", help="ingest the corpus again even if the store has data")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                    help="another Host name the server answers to (e.g. the machine's name on the LAN)")
    sv.add_argument("--port", type=int, default=8000)
    _extraction_options(sv)
    sv.add_argument("--allow-upload", action="store_true",
                    help="accept documents at POST /documents and show the 添加文件 form on the landing page")
    sv.add_argument("--max-upload-mb", type=_positive_mb, default=None, metavar="N",
                    help="largest uploaded file in MB (default 20; a request holds at most 5 such files)")
    sv.set_defaults(func=cmd_serve)
    h = sub.add_parser("export-html", help="write one subgraph as a standalone, offline HTML page")
    _store_options(h)
    for flag, helptext in (("--region", "region overview"), ("--indicator", "indicator comparison"),
                           ("--department", "department–task network of a region (region name)"),
                           ("--node", "neighbourhood of any node (measure id, region, department id, …)")):
        h.add_argument(flag, help=helptext)
    h.add_argument("--citations", action="store_true", help="the citation network")
    h.add_argument("--depth", type=int, default=1)
    h.add_argument("--max-nodes", type=int, default=500)
    h.add_argument("--corpus", default="corpus")
    h.add_argument("--out", required=True)
    h.set_defaults(func=cmd_export_html)
    from policykg.api.queries_cli import add_query_parser

    def query_options(qp: argparse.ArgumentParser) -> None:
        _store_options(qp)
        qp.add_argument("--corpus", default="corpus", help="source files, for original text spans (default: corpus)")
        qp.set_defaults(func=cmd_query)

    add_query_parser(sub, query_options)
    return p


def _workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"not a number of worker processes between 1 and 64: {value!r}")
    return int(value)


def _extraction_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=_workers, default=os.cpu_count() or 1, metavar="N",
                   help="extract documents in N processes (default: this machine's cores, "
                        f"{os.cpu_count() or 1}); the store is written by one, the result is the same")
    p.add_argument("--ocr", action="store_true",
                   help="read scanned PDFs (no text layer) with tesseract's chi_sim model "
                        "(Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim); same as POLICYKG_OCR=1")


def main(argv: list[str] | None = None) -> int:
    from policykg.graph.store import StoreError
    from policykg.queries.models import NotFound

    args = build_parser().parse_args(argv)
    if getattr(args, "ocr", False):
        os.environ["POLICYKG_OCR"] = "1"  # the PDF reader asks the environment: uploads and folders alike
    try:
        return int(args.func(args))
    except StoreError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return 2
    except NotFound as exc:
        hint = f" (did you mean: {'、'.join(exc.suggestions)})" if exc.suggestions else ""
        print(f"policykg: {exc}{hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
