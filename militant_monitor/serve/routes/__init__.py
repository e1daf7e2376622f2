"""The app's routes, one ``APIRouter`` per resource: each module holds a resource's pages and their
``/api`` counterparts. ``ROUTERS`` is the order ``create_app`` includes them in (the order of the
operations in ``/openapi.json`` and on the ``/api`` page)."""
from __future__ import annotations

from . import documents, events, graph, groups, home, jobs, map, people, places, review, search, timeline

ROUTERS = [home.router, documents.router, people.router, groups.router, events.router, places.router, map.router,
           search.router, timeline.router, graph.router, review.router, jobs.router]
