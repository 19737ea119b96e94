#!/bin/sh
# Run the tests of one homework assignment against a built interpreter, the
# same way the grader does.
#
#   homework/run-public-tests.sh [--all] <slug> <path/to/built/python>
#
#   <slug>    folder name under homework/ (e.g. opcode-counter), or a path to
#             an assignment folder
#   <python>  the interpreter you built, e.g. ~/cpython-2.7.8/python
#   --all     also run the hidden tests (course staff: needs tests/hidden/)
#
# For every test the script changes into the directory that holds the
# interpreter (the root of the build tree), runs
#
#   ./python -B <program> [args] < <stdin or /dev/null>
#
# under a time limit, and compares the exit code and standard output with the
# expected ones.  Carriage returns before a newline and whitespace at the end
# of the output are ignored, like the grader does; everything else must match
# byte for byte.  Standard error is not compared (it is shown when a test
# fails).
#
# Exit status: 0 when every test that ran passed, 1 when one failed, 2 on a
# usage error.

usage() {
    echo "usage: $0 [--all] <slug> <path/to/built/python>" >&2
    exit 2
}

want=public
if [ "$1" = "--all" ]; then
    want=all
    shift
fi
[ $# -eq 2 ] || usage

here=$(cd "$(dirname "$0")" && pwd)
slug=$1
if [ -d "$here/$slug" ]; then
    dir=$here/$slug
elif [ -d "$slug" ]; then
    dir=$(cd "$slug" && pwd)
else
    echo "no assignment '$slug' under $here" >&2
    exit 2
fi
yaml=$dir/assignment.yaml
[ -f "$yaml" ] || { echo "missing $yaml" >&2; exit 2; }

python=$2
[ -x "$python" ] || { echo "not an executable: $python" >&2; exit 2; }
treedir=$(cd "$(dirname "$python")" && pwd)
pyname=$(basename "$python")

if command -v timeout >/dev/null 2>&1; then
    have_timeout=yes
else
    have_timeout=no
    echo "warning: 'timeout' not found; tests run without a time limit" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hwtests.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

# Turn the tests: list of assignment.yaml into one line per test:
# name program expected stdin args exitCode points visibility timeoutSeconds
# separated by the ASCII unit separator (args joined by the record separator;
# neither collapses when a field is empty, unlike a tab).  The parser understands the
# block layout used by the assignments in this folder: "  - name:" starts a
# test, "    key: value" sets a field, "args:" is a flow list [a, b].
list=$work/tests.list
awk '
function unquote(v) {
    sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
    if (v ~ /^".*"$/ || v ~ /^\047.*\047$/) v = substr(v, 2, length(v) - 2)
    return v
}
function flush() {
    if (name != "")
        printf "%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s\n", name, program, \
            expected, stdin, args, code, points, vis, tmo
    name = ""; program = ""; expected = ""; stdin = ""; args = ""
    code = "0"; points = "0"; vis = "public"; tmo = "10"
}
BEGIN { intests = 0; flush() }
/^[ \t]*#/ { next }
/^tests:/ { intests = 1; next }
/^[^ \t]/ { if (intests) flush(); intests = 0; next }
intests && /^  - name:/ {
    flush(); v = $0; sub(/^  - name:/, "", v); sub(/[ \t]+#.*$/, "", v)
    name = unquote(v); next
}
intests && /^    [A-Za-z]+:/ {
    key = $0; sub(/^    /, "", key); sub(/:.*/, "", key)
    v = $0; sub(/^    [A-Za-z]+:/, "", v); sub(/[ \t]+#.*$/, "", v)
    v = unquote(v)
    if (key == "program") program = v
    else if (key == "expected") expected = v
    else if (key == "stdin") stdin = v
    else if (key == "exitCode") code = v
    else if (key == "points") points = v
    else if (key == "visibility") vis = v
    else if (key == "timeoutSeconds") tmo = v
    else if (key == "args") {
        sub(/^\[/, "", v); sub(/\]$/, "", v)
        n = split(v, parts, ",")
        args = ""
        for (i = 1; i <= n; i++) {
            p = unquote(parts[i])
            if (p == "") continue
            args = (args == "" ? p : args "\036" p)
        }
    }
    next
}
END { flush() }
' "$yaml" > "$list"

# Print a file without carriage returns before newlines and without
# whitespace at its very end (the grader normalises output the same way).
normalise() {
    awk '{ sub(/\r$/, ""); buf = buf $0 "\n" }
         END { sub(/[ \t\r\n]+$/, "", buf); printf "%s", buf }' "$1"
}

total=0; passed=0; points=0; earned=0; ran=0
us=$(printf '\037')
rs=$(printf '\036')
while IFS=$us read -r name program expected stdin args code pts vis tmo; do
    if [ "$want" = public ] && [ "$vis" != public ]; then
        continue
    fi
    ran=$((ran + 1))
    total=$((total + 1))
    points=$((points + pts))
    if [ ! -f "$dir/$program" ] || [ ! -f "$dir/$expected" ]; then
        echo "MISSING $name ($program or $expected not found)"
        continue
    fi
    input=/dev/null
    [ -n "$stdin" ] && input=$dir/$stdin
    out=$work/$name.out
    err=$work/$name.err
    (
        cd "$treedir" || exit 99
        set -f
        oldifs=$IFS; IFS=$rs
        # shellcheck disable=SC2086
        set -- $args
        IFS=$oldifs
        if [ "$have_timeout" = yes ]; then
            exec timeout -k 2 "$tmo" "./$pyname" -B "$dir/$program" "$@" \
                < "$input" > "$out" 2> "$err"
        else
            exec "./$pyname" -B "$dir/$program" "$@" \
                < "$input" > "$out" 2> "$err"
        fi
    )
    rc=$?
    normalise "$out" > "$out.n"
    normalise "$dir/$expected" > "$out.e"
    if [ "$have_timeout" = yes ] && { [ $rc -eq 124 ] || [ $rc -eq 137 ]; }; then
        verdict="TIMEOUT after ${tmo}s"
    elif [ "$rc" -ne "$code" ]; then
        verdict="exit code $rc, expected $code"
    elif ! cmp -s "$out.n" "$out.e"; then
        verdict="wrong output"
    else
        verdict=""
    fi
    if [ -z "$verdict" ]; then
        passed=$((passed + 1))
        earned=$((earned + pts))
        printf 'PASS  %-28s %3s/%s  (%s)\n' "$name" "$pts" "$pts" "$vis"
    else
        printf 'FAIL  %-28s %3s/%s  (%s) %s\n' "$name" 0 "$pts" "$vis" "$verdict"
        if [ "$verdict" = "wrong output" ]; then
            diff -u "$out.e" "$out.n" | sed -e '1s/.*/--- expected/' \
                -e '2s/.*/+++ your output/' | head -n 30 | sed 's/^/      /'
        fi
        if [ -s "$err" ]; then
            echo "      stderr (last lines):"
            tail -n 8 "$err" | sed 's/^/      /'
        fi
    fi
done < "$list"

if [ "$ran" -eq 0 ]; then
    if grep -q '^kind:[[:space:]]*annotation' "$yaml"; then
        echo "$slug is an annotation assignment: it has no automated tests."
        echo "Check your patch with: $here/check-annotation.sh $slug <your.diff>"
        echo "and make sure the patched tree still builds (make python)."
    else
        echo "no $want tests in $slug (nothing to run)"
    fi
    exit 0
fi
echo "----"
echo "$passed/$total tests passed, $earned/$points points ($want tests of $(basename "$dir"))"
[ "$passed" -eq "$total" ]
