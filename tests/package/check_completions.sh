#!/usr/bin/env bash
# The generated completions offer every flag `--help` shows (issue 20): for each subcommand,
# the bash completion of `recproc SUB --` is compared with the long flags parsed from
# `recproc SUB --help`, and the zsh script must name each of them.
# Usage: check_completions.sh RECPROC COMPLETIONS_DIR
set -uo pipefail
recproc=$1
bash_file=$2/bash/recproc
zsh_file=$2/zsh/_recproc
status=0

# Long flags from the option column of a --help text: "  -o,--output FILE   ..." gives --output.
help_flags() {
  sed -nE 's/^  (-[^ ]*).*/\1/p' | tr ',' '\n' | sed -E 's/\{.*//' | grep -- '^--' | sort -u
}
# What bash offers after the words given, as the completion function sees them.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _recproc
           printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_file" "$@"
}

subs=$("$recproc" --help | sed -n '/^Subcommands:/,/^$/p' | awk '/^  [a-z]/ {print $1}')
[ -n "$subs" ] || { echo "no subcommands in recproc --help"; exit 1; }
offered=$(complete_words recproc '' | sort)
if [ "$offered" != "$(sort <<<"$subs")" ]; then
  echo "bash: 'recproc <TAB>' offers: $(echo $offered); --help lists: $(echo $subs)"; status=1
fi
for sub in "" $subs; do
  want=$("$recproc" $sub --help | help_flags)
  got=$(complete_words recproc $sub -- | sort -u | grep -- '^--')
  missing=$(comm -23 <(echo "$want") <(echo "$got"))
  extra=$(comm -13 <(echo "$want") <(echo "$got"))
  if [ -n "$missing" ]; then echo "bash: recproc $sub: not offered: $(echo $missing)"; status=1; fi
  # Global flags work after a subcommand too; anything else offered must be in --help.
  extra=$(comm -23 <(echo "$extra") <("$recproc" --help | help_flags))
  if [ -n "$extra" ]; then echo "bash: recproc $sub: not in --help: $(echo $extra)"; status=1; fi
  for flag in $want; do
    grep -q -- "'\*$flag\[" "$zsh_file" || { echo "zsh: recproc $sub: no $flag"; status=1; }
  done
done
# Values: a flag's choices, and a FILE completes paths.
[ "$(complete_words recproc run --on-error '' | xargs)" = "fail skip quarantine" ] ||
  { echo "bash: run --on-error does not offer its policies"; status=1; }
dir=$(mktemp -d); touch "$dir/schema-one.json"
[ "$(complete_words recproc check --schema "$dir/schema-" | xargs)" = "$dir/schema-one.json" ] ||
  { echo "bash: check --schema does not complete a path"; status=1; }
rm -rf "$dir"
if command -v zsh >/dev/null; then
  zsh -n "$zsh_file" || { echo "zsh: syntax error in $zsh_file"; status=1; }
fi
[ $status = 0 ] && echo "completions: $(wc -w <<<"$subs") subcommands, every flag of --help"
exit $status
