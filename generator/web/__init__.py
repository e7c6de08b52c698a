"""`iao web`: fill in the academy profile in a browser, see the rules, download the dossier."""

from generator.web.app import create_app
from generator.web.guard import check_binding
from generator.web.server import serve

__all__ = ["check_binding", "create_app", "serve"]
