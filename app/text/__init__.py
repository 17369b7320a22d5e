"""The pure text logic: paragraphs, detection, anchoring, citations, selection, queries, page numbers; no files, no database."""
