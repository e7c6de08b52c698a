"""The academy profile: its declaration (model), the YAML it is read from, the rules and their check,
the interview that writes one, and the Flemish school calendar the rules and dates rely on."""
