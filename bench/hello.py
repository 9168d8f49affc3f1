"""The benches' baseline: a hello-world Flask app, served like the site (bench/harness.py).

One route, no extensions, no database, no template: what Flask under gunicorn answers
at best on this machine. Every page is reported as a fraction of it.
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!\n"
