"""Relations by id: what a relation statement points at.

Relation statements name an entity and, since issue 12, carry its entity id beside the
display name:

* person ``affiliation`` and group ``link``: ``{"group": name, "group_id": id, "relation": r}``;
* event ``perpetrators`` keeps the names for display, and a sibling statement
  ``perpetrator_ids`` holds, in the same order, the id of each (``None`` where the name is
  no entity: 'security forces', 'Kech police');
* person ``status``: ``{"state": ..., "event": event id}`` when the fate is tied to an event.

Ids are those extraction gives: a registry group ``group:<slug>`` (one id everywhere),
an unregistered group ``group:<doc>:<slug>``, a person ``person:<doc>:<slug>``. Resolution
maps them to canonical ids (``resolved``); views compare canonical ids, never names.

A statement stored before ids were written has none: :func:`group_ref` and
:func:`perpetrator_refs` are the one place that falls back to the name -> id mapping
(registry first, then the ids extraction would have given the name in that document).
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import registry
from .names import key


def slug(name: str) -> str:
    """The id part of a name: its look-up key, words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", key(name)).strip("-") or "x"


@lru_cache(maxsize=1 << 14)
def registry_group_id(name: str) -> str | None:
    """The global id of the registry group or security actor known by ``name``, else None."""
    rec = registry.groups_by_key().get(key(name))
    return "group:" + slug(rec.name) if rec is not None else None


def group_id(name: str, doc_id: str, registered=None) -> str:
    """The id extraction gives a group named ``name`` in document ``doc_id``: the registry
    group's id (``registered``: its registry record, when the caller holds it), else an id
    of that document until resolution links it."""
    if registered is not None:
        return "group:" + slug(registered.name)
    return registry_group_id(name) or f"group:{doc_id}:{slug(name)}"


def person_id(name: str, doc_id: str) -> str:
    """The id extraction gives a person whose own name is ``name`` in document ``doc_id``."""
    return f"person:{doc_id}:{slug(name)}"


def group_ref(value, doc_id: str) -> str | None:
    """The id of the group an ``affiliation`` or ``link`` value points at: its ``group_id``,
    or (a statement stored before ids) the id its name gets in that document."""
    if not isinstance(value, dict):
        return None
    if value.get("group_id"):
        return str(value["group_id"])
    name = value.get("group")
    return group_id(str(name), doc_id) if name else None


def name_ref(name: str) -> str:
    """What a perpetrator that is no entity ('security forces', 'Kech police') is known by: its
    registry id when the registry knows the name, else ``name:<look-up key>``. Only a filter
    naming no entity at all matches these (``query.actors.group_entities``)."""
    return registry_group_id(name) or "name:" + key(name)


def perpetrator_refs(names, ids, doc_id: str) -> list[list[str]]:
    """Per perpetrator of an event report (``names``, the ``perpetrators`` value; ``ids``, its
    ``perpetrator_ids`` value or None), the ids it may point at: the stored id alone when the
    statement has one (a name stored as no entity: its :func:`name_ref`), else the ids extraction
    would have given the name in that document (a registry group; else a person or a group of
    the document, or no entity)."""
    names = list(names or [])
    if isinstance(ids, list) and len(ids) == len(names):
        return [[str(i)] if i else [name_ref(n)] for n, i in zip(names, ids)]
    out = []
    for n in names:
        reg = registry_group_id(n)
        out.append([reg] if reg else [person_id(n, doc_id), f"group:{doc_id}:{slug(n)}", name_ref(n)])
    return out


def event_ref(status) -> str | None:
    """The id of the event a ``status`` value is tied to, or None."""
    return status.get("event") if isinstance(status, dict) and status.get("event") else None
