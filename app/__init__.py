"""Rights Annotator core: the library, PDF import and the use cases, with no Qt."""

__version__ = "0.1.0"
