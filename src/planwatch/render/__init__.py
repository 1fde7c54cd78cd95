"""Writers that turn content (a comparison, a draft) into files: JSON data, XLSX sheets, an HTML page.

They know nothing about where the numbers came from; the content is computed by `compare`.
"""
