"""Publishing: what leaves the tool for readers besides the site (the plan as PDF, open data)."""
