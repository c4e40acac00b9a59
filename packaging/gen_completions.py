#!/usr/bin/env python3
"""Writes recproc's bash and zsh completion scripts from `recproc __complete-spec` (issue 20).

Usage: gen_completions.py RECPROC OUTDIR
Writes OUTDIR/bash/recproc and OUTDIR/zsh/_recproc. The build runs it on the binary it has just
linked, so the completions list exactly the subcommands and flags the binary parses.
"""
import subprocess
import sys
from pathlib import Path

# A value named FILE completes as a path; any other (numbers, sizes, URLs, steps) has no
# completion, unless the flag lists its choices.


def read_spec(recproc):
    result = subprocess.run([recproc, "__complete-spec"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"gen_completions.py: {recproc} __complete-spec: exit {result.returncode}\n"
                 f"{result.stderr}")
    text = result.stdout
    commands = {"recproc": {"summary": "", "options": [], "positional": []}}
    order = []
    for line in text.splitlines():
        kind, *fields = line.split("\t")
        if kind == "command":
            name, summary = fields
            commands[name] = {"summary": summary, "options": [], "positional": []}
            order.append(name)
        elif kind == "option":
            command, names, arg, choices, summary = fields
            commands[command]["options"].append({
                "names": names.split(","),
                "arg": None if arg == "-" else arg,
                "choices": [] if choices == "-" else choices.split(" "),
                "summary": summary,
            })
        elif kind == "positional":
            commands[fields[0]]["positional"].append(fields[1])
        else:
            sys.exit(f"gen_completions.py: unknown line in __complete-spec: {line!r}")
    return commands, order


def own_options(commands, command):
    """The options of `command` that are not global ones (each subcommand has its own --help)."""
    taken = {n for o in commands["recproc"]["options"] for n in o["names"]}
    return [o for o in commands[command]["options"] if not taken & set(o["names"])]


def bash_script(commands, order):
    global_opts = commands["recproc"]["options"]
    value_cases = {}  # action -> patterns, in order of first appearance
    for command in ["recproc"] + order:
        opts = global_opts if command == "recproc" else own_options(commands, command)
        for opt in opts:
            if opt["arg"] is None:
                continue
            if opt["choices"]:
                action = f'COMPREPLY=($(compgen -W "{" ".join(opt["choices"])}" -- "$cur"))'
            elif opt["arg"] == "FILE":
                action = "_recproc_files"
            else:
                action = "COMPREPLY=()"
            prefix = "*" if command == "recproc" else command
            value_cases.setdefault(action, []).extend(f"{prefix}:{n}" for n in opt["names"])
    value_cases = [f"    {'|'.join(p)})\n      {a}; return ;;" for a, p in value_cases.items()]
    flag_cases = []
    for command in [""] + order:
        opts = global_opts + (own_options(commands, command) if command else [])
        words = " ".join(n for o in opts for n in o["names"])
        flag_cases.append(f'      "{command}") opts="{words}" ;;')
    return f"""# bash completion for recproc(1)
# Generated at build time from `recproc __complete-spec` by packaging/gen_completions.py.

_recproc_files() {{
  if declare -F _filedir >/dev/null; then _filedir; else COMPREPLY=($(compgen -f -- "$cur")); fi
}}

_recproc() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local cmd="" opts="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      {"|".join(order)}) cmd=${{COMP_WORDS[i]}}; break ;;
    esac
  done
  case "$cmd:$prev" in
{chr(10).join(value_cases)}
  esac
  if [[ $cur == -* ]]; then
    case $cmd in
{chr(10).join(flag_cases)}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "{" ".join(order)}" -- "$cur"))
  else
    _recproc_files
  fi
}}
complete -F _recproc recproc
"""


def zsh_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def zsh_option(opt):
    desc = opt["summary"].replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    if opt["arg"] is None:
        action = ""
    elif opt["choices"]:
        action = f":{opt['arg']}:({' '.join(opt['choices'])})"
    elif opt["arg"] == "FILE":
        action = f":{opt['arg']}:_files"
    else:
        action = f":{opt['arg']}: "
    # '*': every option may be given again (-t and -v are meant to be repeated).
    return [zsh_quote(f"*{name}[{desc}]{action}") for name in opt["names"]]


def zsh_script(commands, order):
    global_specs = [s for o in commands["recproc"]["options"] for s in zsh_option(o)]
    described = [zsh_quote(f"{c.replace(':', chr(92) + ':')}:{commands[c]['summary']}")
                 for c in order]
    cases = []
    for command in order:
        specs = [s for o in own_options(commands, command) for s in zsh_option(o)]
        for name in commands[command]["positional"]:
            specs.append(zsh_quote(f"*:{name}:_files"))
        body = " \\\n            ".join(["$global_opts"] + specs)
        cases.append(f"        {command})\n          _arguments -s {body} ;;")
    return f"""#compdef recproc
# zsh completion for recproc(1)
# Generated at build time from `recproc __complete-spec` by packaging/gen_completions.py.

_recproc() {{
  local curcontext=$curcontext state line ret=1
  local -a global_opts=(
    {chr(10).join('    ' + s for s in global_specs).lstrip()}
  )
  _arguments -C $global_opts '1:command:->command' '*::arg:->args' && ret=0
  case $state in
    command)
      local -a commands=(
        {chr(10).join('        ' + d for d in described).lstrip()}
      )
      _describe -t commands 'recproc command' commands && ret=0 ;;
    args)
      curcontext=${{curcontext%:*:*}}:recproc-$words[1]:
      case $words[1] in
{chr(10).join(cases)}
      esac && ret=0 ;;
  esac
  return ret
}}

_recproc "$@"
"""


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_completions.py RECPROC OUTDIR")
    commands, order = read_spec(sys.argv[1])
    out = Path(sys.argv[2])
    (out / "bash").mkdir(parents=True, exist_ok=True)
    (out / "zsh").mkdir(parents=True, exist_ok=True)
    (out / "bash" / "recproc").write_text(bash_script(commands, order))
    (out / "zsh" / "_recproc").write_text(zsh_script(commands, order))


if __name__ == "__main__":
    main()
