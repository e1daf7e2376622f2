"""``graphml``: the network of people, groups and events (``query.graph``) as GraphML, for Gephi,
yEd or networkx. The whole knowledge base, or with ``around`` the part within ``depth`` steps of
a person or group. Event filters keep the events they select (people and groups all stay)."""
from __future__ import annotations

from typing import IO

import networkx as nx

from ..errors import MmonError
from ..query import graph
from ..store import Store
from .common import Selection, no_progress


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress,
           around: str | None = None, depth: int = 1) -> int:
    selection = selection or Selection(store)
    g = graph.build(store, events=selection.rows())
    if around:
        g = graph.around(store, around, depth, g=g)
        if not g.number_of_nodes():
            raise MmonError("input.not_found", f"no person or group named {around[:60]!r} in the network")
    h = nx.Graph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: str(v) for k, v in d.items()})
    for a, b, d in g.edges(data=True):
        h.add_edge(a, b, **{k: str(v) for k, v in d.items()})
    for line in nx.generate_graphml(h):
        out.write(line + "\n")
    progress(h.number_of_nodes(), h.number_of_nodes())
    return h.number_of_nodes()
