"""The numeric patterns of tlsguard's PHI detectors as regular expressions, for peers.

tlsguard validates these shapes in Swift with check digits and context; the peers get the
shapes only, which is what a regex engine can do in one pass. Each entry is (name, regex).
"""

NUMERIC_PATTERNS = [
    ("ssn", r"\b\d{3}[-. ]\d{2}[-. ]\d{4}\b"),
    ("ssn_bare", r"\b\d{9}\b"),
    ("phone", r"(?:\+?1[-. ]?)?\(?\b\d{3}\)?[-. ]?\d{3}[-. ]\d{4}\b"),
    ("phone_bare", r"\b1?\d{10}\b"),
    ("card", r"\b(?:\d{4}[- ]){3}\d{1,7}\b|\b\d{13,19}\b"),
    ("npi", r"\b[12]\d{9}\b"),
    ("dea", r"\b[A-Z][A-Z9]\d{7}\b"),
    ("mbi", r"\b[1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2}\b"),
    ("icd10", r"\b[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?\b"),
    ("ndc", r"\b(?:\d{4}-\d{4}-\d{2}|\d{5}-\d{3,4}-\d{1,2})\b"),
    ("date", r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\b"),
    ("zip", r"\b\d{5}(?:-\d{4})?\b"),
    ("record_number", r"\b[A-Z]{0,4}\d{5,15}\b"),
]
