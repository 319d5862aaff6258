"""What the department workbook's writer and reader agree on: the names of its fixed sheets."""

META_SHEET = "_dataplan"  # hidden: lists and the template's identity, never imported as actuals
INSTRUCTIONS_SHEET = "記入方法"
