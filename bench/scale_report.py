"""The table of bench/scale.py: one row a measure, one column an archive size.

Markdown, short enough to paste into the README; the JSON file it is saved in
holds every figure behind it (each page's URL, max and first-request times,
every database table, each import file and its log's last line).
"""

MISSING = "—"
# The largest tables and indexes of the database shown (by the largest size).
DATABASE_OBJECTS = 5


def table(result: dict) -> str:
    sizes = result["sizes"]
    header = ["measure", *(column(label, s) for label, s in sizes.items())]
    rows = [header, ["---"] * len(header)]
    rows += [[name, *cells] for name, cells in measures(sizes, result["requests"])]
    lines = [
        f"machine: {result['machine']}",
        f"date: {result['date']}",
        f"command: {result['command']}",
        f"pages: p50 / p95 server time in ms, warm, {result['requests']} requests "
        "each (n= when fewer within the time budget); q: SQL queries a request",
        "",
    ]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def column(label: str, figures: dict) -> str:
    return f"{label}: {figures['pages']['statements']:,} statements"


def measures(sizes: dict, requests: int) -> list[tuple[str, list[str]]]:
    builds = [s.get("build") or {} for s in sizes.values()]
    rows = [
        ("import, corpus file", [corpus_import(b) for b in builds]),
        ("import, synthetic files", [synthetic_import(b) for b in builds]),
        ("`rebuild_index`", [rebuild(b) for b in builds]),
        ("database", [mib(b.get("database", {}).get("mib")) for b in builds]),
        *database_objects(builds),
        ("index (after import / rebuilt)", [index(b) for b in builds]),
    ]
    results = [s["pages"]["pages"] for s in sizes.values()]
    names = dict.fromkeys(name for pages in results for name in pages)
    rows += [(name, [page(p.get(name), requests) for p in results]) for name in names]
    return rows


def mib(value: float | None) -> str:
    if value is None:
        return MISSING
    return f"{value:,.0f} MiB" if value >= 10 else f"{value:.1f} MiB"


def corpus_import(build: dict) -> str:
    figures = build.get("imports", {}).get("corpus")
    if not figures:
        return MISSING
    return f"{figures['per_second']:.0f} rec/s, {mib(figures['peak_rss_mib'])}"


def synthetic_import(build: dict) -> str:
    """The rate over all synthetic files, the first's and the last's, the peak."""
    files = [
        figures
        for name, figures in build.get("imports", {}).items()
        if name.startswith("synthetic-")
    ]
    if not files:
        return MISSING
    rate = sum(f["records"] for f in files) / sum(f["seconds"] for f in files)
    peak = mib(max(f["peak_rss_mib"] for f in files))
    if len(files) == 1:
        return f"{rate:.0f} rec/s, {peak}"
    first, last = files[0]["per_second"], files[-1]["per_second"]
    text = f"{rate:.0f} rec/s (first file {first:.0f}, last {last:.0f}"
    if all("per_cpu_second" in f for f in files):  # measured since 2026-12-06
        cpu = [round(f["per_cpu_second"]) for f in files]
        text += f"; records a CPU second, file by file: {', '.join(map(str, cpu))}"
    return f"{text}), {peak}"


def rebuild(build: dict) -> str:
    figures = build.get("rebuild_index")
    if not figures:
        return MISSING
    return f"{figures['seconds']:.0f} s, {mib(figures['peak_rss_mib'])}"


def database_objects(builds: list[dict]) -> list[tuple[str, list[str]]]:
    """Rows for the largest tables and indexes, those of the largest archive."""
    sized = [b["database"]["objects_mib"] for b in builds if "database" in b]
    if not sized or not sized[-1]:
        return []
    largest = sorted(sized[-1], key=sized[-1].get, reverse=True)[:DATABASE_OBJECTS]
    return [
        (
            f"… `{name}`",
            [
                mib(b.get("database", {}).get("objects_mib", {}).get(name))
                for b in builds
            ],
        )
        for name in largest
    ]


def index(build: dict) -> str:
    if "index_mib" not in build:
        return MISSING
    return f"{build['index_after_import_mib']:,.0f} / {mib(build['index_mib'])}"


def page(figures: dict | None, requests: int) -> str:
    if figures is None:
        return MISSING
    if "error" in figures:
        return f"FAILED: {figures['error'][:60]}"
    cell = (
        f"{figures['p50_ms']:.0f} / {figures['p95_ms']:.0f} ms, "
        f"{figures['queries']:.0f} q"
    )
    return cell if figures["n"] >= requests else f"{cell} (n={figures['n']})"
