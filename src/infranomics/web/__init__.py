"""HTTP API and dashboard: a thin layer over the public Python API.

:func:`create_app` builds a FastAPI app serving ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``)
and the dashboard pages registered in :mod:`infranomics.web.registry`. Model code never imports
this package; this package only calls the public model API and renders its ``to_dict()`` results.
"""

from .app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
