"""The OOXML layer: the .docx package, runs, styles and numbering, tracked changes, the structure `iao amend`
relies on (contract), checks on untrusted documents, and a municipality's house style. Raw WordprocessingML
knowledge lives here; the layers above speak in documents, paragraphs and styles."""
