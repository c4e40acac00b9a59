"""An exec step that passes records through after sleeping: always, or only in the first copy
to start (an exclusive marker file), to make a shard time out once or every time."""
import os
import sys
import time

mode, marker = sys.argv[1], sys.argv[2]
sleep = mode == "always"
if mode == "once":
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        sleep = True
    except FileExistsError:
        pass
if sleep:
    time.sleep(60)
for line in sys.stdin:
    sys.stdout.write(line)
    sys.stdout.flush()
