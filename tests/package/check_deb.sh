#!/usr/bin/env bash
# Builds the .deb from this build tree (cpack, as `make package` does) into a scratch directory,
# unpacks it with dpkg -x and checks what a user gets (issue 20): the control fields, the binary
# runs, man shows a page with every subcommand and flag, the completions, the plugin header (a
# plugin compiles against it alone) and the Dask runner are in place.
# Exit 77 (skipped) without dpkg-deb, man or the generated man page (help2man).
# Usage: check_deb.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1
source_dir=$2
for tool in dpkg-deb man cpack; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not found"; exit 77; }
done
[ -f "$build/man/recproc.1.gz" ] || { echo "SKIP: no recproc.1.gz (help2man not found)"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "package: $*"; status=1; }

(cd "$build" && cpack --config CPackConfig.cmake -B "$work/out") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; exit 1; }
debs=("$work"/out/*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { fail "expected one .deb, got: ${debs[*]}"; exit 1; }
deb=${debs[0]}
version=$("$build/recproc" --version | awk '{print $2}')
[ "$(basename "$deb")" = "recproc_${version}_$(dpkg --print-architecture).deb" ] ||
  fail "file name $(basename "$deb")"
for field in Package=recproc Version="$version" Section=utils; do
  [ "$(dpkg-deb -f "$deb" "${field%%=*}")" = "${field#*=}" ] ||
    fail "${field%%=*} is '$(dpkg-deb -f "$deb" "${field%%=*}")', expected '${field#*=}'"
done
dpkg-deb -f "$deb" Depends | grep -q 'libc6 (>=' || fail "Depends lacks libc6: $(dpkg-deb -f "$deb" Depends)"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no Maintainer"

root=$work/root
dpkg -x "$deb" "$root"
[ "$("$root/usr/bin/recproc" --version)" = "recproc $version" ] || fail "usr/bin/recproc --version"

page=$root/usr/share/man/man1/recproc.1.gz
MANWIDTH=80 man -l "$page" 2>"$work/man.err" | col -b >"$work/man.txt"
[ -s "$work/man.err" ] && fail "man -l: $(cat "$work/man.err")"
head -5 "$work/man.txt" | grep -q '^NAME' || fail "man page does not start with NAME: $(head -5 "$work/man.txt")"
# Every subcommand has its section, and every flag of its --help is in the page.
subs=$("$build/recproc" --help | sed -n '/^Subcommands:/,/^$/p' | awk '/^  [a-z]/ {print $1}')
for sub in $subs; do
  grep -q "^   recproc $sub\$" "$work/man.txt" || fail "man page has no section 'recproc $sub'"
  for flag in $("$build/recproc" "$sub" --help | sed -nE 's/^  (-[^ ]*).*/\1/p' | tr ',' '\n' |
                sed -E 's/\{.*//' | grep -- '^--'); do
    grep -q -- "$flag" "$work/man.txt" || fail "man page lacks $flag of recproc $sub"
  done
done
grep -q '^EXIT STATUS' "$work/man.txt" || fail "man page has no EXIT STATUS"
if command -v groff >/dev/null; then
  warnings=$(zcat "$page" | groff -man -Tutf8 -ww -z 2>&1)
  [ -z "$warnings" ] || fail "groff warns about recproc.1: $warnings"
fi

for f in usr/share/bash-completion/completions/recproc usr/share/zsh/vendor-completions/_recproc \
         usr/include/recproc/plugin.h usr/share/doc/recproc/copyright; do
  [ -s "$root/$f" ] || fail "missing $f"
done
bash -n "$root/usr/share/bash-completion/completions/recproc" || fail "bash completion: syntax"
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -I "$root/usr/include" \
   -o "$work/libmask_ip.so" "$source_dir/examples/plugins/mask_ip.c" ||
  fail "examples/plugins/mask_ip.c does not compile against the installed plugin.h alone"
for py in "$source_dir"/python/recproc_dask/*.py; do
  [ -s "$root/usr/lib/python3/dist-packages/recproc_dask/$(basename "$py")" ] ||
    fail "missing lib/python3/dist-packages/recproc_dask/$(basename "$py")"
done

[ $status = 0 ] && echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, $(dpkg-deb -c "$deb" | grep -vc '/$') files"
exit $status
