"""KCN: information system for a province's industrial parks, clusters and investment."""

__version__ = "0.1.0"
