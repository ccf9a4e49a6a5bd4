"""Importers: records from other formats, written as ordinary diplotrack YAML.

An importer turns its source into plain record mappings (the format of ``docs/format.md``);
:mod:`diplotrack.importers.output` checks each through the loader's :func:`~diplotrack.loader.parse_file`
and writes them, atomically and only when something changed.
"""
