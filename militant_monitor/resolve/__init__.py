"""Resolution: the same person, group or event across documents.

* ``matching``   - versioned comparison logic (``logic_v1`` .. ``logic_v3``, the default): name evidence plus context;
  names are compared through ``model.names``
* ``judgements`` - analysts' merge/split decisions, append-only, undoable
* ``resolver``   - blocking, matching and clustering into canonical entities
* ``ids``        - stable minted ids of the clusters (``P-...``), redirects of ids that merges retired
* ``decisions``  - merge, split, undo, forget: a judgement recorded and applied in one transaction
"""
from .resolver import resolve, canonical_of, members_of, Resolution  # noqa: F401
