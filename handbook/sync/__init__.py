"""Shared projects on the CouchDB side: each project's design document and the provisioner that creates databases."""
