#!/bin/sh
# lint.sh - `make lint`: the mechanical house rules of HACKING.md.
set -u
cd "$(dirname "$0")/.."
status=0
fail() {
	echo "lint: $*" >&2
	status=1
}

# Formatting: one .clang-format for the tree.
if command -v clang-format >/dev/null 2>&1; then
	for f in src/*.c src/*/*.[ch] tests/unit/*/*.[ch] bench/*.c; do
		clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || fail "$f is not clang-formatted (run 'make format')"
	done
else
	fail "clang-format is not installed (apt-get install clang-format)"
fi

# Every .c includes its own header first (entry points and commands excepted).
for f in src/*/*.c; do
	case "$f" in src/cli/cmd_*.c) continue ;; esac
	own="${f#src/}"
	own="${own%.c}.h"
	first=$(grep -m1 '^#include' "$f")
	[ "$first" = "#include \"$own\"" ] || fail "$f: the first include must be \"$own\""
done

# A header comment at the top of every source file.
for f in src/*.c src/*/*.[ch]; do
	head -n 1 "$f" | grep -q '^/\*' || fail "$f: starts without its header comment"
done

# Banned functions, also outside the forced include (tests may use glibc's time zones).
if grep -nE '\b(sprintf|vsprintf|strcpy|strcat|strncpy|strtok|atoi|atol|gmtime|localtime(_r)?|gets)\s*\(' \
	src/*.c src/*/*.c | grep -v 'BANNED('; then
	fail "banned functions used in src/ (see src/base/banned.h)"
fi

# Layering: sla/ is pure (no I/O, no clock reads); SQL lives only in store/.
if grep -nE '\b(fopen|open|read|write|time|clock_gettime|getenv|printf|fprintf)\s*\(' src/sla/*.c; then
	fail "src/sla/ must not do I/O, read the clock or the environment"
fi
if grep -lE '"[^"]*\b(SELECT .* FROM|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b' src/*/*.c | grep -v '^src/store/'; then
	fail "SQL outside src/store/"
fi

# The clock's hot path does not allocate (clock_eval runs once per clock per request).
if grep -nE '\b(x?malloc|x?calloc|x?realloc|xreallocarray|strdup|xstrdup)\s*\(' src/sla/clock.c; then
	fail "src/sla/clock.c must not allocate"
fi

# Files stay small.
for f in src/*.c src/*/*.[ch]; do
	n=$(wc -l <"$f")
	[ "$n" -le 800 ] || fail "$f has $n lines; split it by responsibility (at most 800)"
done

# No assignment inside conditions.
if grep -nE '\b(if|while) \(.*[^=!<>]=[^=].*\) *\{' src/*.c src/*/*.c | grep -vE '(==|!=|<=|>=)' ; then
	fail "assignment inside a condition"
fi

[ "$status" -eq 0 ] && echo "lint: clean"
exit "$status"
