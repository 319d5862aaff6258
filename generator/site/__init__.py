"""The published site: charts and other pieces the site pages are built from."""
