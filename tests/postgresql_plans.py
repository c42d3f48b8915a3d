"""PostgreSQL's side of the check in tests/test_page_costs.py: whether a
query's plan reads every statement (SQLite's side reads EXPLAIN QUERY PLAN).

On a test's few rows, reading a whole table, or walking a whole index, is
PostgreSQL's cheapest plan for almost any query, so its plan as it comes says
nothing about the indexes. So each query is explained twice, with plans that
would be too dear on a large archive turned off (``enable_*``: the planner
then takes them only where nothing else can answer):

1. no sequential scan, no index walk, only bitmap scans, which need an index
   condition: a statements table still read without a condition (the planner
   takes a plan turned off when all are) is one that no index reaches, a
   full read, unless a LIMIT (or a MIN or MAX) stops it early in the plan
   of 2 (the newest first, ``MAX(id)``: an index read backwards);
2. no sequential scan: rows of a statements table read by a range (an index
   condition other than ids) and then sorted, where an index in that order
   was wanted: a sort reads every row it sorts.
"""

import re

# An index condition on one statement's id, or a list of ids: not a range.
BY_ID = re.compile(r"^\(+(\w+\.)?(id|statement_id) = ")
# Nodes that read all their input before giving a row: a LIMIT above them
# does not stop what is below.
BLOCKING = {"Sort", "Incremental Sort", "Aggregate", "Hash", "Materialize", "WindowAgg"}
ONLY_BITMAPS = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")


def plan(cursor, sql: str) -> dict[str, list[tuple[dict, bool]]]:
    """The nodes of both plans of ``sql``, each with whether a LIMIT bounds it."""
    return {
        "bitmaps": explain(cursor, sql, ONLY_BITMAPS),
        "indexes": explain(cursor, sql, ONLY_BITMAPS[:1]),
    }


def explain(
    cursor, sql: str, turned_off: tuple[str, ...], params=None
) -> list[tuple[dict, bool]]:
    """The nodes of the plan of ``sql`` with these ``enable_*`` settings off."""
    for setting in turned_off:
        cursor.execute(f"SET {setting} = off")
    try:
        cursor.execute(f"EXPLAIN (FORMAT JSON, VERBOSE) {sql}", params)
        ((document,),) = cursor.fetchall()
    finally:
        for setting in turned_off:
            cursor.execute(f"RESET {setting}")
    return list(_nodes(document[0]["Plan"], bounded=False))


def _nodes(node: dict, bounded: bool):
    if node["Node Type"] == "Limit" or _min_or_max(node):
        bounded = True
    elif node["Node Type"] in BLOCKING:
        bounded = False
    yield node, bounded
    for child in node.get("Plans", []):
        yield from _nodes(child, bounded)


def reads_every_statement(plans: dict, tables: set[str]) -> bool:
    """Whether the plans read every row of one of ``tables`` (see above)."""
    unreached = {
        node["Relation Name"]
        for node, _ in plans["bitmaps"]
        if node.get("Relation Name") in tables and not _condition(node)
    }
    bounded = {
        node.get("Relation Name")
        for node, is_bounded in plans["indexes"]
        if is_bounded and node["Node Type"].startswith("Index")
    }
    ranges = [
        node
        for node, _ in plans["indexes"]
        if node.get("Relation Name") in tables
        and not BY_ID.match(
            node.get("Index Cond") or node.get("Recheck Cond") or "(id = "
        )
    ]
    sorts = any(node["Node Type"].endswith("Sort") for node, _ in plans["indexes"])
    return bool(unreached - bounded) or (sorts and bool(ranges))


def _min_or_max(node: dict) -> bool:
    """An aggregate of only MIN() and MAX(): where the planner reads them from
    an index's ends (one row each) on a table of more than a row, on a
    test's single-row statistics it may read the whole index for the same
    cost."""
    outputs = node.get("Output", [])
    return (
        node["Node Type"] == "Aggregate"
        and node.get("Strategy") == "Plain"
        and bool(outputs)
        and all(re.match(r"^(min|max)\(", output) for output in outputs)
    )


def _condition(node: dict) -> str:
    return node.get("Index Cond") or node.get("Recheck Cond") or ""
