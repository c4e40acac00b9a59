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
  [net]=""
  [azure]="net"
  [record]=""
  [format]="record io"
  [schema]="record"
  [transform]="record"
  [profile]="record"
  [engine]="record format transform io profile"
  [report]="record engine profile net"
  [cli]="record format transform schema engine report io azure profile net"
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

# Link lists tell the truth: each module links exactly what it includes. A recproc module it
# includes (module/x.h) must be in its target_link_libraries and vice versa; so must each
# third-party library, found by its headers. recproc_record is also right for a module that
# includes only public headers (include/recproc/ is record's interface).
declare -A header_lib=(
  [simdjson]=simdjson::simdjson [spdlog]=spdlog::spdlog [tbb]=TBB::tbb [oneapi]=TBB::tbb
  [CLI]=CLI11::CLI11 [zlib]=ZLIB::ZLIB [zstd]=PkgConfig::ZSTD [curl]=CURL::libcurl
  [openssl]=OpenSSL [re2]=PkgConfig::RE2 [dlfcn]='${CMAKE_DL_LIBS}'
)
links_of() {  # the DEPS of recproc_glob_module(<module> ...), one per line
  tr '\n' ' ' <"$1/src/CMakeLists.txt" | grep -oE "recproc_glob_module\($2( [^)]*)?\)" |
    sed -E 's/^recproc_glob_module\([a-z_]+ ?//; s/\)$//' | tr ' ' '\n' | grep -v '^$' |
    sed -E 's/^OpenSSL::.*/OpenSSL/' | sort -u
}
uses_of() {  # what the module's sources include, as link names
  local dir=$src/$1
  grep -h -oE '^#include ["<][A-Za-z0-9_]+[/.]' "$dir"/*.{h,cc} 2>/dev/null |
    sed -E 's/#include ["<]//; s/[/.]$//' | sort -u | while read -r inc; do
      if [ "$inc" = "$1" ]; then continue
      elif [ "$inc" = recproc ]; then echo "(public)"
      elif [ -d "$src/$inc" ]; then echo "recproc_$inc"
      elif [ -n "${header_lib[$inc]:-}" ]; then echo "${header_lib[$inc]}"
      fi
    done | sort -u
}
for module in "${!allowed[@]}"; do
  [ -d "$src/$module" ] || continue
  links=$(links_of "$1" "$module")
  uses=$(uses_of "$module")
  for lib in $(grep -v '^(public)$' <<<"$uses"); do
    grep -qxF -- "$lib" <<<"$links" ||
      { echo "layering: $module includes $lib but does not link it (src/CMakeLists.txt)"; status=1; }
  done
  for lib in $links; do
    grep -qxF -- "$lib" <<<"$uses" && continue
    [ "$lib" = recproc_record ] && grep -qx '(public)' <<<"$uses" && continue
    echo "layering: $module links $lib but includes nothing of it"; status=1
  done
done

# Symbols: no TBB in record, format, schema; nothing writes to stdout below cli.
for lib in record format schema transform profile; do
  a=$(find "$build" -name "librecproc_$lib.a" | head -1)
  [ -n "$a" ] || continue
  if nm -C "$a" 2>/dev/null | grep -E ' U .*tbb::' | head -1 | grep -q .; then
    echo "layering: librecproc_$lib.a uses TBB"; status=1
  fi
done
for lib in io net azure record format schema transform profile engine report; do
  a=$(find "$build" -name "librecproc_$lib.a" | head -1)
  [ -n "$a" ] || continue
  if nm "$a" 2>/dev/null | grep -E ' U (stdout|puts|printf|_ZSt4cout)$' | head -1 | grep -q .; then
    echo "layering: librecproc_$lib.a writes to stdout"; status=1
  fi
done
[ $status = 0 ] && echo "layering: ok"
exit $status
