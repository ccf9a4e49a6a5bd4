"""Importers: records from other formats, written as ordinary diplotrack YAML.

An importer (``oh``: the US Office of the Historian's XML) turns its source into plain record mappings
(the format of ``docs/format.md``) and hands them to a :class:`~diplotrack.importers.batch.Batch`, which
checks each through the loader's :func:`~diplotrack.loader.parse_file` and has
:mod:`diplotrack.importers.output` write the files, atomically and only when something changed.
"""
