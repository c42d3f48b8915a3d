"""The statements app: statements, their issuers, places and tags, import and search."""
