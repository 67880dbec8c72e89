"""The local web app (`datarights serve`): pages and a JSON API over review,
assessment, redlines and the register. `datarights.web.app.create_app` builds it;
`datarights.web.settings` holds its settings (and loads without FastAPI, for the CLI)."""
