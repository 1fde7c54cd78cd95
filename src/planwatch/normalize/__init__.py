"""Text hygiene (page numbers, wrapped lines, spaces) and number reading, before any parsing."""
