"""Blocking: which entities resolution compares, by keys that do not depend on the store's size.

Each entity gets keys (:func:`keys`), each with a role: an anchor (``a``) is compared
with every entity holding the key, a member (``m``) only with the key's anchors. The
keys are those the matcher (``matching.logic_v3``) can need, and no more:

people
  * each whole name key (the same name, spelled alike): anchor;
  * a one-word name ('Zarrar') with every name holding that word: the word is an anchor
    for the one-word name, a member for the fuller names ('Zarrar Khan');
  * two full names match only as ``names.variant`` (one within the other, sharing two
    words, one strong): each pair of words of a full name with a strong word is an anchor;
groups
  * each name's registry key, each whole name key, each pair of words of a name (anchor);
  * an acronym ('TTP') with the initials of every other name (anchor, member).

This replaces "drop a name word shared by more than 500 entities", which joined fewer
people as the store grew: two full names that share one common word ('Muhammad',
'Khan') are never compared, because they cannot match, whatever the store's size; a man
named by one word is compared with every name holding it, because he may be any of them.
(A fuzzy spelling of a group's name that shares no two words and folds to no common key
is not compared.)
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from ..model import names
from .matching import Profile, _initials, group_key, name_tokens


def keys(p: Profile) -> dict[str, str]:
    """The blocking keys of one entity: key -> role (``a`` anchor, ``m`` member)."""
    out: dict[str, str] = {}

    def put(k: str, role: str) -> None:
        if out.get(k) != "a":
            out[k] = role
    if p.entity_type == "person":
        for k in p.name_keys():
            put("p|k|" + " ".join(k), "a")
            if len(k) == 1:
                put("p|w|" + k[0], "a")
                continue
            strong = names.strong_words(k)
            for w in k:
                put("p|w|" + w, "m")
            for x, y in combinations(sorted(set(k)), 2):
                if x in strong or y in strong:
                    put(f"p|2|{x} {y}", "a")
        return out
    for n in p.names:
        put("g|g|" + group_key(n), "a")
        k = name_tokens(n)
        if k:
            put("g|k|" + " ".join(k), "a")
        for x, y in combinations(sorted(set(k)), 2):
            put(f"g|2|{x} {y}", "a")
        sx = n.replace("-", "").strip()
        if sx.isupper() and 2 <= len(sx) <= 6:
            put("g|i|" + sx, "a")
        for ini in _initials(n):
            if 2 <= len(ini) <= 6:
                put("g|i|" + ini, "m")
    return out


def pairs_in(bucket: dict[str, str]):
    """The pairs (a < b) one key's bucket (entity -> role) yields: anchors with everyone."""
    anchors = sorted(e for e, r in bucket.items() if r == "a")
    others = sorted(e for e, r in bucket.items() if r != "a")
    for i, a in enumerate(anchors):
        for b in anchors[i + 1:]:
            yield a, b
        for b in others:
            yield (a, b) if a < b else (b, a)


def candidate_pairs(profs: dict[str, Profile]):
    """Every pair (a < b) of entities that share a key in a way that needs comparing, once."""
    index: dict = defaultdict(dict)
    for eid, p in profs.items():
        for k, role in keys(p).items():
            index[k][eid] = role
    seen = set()
    for bucket in index.values():
        for pair in pairs_in(bucket):
            if pair not in seen:
                seen.add(pair)
                yield pair
