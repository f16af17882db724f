"""Data files for researchers: streaming readers (CSV, SPSS .sav, Parquet), the output target that
never leaves partial output, and the reusable SPSS writer (also used by the practice export)."""
