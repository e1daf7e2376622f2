"""Resolution: the same person, group or event across documents.

* ``matching``   - versioned comparison logic (``logic_v1`` .. ``logic_v3``, the default): name evidence plus context;
  names are compared through ``model.names``
* ``judgements`` - analysts' merge/split decisions, append-only, undoable
* ``resolver``   - blocking, matching and clustering into canonical entities
"""
from .resolver import resolve, canonical_of, members_of, Resolution  # noqa: F401
