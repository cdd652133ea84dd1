"""The command line: a thin face over :mod:`followthrough.services`."""
