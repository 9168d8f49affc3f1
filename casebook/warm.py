"""Work a worker would otherwise do on its first requests, done before it serves any.

Run once per process by the production entry point (wsgi.py), not by every test app:
- SQLAlchemy configures the mappers on the first query (about 90 ms here);
- Jinja compiles each template on its first use (about 7 ms each, 0.8 s for all).
Left to the first requests, a fresh worker answers them a tenth of a second late, and
every page waiting behind them on that worker with them (bench/live.py measured the
first commitment and the first revealed page of each worker at 70 to 130 ms).

Then what start-up made (modules, mappers, compiled templates: most of a worker's
objects, and never garbage) is moved out of the collector's sight (`gc.freeze`), so
that a full collection walks only what requests made since: otherwise each one walks
the whole heap, 60 to 80 ms during which the worker answers no one.
"""
from __future__ import annotations

import gc

from flask import Flask
from sqlalchemy.orm import configure_mappers


def warm(app: Flask) -> Flask:
    configure_mappers()
    with app.app_context():
        for name in app.jinja_env.list_templates(extensions=("html", "txt", "xml")):
            app.jinja_env.get_template(name)
    gc.collect()
    gc.freeze()
    return app
