"""Operating KCN: health checks, schema revisions, backup and restore."""
