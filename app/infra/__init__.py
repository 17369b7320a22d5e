"""Keeping the library safe on disk: where it lives, who has it open, backups, restores, checks, change watching."""
