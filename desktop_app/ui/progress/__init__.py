"""The progress window of one plan and the Excel sheets that come back."""
