#!/bin/sh
# Check an annotation patch before you submit it.
#
#   homework/check-annotation.sh <slug> <your.diff>
#
# The rules (the submission system enforces the same ones, plus a few
# heuristics this script does not try, such as a block opened inside an
# existing /* */ comment):
#   - the patch only touches the files listed under annotation.files in
#     <slug>/assignment.yaml;
#   - it only adds lines: no line of the pristine source is removed or
#     changed (a changed line shows up as "-old" "+new" in the diff);
#   - every added line is empty or belongs to a comment in one of the two
#     course forms, on lines of its own:
#         // CSC253: text             (every // line carries "CSC253:")
#         /** CSC253 text
#             more text */            (nothing may follow the closing */)
#   - no added line ends in a backslash, none is added right after a line
#     that ends in one (a macro continued on the next line), and a // line
#     contains no "*/";
#   - every listed file should get at least annotation.minimumPerFile
#     comments.  This one is not a rule that refuses the patch: as the
#     README says, a file with fewer comments is still graded, but its part
#     is capped at half its points.  The script warns and still exits 0.
#
# It does not judge whether the comments are right: that is the grader's
# job.  It also does not build the tree: apply the patch to a fresh copy and
# run `make python` to be sure.
#
# Exit status: 0 if the patch follows the rules (even with too few comments
# in a file: that is only a warning), 1 if not, 2 on usage error.

[ $# -eq 2 ] || { echo "usage: $0 <slug> <patch>" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
if [ -d "$here/$1" ]; then dir=$here/$1; else dir=$1; fi
yaml=$dir/assignment.yaml
[ -f "$yaml" ] || { echo "no assignment.yaml in $dir" >&2; exit 2; }
[ -f "$2" ] || { echo "no such patch: $2" >&2; exit 2; }

# files and minimum from the annotation: block
files=$(awk '
    /^annotation:/ { inblock = 1; next }
    /^[^ \t#]/ { inblock = 0 }
    inblock && /^  files:/ {
        v = $0; sub(/^  files:[ \t]*\[/, "", v); sub(/\][ \t]*$/, "", v)
        gsub(/[ \t"\047]/, "", v); gsub(/,/, " ", v); print v
    }' "$yaml")
minimum=$(awk '
    /^annotation:/ { inblock = 1; next }
    /^[^ \t#]/ { inblock = 0 }
    inblock && /^  minimumPerFile:/ { v = $0; sub(/^[^:]*:[ \t]*/, "", v); print v + 0 }
    ' "$yaml")
[ -n "$files" ] || { echo "assignment.yaml has no annotation.files" >&2; exit 2; }
[ -n "$minimum" ] || minimum=1

awk -v files="$files" -v minimum="$minimum" '
function problem(msg) {
    printf "line %d: %s\n", NR, msg
    bad = 1
}
# text after the "*/" that closes a block comment would be code
function closes(text,   at) {
    at = index(text, "*/")
    if (!at) return 0
    if (substr(text, at + 2) !~ /^[ \t]*$/)
        problem("code after the end of a comment: " text)
    return 1
}
BEGIN {
    n = split(files, list, " ")
    for (i = 1; i <= n; i++) { allowed[list[i]] = 1; count[list[i]] = 0 }
    current = ""; inblock = 0; inhunk = 0; bad = 0
}
# Outside a hunk: file headers.  Inside: count the lines the @@ header
# announced, so that a removed line starting with "--" is not mistaken for
# a header.
!inhunk && /^--- / { next }
!inhunk && /^\+\+\+ / {
    path = $2; sub(/^b\//, "", path)
    current = path; inblock = 0
    if (!(current in allowed))
        problem("the patch touches " current ", which is not one of: " files)
    next
}
!inhunk && /^@@ / {
    h = $0
    sub(/^@@ -/, "", h); split(h, parts, " ")
    split(parts[1], o, ","); old = (o[2] == "" ? 1 : o[2] + 0)
    sub(/^\+/, "", parts[2]); split(parts[2], w, ","); new = (w[2] == "" ? 1 : w[2] + 0)
    inhunk = (old + new > 0); inblock = 0; prevctx = 0; prevtext = ""
    split(parts[2], w2, ","); hunkstart = w2[1] + 0
    firstline = 1
    next
}
!inhunk { next }
/^\\/ { next }
firstline {
    firstline = 0
    if (/^\+/ && hunkstart > 1)
        problem("a hunk starts with an added line: make the patch with context lines (plain diff -u or git diff)")
}
/^-/ {
    old--
    problem("removes or changes a line of " current ": " substr($0, 2))
}
/^ / || /^$/ {
    old--; new--
    if (inblock) problem("a /** CSC253 comment is not closed before existing code")
    inblock = 0; prevctx = 1; prevtext = substr($0, 2)
}
/^\+/ {
    new--
    text = substr($0, 2)
    if (prevctx && prevtext ~ /\\[ \t]*$/)
        problem("added right after a line ending in a backslash (a continued macro): put the comment above it")
    if (text ~ /\\[ \t]*$/)
        problem("ends with a backslash, which would join the next line of the file to the comment")
    prevctx = 0; prevtext = text
    sub(/^[ \t]+/, "", text)
    if (inblock) {
        if (closes(text)) inblock = 0
    }
    else if (text == "") { }
    else if (text ~ /^\/\/[ \t]*CSC253:/) {
        if (index(text, "*/")) problem("a // CSC253 line must not contain */")
        else count[current]++
    }
    else if (text ~ /^\/\*\*[ \t]*CSC253([ \t:]|$)/) {
        count[current]++
        if (!closes(substr(text, 4))) inblock = 1
    }
    else
        problem("not a CSC253 comment: " substr($0, 2))
}
{ if (old <= 0 && new <= 0) { if (inblock) problem("a /** CSC253 comment is not closed"); inblock = 0; inhunk = 0 } }
END {
    if (inblock) problem("a /** CSC253 comment is not closed")
    for (i = 1; i <= n; i++) {
        f = list[i]
        status = (count[f] >= minimum) ? "ok" : "TOO FEW"
        if (count[f] < minimum) few++
        printf "%-28s %3d comments (minimum %d) %s\n", f, count[f], minimum, status
    }
    if (bad) { print "----\nthe patch does not follow the annotation rules"; exit 1 }
    print "----\nthe patch follows the annotation rules"
    if (few) printf "warning: %d file(s) have fewer than %d comments; the patch is accepted, but the part of each such file is capped at half its points\n", few, minimum
}
' "$2"
