"""Ingest: bytes on disk → `SourceText`.

The single entry point is `read_source`; it picks a reader by sniffing the content (not the file
extension) and raises only `InputError`, whose message tells the user what to fix.
"""

from planwatch.ingest.reader import read_source

__all__ = ["read_source"]
