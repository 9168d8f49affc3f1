"""Cases: the file format parser, the importer and the library pages."""
from flask import Blueprint

bp = Blueprint("cases", __name__, template_folder="templates")

from . import views  # noqa: E402,F401  (registers the routes on bp)
