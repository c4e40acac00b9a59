# Plain Python functions for the python step tests, written as a user would write them.
import datetime


def fix(record):
    """Drops every 7th record, fails on every 11th, adds a field to the rest."""
    i = record["i"]
    if i % 7 == 0:
        return None
    if i % 11 == 0:
        raise ValueError(f"eleven divides {i}")
    if i == 2:
        print("user code prints here")  # must not become an answer line
    record["double"] = i * 2
    record["label"] = "caf\u00e9 " + str(i)
    return record


def when(record):
    record["at"] = datetime.date(2026, 12, 6)
    return record


def not_a_dict(record):
    return [record]


def nan(record):
    record["x"] = float("nan")
    return record

