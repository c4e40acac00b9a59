#!/usr/bin/env bash
# Checks the dependency direction of STYLE.md: which module may include which, and (with nm on
# the built libraries) that the lower modules stay free of TBB, CLI11 and stdout.
# Usage: check_layering.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
src=$1/src
build=$2
status=0

# module: modules it may include (besides itself and include/recproc/)
declare -A allowed=(
  [io]=""
  [azure]=""
  [record]=""
  [format]="record io"
  [schema]="record"
  [transform]="record"
  [engine]="record format transform io"
  [report]="record engine"
  [cli]="record format transform schema engine report io azure"
)
for module in "${!allowed[@]}"; do
  [ -d "$src/$module" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")
    [ "$inc" = "$module" ] || [ "$inc" = "recproc" ] && continue
    if ! grep -qw "$inc" <<<"${allowed[$module]}"; then
      echo "layering: $file includes $inc/ (module $module may include: ${allowed[$module]:-nothing})"
      status=1
    fi
  done < <(grep -H -E '^#include "[a-z_]+/' "$src/$module"/*.{h,cc} 2>/dev/null)
done

# The engine sees formats only through include/recproc/format.h.
if grep -n -E '#include "format/(ndjson|csv)' "$src"/engine/*; then
  echo "layering: engine includes a concrete format"; status=1
fi
# Only cli includes CLI11.
if grep -l -E '#include <CLI/' "$src"/*/* | grep -v "/cli/"; then
  echo "layering: CLI11 outside cli"; status=1
fi

# Symbols: no TBB in record, format, schema; nothing writes to stdout below cli.
for lib in record format schema transform; do
  a=$(find "$build" -name "librecproc_$lib.a" | head -1)
  [ -n "$a" ] || continue
  if nm -C "$a" 2>/dev/null | grep -E ' U .*tbb::' | head -1 | grep -q .; then
    echo "layering: librecproc_$lib.a uses TBB"; status=1
  fi
done
for lib in io azure record format schema transform engine report; do
  a=$(find "$build" -name "librecproc_$lib.a" | head -1)
  [ -n "$a" ] || continue
  if nm "$a" 2>/dev/null | grep -E ' U (stdout|puts|printf|_ZSt4cout)$' | head -1 | grep -q .; then
    echo "layering: librecproc_$lib.a writes to stdout"; status=1
  fi
done
[ $status = 0 ] && echo "layering: ok"
exit $status
