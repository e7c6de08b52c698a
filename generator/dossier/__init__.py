"""The dossier made from a profile: the document kinds and the step plan, the context the templates see,
the register of legal sources, rendering, writing the output folder safely, PDFs, the zip and batches."""
