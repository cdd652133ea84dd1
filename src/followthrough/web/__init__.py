"""The local web app: Django views and templates over the same services as the CLI.

This package's ``__init__`` imports nothing, so listing it in INSTALLED_APPS costs a CLI
command nothing.
"""
