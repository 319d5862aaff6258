"""Stage 6 (publish): the site builder, the search index and the files people download."""
