"""PyMuPDF behind plain-Python functions: nothing here touches the library database."""
