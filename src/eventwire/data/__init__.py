"""Data files: agency and outlet tables (see each file's _about)."""
