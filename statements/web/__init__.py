"""The public site and the JSON API: thin views over the QuerySets and the search.

``views`` (HTML pages), ``api`` (``/api/v1/search``), ``downloads``
(citations, PDF), ``forms`` (the search parameters both validate),
``results`` and ``timeline`` (what a results page draws), ``urls``.
"""
