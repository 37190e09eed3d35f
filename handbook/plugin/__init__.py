"""The MkDocs edge: the only package that imports MkDocs or Material (tests/site/test_architecture.py)."""
