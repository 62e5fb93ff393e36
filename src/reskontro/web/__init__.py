"""The web app and REST API (FastAPI) over the services."""
