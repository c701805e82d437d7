"""The VSIC 2018 sections of the 2-digit divisions, for the IIP's SQL."""

SECTION_OF_DIVISION = """CASE
    WHEN {d} BETWEEN '05' AND '09' THEN 'B'
    WHEN {d} BETWEEN '10' AND '33' THEN 'C'
    WHEN {d} = '35' THEN 'D'
    WHEN {d} BETWEEN '36' AND '39' THEN 'E'
END"""
"""SQL for the VSIC 2018 section (B–E) of a 2-digit division; NULL when out of scope."""
