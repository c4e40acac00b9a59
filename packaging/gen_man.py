#!/usr/bin/env python3
"""Writes recproc.1 from the binary's own --help (issue 20).

Usage: gen_man.py RECPROC HELP2MAN OUT.1   (writes OUT.1 and OUT.1.gz)

help2man makes the page from `recproc --help`; an include file made here adds a COMMANDS
section with every subcommand's --help, an EXIT STATUS section, and the examples as lines (help2man
would fill them into one paragraph). The subcommands come from `recproc __complete-spec`, so a
new one is in the page without an edit here.

The help text is laid out by src/cli/help_formatter.cc, which this reads back: headings are
unindented lines ending in ':', list entries start two spaces in with their text after a gap of
two spaces or more, continuation lines are indented to that text, and examples are indented
lines under "Examples:".
"""
import gzip
import re
import subprocess
import sys
import tempfile

HEADING = re.compile(r"^([A-Z][A-Za-z ]*):$")
ENTRY = re.compile(r"^  (\S+(?: \S+)*?)(?: {2,}(\S.*))?$")
LISTS = {"Positionals", "Options", "Subcommands", "Exit codes"}


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"gen_man.py: {' '.join(args)}: exit {result.returncode}\n{result.stderr}")
    return result.stdout


def roff(text):
    """Escapes text for roff: backslashes, minus signs, and a leading control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def convert(help_text, skip=()):
    """The roff for one --help text, leaving out the headings in `skip` and what follows them."""
    out = []
    mode = "prose"  # prose | list | lines | skip
    column = 0  # where the text of the current list entry starts
    for line in help_text.splitlines():
        if not line.strip():
            if mode == "lines":
                out += [".fi", ".RE"]
                mode = "prose"
            out.append("")
            continue
        heading = HEADING.match(line)
        if heading:
            name = heading.group(1)
            if name in skip:
                mode = "skip"
                continue
            out += [".PP", f"\\fB{roff(line)}\\fR"]
            if name == "Examples":
                mode = "lines"
                out += [".RS 2", ".nf"]
            else:
                mode = "list" if name in LISTS else "prose"
            continue
        if mode == "skip" and line.startswith(" "):
            continue
        if line.startswith("Usage:"):
            mode = "prose"
            out += [".PP", f"\\fBUsage:\\fR {roff(line[len('Usage:'):].strip())}"]
            continue
        if not line.startswith(" "):  # a paragraph of prose, after a list or another paragraph
            if mode in ("skip", "list") or (out and out[-1] == ""):
                out.append(".PP")
            mode = "prose"
            out.append(roff(line))
            continue
        if mode == "lines":
            out.append(roff(line[2:]))
            continue
        indent = len(line) - len(line.lstrip(" "))
        entry = ENTRY.match(line) if indent == 2 and mode == "list" else None
        if entry:
            term, text = entry.group(1), entry.group(2)
            names, _, rest = term.partition(" ")
            out += [".TP", f"\\fB{roff(names)}\\fR" + (f" {roff(rest)}" if rest else "")]
            column = line.index(text) if text else 0
            if text:
                out.append(roff(text))
            continue
        if column == 0:  # the text of an entry whose term had a line of its own
            column = indent
        # Deeper than the entry's text: a line of a list within the description, kept as a line
        # (roff breaks before a line that starts with a space and keeps its indent).
        out.append(roff(line[column:] if indent > column else line.strip()))
    if mode == "lines":
        out += [".fi", ".RE"]
    return "\n".join(out).strip("\n") + "\n"


def section(help_text, name):
    """The lines under heading `name:` up to the next blank line, without the heading."""
    lines = help_text.splitlines()
    start = lines.index(f"{name}:") + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[start:end])


def include_file(recproc):
    top = run(recproc, "--help")
    commands = [line.split("\t")[1] for line in run(recproc, "__complete-spec").splitlines()
                if line.startswith("command\t")]
    parts = ["[COMMANDS]"]
    for command in commands:
        parts += [f'.SS "recproc {command}"', convert(run(recproc, command, "--help"),
                                                       skip={"Exit codes"})]
    parts += ["[EXIT STATUS]", convert("Exit codes:\n" + section(top, "Exit codes"))
              .split("\n", 2)[2]]
    parts += ["[=EXAMPLES]", convert("Examples:\n" + section(top, "Examples"))
              .split("\n", 2)[2]]
    return "\n".join(parts) + "\n"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen_man.py RECPROC HELP2MAN OUT.1")
    recproc, help2man, out = sys.argv[1:]
    with tempfile.NamedTemporaryFile("w", suffix=".h2m") as inc:
        inc.write(include_file(recproc))
        inc.flush()
        page = run(help2man, "--no-info", "--section=1",
                   "--name=fast, parallel, ordered batch processing of NDJSON and CSV records",
                   f"--include={inc.name}", recproc)
    # No hyphenation, ragged right: names such as AZURE_TENANT_ID and --max-record-bytes stay
    # whole, so that they can be searched for in the pager.
    page = re.sub(r"^(\.TH .*)$", r"\1\n.nh\n.ad l", page, count=1, flags=re.M)
    with open(out, "w") as f:
        f.write(page)
    # mtime 0 and no file name: the same page gives the same bytes (reproducible packages).
    with open(out + ".gz", "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f,
                                                     compresslevel=9, mtime=0) as z:
        z.write(page.encode())


if __name__ == "__main__":
    main()
