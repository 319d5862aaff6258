"""Accessibility of the published site: the criteria of JIS X 8341-3:2016, the automated
check (`dataplan a11y-check`) and the statement the 試験結果 page is built from."""
