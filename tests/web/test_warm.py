"""A production worker does its start-up work before serving (casebook/warm.py)."""
from __future__ import annotations

import gc

from casebook.warm import warm


def test_warming_compiles_every_template_and_freezes_what_start_up_made(make_app):
    app = make_app()
    try:
        warm(app)
        names = app.jinja_env.list_templates(extensions=("html", "txt", "xml"))
        cached = {key[1] for key in app.jinja_env.cache}
        assert names and set(names) <= cached
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
