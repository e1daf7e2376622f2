"""``ftm-statements``: the statements of the ``ftm`` export in FtM's statement format (JSON lines:
entity, schema, prop, value, dataset, origin, first_seen, last_seen), see ``ftm.py``."""
from .ftm import export_statements as export  # noqa: F401
