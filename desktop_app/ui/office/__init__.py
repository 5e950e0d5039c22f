"""The office: its province and commune, the bodies it issues documents as, print settings."""
