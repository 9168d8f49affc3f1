"""WSGI entry point: `gunicorn wsgi:app`."""
from casebook import create_app
from casebook.warm import warm

app = warm(create_app())
