"""One module per resource, each with a `pages` router (HTML) and an `api` router (JSON)."""
