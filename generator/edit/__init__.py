"""Changes to documents people already edited: `iao amend` (the IAO chapter into one's own regulation) and
`iao update` (a changed profile carried into an edited dossier), both as Word tracked changes."""
