"""iao: ontwerpdocumenten voor interactief afstandsonderwijs in academies (DKO)."""

__version__ = "0.1.0"
