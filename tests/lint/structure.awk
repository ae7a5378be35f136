# structure.awk - the facts tests/lint/0004-structure.sh judges, read from
# the sources as text: one line per fact, tab-separated.
#
#   def     FOLDER NAME             a function with external linkage
#   static  FILE NAME               a function private to FILE
#   include FILE FOLDER TARGET      FILE includes TARGET ("calm/app.h",
#                                   "tui.h", "../tui/theme.h")
#   call    FILE FOLDER NAME        FILE calls NAME (comments and string
#                                   literals left out)
#   decl    HEADER NAME             a function declared in include/calm
#   size    FILE LINES              lines in FILE
#   func    FILE LINE LINES NAME    a function's definition, from its
#                                   first line to its closing brace
#
# The code's own style makes this reliable: a definition starts at
# column 0 with its return type and name on one line, its body opens
# with "{" alone at column 0 and closes with "}" at column 0.
# Run with: awk -v root=ROOT -f structure.awk FILE...

function folder_of(path,    p, n, parts) {
	p = substr(path, length(root) + 2)      # src/cli/x.c, include/calm/x.h
	n = split(p, parts, "/")
	if (parts[1] == "include")
		return "include"
	if (n == 2)
		return "main"                   # src/main.c
	return parts[2]
}

# The identifier just before the first "(" of a definition line.
function def_name(line,    i, name) {
	i = index(line, "(")
	if (i == 0)
		return ""
	line = substr(line, 1, i - 1)
	if (!match(line, /[A-Za-z_][A-Za-z0-9_]*[ \t]*$/))
		return ""
	name = substr(line, RSTART, RLENGTH)
	sub(/[ \t]+$/, "", name)
	return name
}

# Blank out comments, string and character literals in line, keeping
# whether a block comment is still open in the global incomment.
function code_only(line,    out, i, c, n, q) {
	out = ""
	n = length(line)
	i = 1
	while (i <= n) {
		c = substr(line, i, 1)
		if (incomment) {
			if (substr(line, i, 2) == "*/") {
				incomment = 0
				i += 2
			} else {
				i++
			}
			continue
		}
		if (substr(line, i, 2) == "/*") {
			incomment = 1
			i += 2
			continue
		}
		if (substr(line, i, 2) == "//")
			break
		if (c == "\"" || c == "'") {
			q = c
			i++
			while (i <= n && substr(line, i, 1) != q) {
				if (substr(line, i, 1) == "\\")
					i++
				i++
			}
			i++
			out = out " "
			continue
		}
		out = out c
		i++
	}
	return out
}

FNR == 1 {
	if (prev_file != "")
		printf "size\t%s\t%d\n", prev_file, prev_lines
	file = substr(FILENAME, length(root) + 2)
	folder = folder_of(FILENAME)
	is_c = FILENAME ~ /\.c$/
	incomment = 0
	sig = 0
	body = 0
}
{
	prev_file = file
	prev_lines = FNR
}

# includes, in every file
/^#[ \t]*include[ \t]*"/ {
	t = $0
	sub(/^#[ \t]*include[ \t]*"/, "", t)
	sub(/".*/, "", t)
	printf "include\t%s\t%s\t%s\n", file, folder, t
}

# definitions and function sizes, in .c files under src
is_c && folder != "include" && /^[A-Za-z_]/ && /\(/ && !/;[ \t]*$/ &&
    !/^(typedef|extern|struct [A-Za-z_]+ *\{|enum [A-Za-z_]+ *\{|#)/ {
	name = def_name($0)
	if (name != "") {
		sig = FNR
		sig_name = name
		sig_static = $0 ~ /^static[ \t]/
	}
}
is_c && /^\{/ && sig {
	body = sig
	body_name = sig_name
	if (sig_static)
		printf "static\t%s\t%s\n", file, sig_name
	else
		printf "def\t%s\t%s\n", folder, sig_name
}
is_c && /^\}/ && body {
	printf "func\t%s\t%d\t%d\t%s\n", file, body, FNR - body + 1, body_name
	body = 0
	sig = 0
}

# declarations, in the public headers
folder == "include" && /^[A-Za-z_]/ && /\(/ && !/^(typedef|#)/ {
	name = def_name($0)
	if (name != "")
		printf "decl\t%s\t%s\n", file, name
}

# calls, in .c and .h files under src
folder != "include" {
	code = code_only($0)
	while (match(code, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
		name = substr(code, RSTART, RLENGTH - 1)
		sub(/[ \t]+$/, "", name)
		code = substr(code, RSTART + RLENGTH)
		if (name !~ /^(if|for|while|switch|return|sizeof|defined|_Static_assert|__attribute__)$/)
			printf "call\t%s\t%s\t%s\n", file, folder, name
	}
}

END {
	if (prev_file != "")
		printf "size\t%s\t%d\n", prev_file, prev_lines
}
