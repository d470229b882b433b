"""The local web app (``legalcheck serve``): see docs/web.md."""
