"""The Django project package of the conflict-statements archive."""
