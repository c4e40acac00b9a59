def fix(record)  # a syntax error on purpose
    return record
