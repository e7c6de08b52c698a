"""`iao web`: fill in the academy profile in a browser, see the rules, download the dossier."""

from generator.web.app import check_binding, create_app, serve

__all__ = ["check_binding", "create_app", "serve"]
