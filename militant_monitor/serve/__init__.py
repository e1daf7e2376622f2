"""``mmon serve``: the web application (JSON API and pages) over one store. See ``app.py``."""
from .app import create_app  # noqa: F401
