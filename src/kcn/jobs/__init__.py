"""Background jobs: long work that a page, the API and the CLI follow by its id."""
