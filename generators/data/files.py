"""The names of the data files, without the models: cheap to import for file bookkeeping."""

from __future__ import annotations

PROGRAM_FILE = "program.yaml"
#: List files: file name → the collection it holds.
LIST_FILES: dict[str, str] = {
    "people.yaml": "people",
    "cohorts.yaml": "cohorts",
    "pairings.yaml": "pairings",
    "timeline.yaml": "timeline",
    "incentives.yaml": "incentives",
    "recognition.yaml": "recognition",
    "baseline.yaml": "baseline",
}
#: Folders of one-record files (the file name is the record's id) → the collection.
RECORD_DIRS: dict[str, str] = {
    "people": "people",
    "surveys": "surveys",
    "working-group": "meetings",
    "feedback": "feedback",
}
