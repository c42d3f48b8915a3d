"""Settings split by purpose: ``base`` for all,
then ``dev``, ``test`` and ``production``."""
