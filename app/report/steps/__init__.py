"""The report's question pages: each step's form, with its own saving, tidying and check-answers rows."""
