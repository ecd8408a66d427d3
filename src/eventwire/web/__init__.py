"""The map dashboard: static files served at ``/`` by the API app, nothing built at run time.

- ``index.html`` and ``static/app.js`` (+ ``static/js/*.js`` ES modules, ``static/app.css``): the page;
- ``static/vendor/``: Leaflet, Leaflet.markercluster and topojson-client, copied from pinned npm
  packages by ``scripts/vendor_web.py`` (licences beside them);
- ``static/basemap/``: Natural Earth country and admin-1 borders as TopoJSON (public domain), so the map
  needs no tile server;
- :mod:`.mount`: ``mount_dashboard(app)`` adds the routes and the Content-Security-Policy that keeps
  inline scripts (and so any script hidden in an article's text) from running.
"""

from __future__ import annotations

from eventwire.web.mount import WEB_DIR, content_security_policy, mount_dashboard

__all__ = ["WEB_DIR", "content_security_policy", "mount_dashboard"]
