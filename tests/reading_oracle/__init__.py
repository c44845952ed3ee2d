"""The reading oracle: what the reader gave before its columnar rewrite, frozen, and the workspaces it was given.

``messy.build`` writes a messy workspace (clerks' spellings, 合计 and blank rows, duplicates and numbering
slips, bad cells, mixed-type Excel columns) from its own seeded vocabulary, never through the reader.
``canonical`` turns a reading or a sheet's kind detection into plain JSON values, and ``freeze.py`` wrote
``reading.json.gz`` and ``detect.json.gz`` with the reader of main 947f366 (before issue 21 changed it), so the
test compares the new reader with answers it did not compute. Regenerate them only for an intended change of
what is read, and say so in that commit.
"""
