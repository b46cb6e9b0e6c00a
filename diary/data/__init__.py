"""The patient's data in and out: the entry schema and one module per format.

- `schema`: each entry kind's exported fields, declared once, and how each value
  is written out, read back and shown to a person. Everything below reads it, and
  so does the clinician admin (its detail pages, its mirrored lists and its CSV).
- `ids`: the stable id each entry carries in every export and import.
- `json_records`: the plain records of a whole diary, and the JSON export
  (format, schema version, checksum) built from them.
- `csv_export`: the patient's zip of CSV files, the clinician's entry-list CSV,
  and `csv_cell`, the one cell writer with the formula guard.
- `fhir`: the FHIR R4 bundle.
- `restore`: the JSON export, back in: checked whole, imported all or nothing.
"""
