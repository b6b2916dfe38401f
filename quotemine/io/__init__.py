"""Reading documents and writing quotes, for the command line and batch jobs."""

from .readers import Document, count_documents, expand_paths, read_documents, read_predictions
from .writers import CSV_COLUMNS, FORMATS, CsvWriter, JsonlWriter, PrettyWriter, Writer, make_writer

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "CsvWriter",
    "Document",
    "JsonlWriter",
    "PrettyWriter",
    "Writer",
    "count_documents",
    "expand_paths",
    "make_writer",
    "read_documents",
    "read_predictions",
]
