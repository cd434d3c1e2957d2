"""Data files: lexicons loaded once (places.tsv)."""
