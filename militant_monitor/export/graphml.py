"""``graphml``: the network of people, groups and events (``query.graph``) as GraphML, for Gephi,
yEd or networkx. The whole knowledge base, or with ``around`` the part within ``depth`` steps of
a person or group. Event filters keep the events they select (people and groups all stay).

The graph is built (it is small: a node per person, group and event), then written element by
element: the keys, each node, each edge; every attribute a string.
"""
from __future__ import annotations

import re
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from ..errors import MmonError
from ..query import graph
from ..store import Store
from .common import Selection, no_progress

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")     # characters XML 1.0 cannot hold


def _text(value) -> str:
    return escape(NOT_XML.sub("", str(value)))


def _attr(value) -> str:
    return quoteattr(NOT_XML.sub("", str(value)))


def _data(keys: dict, d: dict) -> str:
    return "".join(f'<data key="{keys[k]}">{_text(v)}</data>' for k, v in d.items())


def export(store: Store, out: IO[str], selection: Selection | None = None, progress=no_progress,
           around: str | None = None, depth: int = 1) -> int:
    selection = selection or Selection(store)
    g = graph.build(store, events=selection.rows())
    if around:
        g = graph.around(store, around, depth, g=g)
        if not g.number_of_nodes():
            raise MmonError("input.not_found", f"no person or group named {around[:60]!r} in the network")
    node_keys = {k: f"n{i}" for i, k in enumerate(sorted({k for _, d in g.nodes(data=True) for k in d}))}
    edge_keys = {k: f"e{i}" for i, k in enumerate(sorted({k for _, _, d in g.edges(data=True) for k in d}))}
    out.write(HEAD)
    for for_, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, kid in keys.items():
            out.write(f'<key id="{kid}" for="{for_}" attr.name={_attr(name)} attr.type="string"/>\n')
    out.write('<graph edgedefault="undirected">\n')
    total, n = g.number_of_nodes() + g.number_of_edges(), 0
    for node, d in g.nodes(data=True):
        out.write(f"<node id={_attr(node)}>{_data(node_keys, d)}</node>\n")
        n += 1
        if n % 500 == 0:
            progress(n, total)
    for a, b, d in g.edges(data=True):
        out.write(f"<edge source={_attr(a)} target={_attr(b)}>{_data(edge_keys, d)}</edge>\n")
        n += 1
        if n % 500 == 0:
            progress(n, total)
    out.write("</graph>\n</graphml>\n")
    progress(g.number_of_nodes(), g.number_of_nodes())
    return g.number_of_nodes()
