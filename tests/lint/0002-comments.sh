#!/usr/bin/env bash
# Comments say what the code is and why, never which work ticket made
# it: no comment in src/ or include/ names an issue, ticket, bug or pull
# request by number ("issue 4", "(ticket #12)", "fixes #3", "GH-7").
# An incident's "#12" in product text is not a ticket and is allowed.
set -u
root=${CALM_SOURCE_DIR:?}
ticket='(issues?|tickets?|bugs?|pr|pull request|jira)[[:space:]:-]*(#|no\.?[[:space:]]*)?[0-9]+|(fix(es|ed)?|close[sd]?|see|refs?)[[:space:]]+#[0-9]+|gh-[0-9]+'
# Of the lines naming a ticket, those where it is in a comment: after
# /* or //, or on a continuation line " * ...".
hits=$(cd "$root" && grep -rnEi --include='*.c' --include='*.h' "\\b($ticket)" src include |
	awk -v re="(^|[^a-z])($ticket)" '{
		line = $0; sub(/^[^:]*:[0-9]+:/, "", line)
		c = ""
		if (match(line, /\/[*\/]/)) c = substr(line, RSTART)
		else if (line ~ /^[ \t]*\*/) c = line
		if (tolower(c) ~ re) print
	}')
if [ -n "$hits" ]; then
	echo "FAIL: comments naming a ticket (say what the code is and why):" >&2
	printf '%s\n' "$hits" >&2
	exit 1
fi
echo "PASS: comments"
