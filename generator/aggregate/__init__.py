"""Many plans at once (`dataplan aggregate`): a prefecture's or the nation's view of its bodies' plans.

manifest (which plans) → sources (content hash, folder) → the loader and validation of
any plan → its public view → rows (rows.py) → the DuckDB database (database.py) →
Parquet and CSV per prefecture (exports.py) → queries (query.py) and the site (site/).
"""
