"""The window "Nhập từ văn bản": a plan read from a document, reviewed, saved as a draft."""
