# An existing single-process function, used unchanged.
def single_process(record):
    if record["id"] % 7 == 0:
        return None
    if record["id"] % 11 == 0:
        raise ValueError("eleven is unlucky")
    record["name"] = record["name"].upper()
    return record
