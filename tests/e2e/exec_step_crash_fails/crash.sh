#!/bin/sh
# Answers two records, then dies the way a buggy script does.
read -r a && echo "$a"
read -r b && echo "$b"
echo "crash.sh: cannot handle record 3" >&2
exit 4
