"""Publishing: files written for the public next to the site (open data)."""
