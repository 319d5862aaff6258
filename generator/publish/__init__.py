"""Publishing stages: what leaves the tool for readers (print document and PDF, open data)."""
