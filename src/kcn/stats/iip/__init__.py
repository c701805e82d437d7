"""Index of Industrial Production (IIP): fixed-weight Laspeyres, computed in DuckDB.

The method follows the GSO (vn-domain-rules.md §5). Every step is one SQL block. Python only
picks the sources, checks the weights and assembles the query. The micro-data is scanned and
aggregated **once**, to province × product × year × month. Everything after that works on that
small aggregate, so the whole index costs little more than one ``GROUP BY`` of the micro-data.

Inputs (each a Parquet path or glob, a CSV path, a table or view name, or a DuckDB relation):

- micro-data: ``province`` (text code), ``enterprise`` (text), ``product`` (text), ``year``
  (int), ``month`` (int 1–12), ``quantity`` (double ≥ 0); the importer checks these two,
  this module does not;
- product weights: ``product``, ``vsic4`` (4-digit text), ``weight`` (base-year output value of
  the product, > 0);
- industry weights: ``level`` ('vsic4' | 'division' | 'section'), ``code``, ``weight`` (base-year
  value added, > 0).

Both weight sources may carry a ``province`` column. NULL means the national default. A
province that has rows of its own uses only its own rows: all its product weights, or, for
industry weights, all its weights of that level. It never mixes its own weights with national
ones in one weighted average. Otherwise it uses the national defaults.

The divisions are the first two digits of the VSIC4 code. Sections come from the division
ranges: B 05–09, C 10–33, D 35, E 36–39. A division outside B–E is out of scope.

The results are floats (an index is a ratio of volumes, not money: no Decimal here). They are
**not rounded**. The caller rounds to 2 decimals when it publishes (GSO prints "109,42").
:func:`iip_exclusions` lists what the method left out and why.
"""

from kcn.stats.iip.divisions import SECTION_OF_DIVISION
from kcn.stats.iip.engine import compute_iip, iip_exclusions, iip_sql
from kcn.stats.iip.sources import Source, source_sql
from kcn.stats.iip.steps import TOTAL_CODE

__all__ = [
    "SECTION_OF_DIVISION",
    "TOTAL_CODE",
    "Source",
    "compute_iip",
    "iip_exclusions",
    "iip_sql",
    "source_sql",
]
