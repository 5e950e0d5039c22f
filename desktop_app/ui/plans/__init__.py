"""Plans: the Kế hoạch tab, the plan editor and its dialogs, the Word export."""
