"""The half-year report (issue 16): written by KCN from its own data, in Vietnamese and
English, as Markdown, HTML, DOCX and PDF. Every figure it states comes from the metrics
registry (:mod:`kcn.kit.metrics`) or from the stored published figures; none is computed here.
"""
