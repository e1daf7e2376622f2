"""Militant Monitor: a sourced, queryable knowledge base of militant leadership.

Where a fact is born, stored and shown:

* ``ingest``  - raw bytes (HTML, text, JSON Lines, feeds) -> :class:`Document`
* ``extract`` - Document -> fact sheet (``extract/pipeline.py`` holds the stage order)
* ``model``   - the fact sheet and the :class:`Statement` (one fact + provenance)
* ``store``   - statements in SQLite (SQLAlchemy Core), with migrations and FTS
* ``query``   - profiles and other read views over the store
* ``cli``     - a thin typer wrapper over the functions above
"""

__version__ = "0.1.0"
