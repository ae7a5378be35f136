/*
 * cmd-hook.c - the shell snippet that writes a watched shell's commands
 * down: `eval "$(calm hook bash)"` in ~/.bashrc, or zsh in ~/.zshrc.
 *
 * The snippet costs a prompt almost nothing and never waits: with the
 * shell not watched it tests that one file is empty; watched, it writes
 * the command line, its exit status, times and directory into a record
 * file with shell builtins only (no process is started for it), then
 * starts `calm watch flush` in the background, which writes the records
 * into the database in order and removes them.  The command line goes
 * through a file, never through an argument list that ps shows.
 *
 * bash: the start time comes from PS0 (expanded once a command line is
 * read: an arithmetic assignment inside an array subscript sets it and
 * prints nothing), the line from the history (written to a file by the
 * `history` builtin and read back with `read`).  While watched, the
 * history keeps every line (ignorespace is lifted and done by the hook
 * itself, deleting a line that starts with a space), so the last history
 * entry is always the command that ran; a line HISTIGNORE kept out is
 * not recorded.  zsh hands preexec the line as typed.
 */
#include "calm/cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/buf.h"

/* The parts of the snippets that differ, printed as they are. */
static const char bash_snippet[] =
	"__calm_watch_setup\n"
	"declare -a __calm_x\n"
	"PS0+='${__calm_x[__calm_t0=${EPOCHREALTIME/./},__calm_hn=\\!]}'\n"
	"__calm_precmd() {\n"
	"\tlocal s=$? e=${EPOCHREALTIME/./} inc db l n\n"
	"\t__calm_said\n"
	"\tif [[ ! -s $__calm_dir/watch ]]; then\n"
	"\t\t[[ -n ${__calm_hc+x} ]] && { HISTCONTROL=$__calm_hc; unset __calm_hc; }\n"
	"\t\t__calm_t0=; return $s\n"
	"\tfi\n"
	"\tif [[ -z ${__calm_hc+x} ]]; then # every line into the history while watched\n"
	"\t\t__calm_hc=$HISTCONTROL\n"
	"\t\tHISTCONTROL=${HISTCONTROL//ignorespace/}; HISTCONTROL=${HISTCONTROL//ignoreboth/ignoredups}\n"
	"\t\t__calm_last=; __calm_t0=; return $s\n"
	"\tfi\n"
	"\t[[ -n $__calm_t0 ]] || return $s\n"
	"\tHISTTIMEFORMAT= builtin history 1 >| \"$__calm_dir/h\"\n"
	"\tIFS= read -r -d '' l < \"$__calm_dir/h\"\n"
	"\tl=${l#\"${l%%[! ]*}\"}; n=${l%%[!0-9]*}; l=${l#\"$n\"}; l=${l:2}; l=${l%$'\\n'}\n"
	"\tif [[ -z $n || ( $n == \"$__calm_last\" && -n $HISTIGNORE ) ]]; then\n"
	"\t\t__calm_t0=; return $s # not in the history: not known\n"
	"\tfi\n"
	"\tif [[ $l == [[:space:]]* ]]; then\n"
	"\t\t[[ $__calm_hc == *ignore[sb]* ]] && builtin history -d \"$n\" && n=$((n - 1))\n"
	"\t\t__calm_last=$n; __calm_t0=; return $s\n"
	"\tfi\n"
	"\t__calm_last=$n\n"
	"\t{ IFS= read -r inc; IFS= read -r db; } < \"$__calm_dir/watch\"\n"
	"\t((++__calm_seq))\n"
	"\tprintf '%s\\0' calm-hook-1 \"$inc\" \"$db\" bash \"$__calm_src\" \"$__calm_seq\" \\\n"
	"\t\t\"$__calm_t0\" \"$e\" \"$s\" \"$PWD\" \"$l\" end >| \"$__calm_dir/$__calm_seq\"\n"
	"\t__calm_t0=\n"
	"\t\"$__calm_bin\" watch flush \"$__calm_dir\" &>/dev/null & disown\n"
	"\treturn $s\n"
	"}\n"
	"if [[ $(declare -p PROMPT_COMMAND 2>/dev/null) == 'declare -a'* ]]; then\n"
	"\tPROMPT_COMMAND=(__calm_precmd \"${PROMPT_COMMAND[@]}\")\n"
	"else\n"
	"\tPROMPT_COMMAND=\"__calm_precmd${PROMPT_COMMAND:+;$PROMPT_COMMAND}\"\n"
	"fi\n";

static const char zsh_snippet[] =
	"zmodload zsh/datetime\n"
	"__calm_watch_setup\n"
	"__calm_preexec() { __calm_line=$1; __calm_t0=$EPOCHREALTIME; }\n"
	"__calm_precmd() {\n"
	"\tlocal s=$? e=$EPOCHREALTIME inc db\n"
	"\t__calm_said\n"
	"\tif [[ -z $__calm_t0 || ! -s $__calm_dir/watch || $__calm_line == [[:space:]]* ]]; then\n"
	"\t\t__calm_t0=; return $s\n"
	"\tfi\n"
	"\t{ IFS= read -r inc; IFS= read -r db; } < \"$__calm_dir/watch\"\n"
	"\t((++__calm_seq))\n"
	"\tprint -rn -- calm-hook-1$'\\0'$inc$'\\0'$db$'\\0'zsh$'\\0'$__calm_src$'\\0'$__calm_seq$'\\0'$__calm_t0$'\\0'$e$'\\0'$s$'\\0'$PWD$'\\0'$__calm_line$'\\0'end$'\\0' >| \"$__calm_dir/$__calm_seq\"\n"
	"\t__calm_t0=\n"
	"\t\"$__calm_bin\" watch flush \"$__calm_dir\" &>/dev/null &!\n"
	"\treturn $s\n"
	"}\n"
	"autoload -Uz add-zsh-hook\n"
	"add-zsh-hook preexec __calm_preexec\n"
	"add-zsh-hook precmd __calm_precmd\n";

/* What both shells share: where the records go, the shell's identity,
 * and the message a failed flush leaves; a printf format filled with
 * the state directory, calm's path, the host and the shell. */
static const char common[] =
	"__calm_watch_setup() {\n"
	"\ttypeset -g __calm_dir=%1$s/shell-$$ __calm_bin=%2$s __calm_seq=0 __calm_t0=\n"
	"\ttypeset -g __calm_src=\"%3$s:$$:$EPOCHREALTIME\"\n"
	"\texport CALM_HOOK_PID=$$ CALM_HOOK_SHELL=%4$s\n"
	"\t[[ -e $__calm_dir/watch ]] && : >| \"$__calm_dir/watch\" # a gone shell's, same pid\n"
	"}\n"
	"__calm_said() { # what the last flush could not do\n"
	"\tlocal m\n"
	"\tif [[ -s $__calm_dir/error ]]; then\n"
	"\t\tIFS= read -r m < \"$__calm_dir/error\"; : >| \"$__calm_dir/error\"\n"
	"\t\tprintf 'calm: %%s\\n' \"$m\" >&2\n"
	"\tfi\n"
	"}\n";

/* s in single quotes for a shell. */
static void quote(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

/* $XDG_STATE_HOME/calm, else ~/.local/state/calm (not created here). */
enum calm_rc cli_state_dir(struct cli *cli, struct buf *out)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (state && state[0] == '/')
		buf_addf(out, "%s/calm", state);
	else if (home && home[0] == '/')
		buf_addf(out, "%s/.local/state/calm", home);
	else
		return calm_err_set(&cli->err, CALM_IO,
				    "cannot place calm's state: set HOME or XDG_STATE_HOME");
	return CALM_OK;
}

static enum calm_rc cmd_hook_exec(struct cli *cli, const struct cli_args *a)
{
	struct buf dir = BUF_INIT, qdir = BUF_INIT, qbin = BUF_INIT, out = BUF_INIT;
	char bin[PATH_MAX], host[256] = "";
	const char *shell = cli_word(a, "SHELL");
	ssize_t n;
	enum calm_rc rc;

	if (strcmp(shell, "bash") != 0 && strcmp(shell, "zsh") != 0)
		return cli_usage(cli, &cmd_hook, "name the shell: bash or zsh");
	rc = cli_state_dir(cli, &dir);
	if (rc != CALM_OK)
		return rc;
	n = readlink("/proc/self/exe", bin, sizeof bin - 1);
	bin[n > 0 ? n : 0] = '\0';
	gethostname(host, sizeof host - 1);
	for (char *h = host; *h; h++) /* the identity is one plain word */
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		      (*h >= '0' && *h <= '9') || *h == '-' || *h == '.'))
			*h = '_';
	quote(&qdir, dir.s);
	quote(&qbin, n > 0 ? bin : "calm");
	buf_addf(&out, "# calm shell capture for %s: each command, its exit status and\n"
		 "# duration go to an incident after 'calm watch on [ID]' (calm hook --help).\n",
		 shell);
	buf_addf(&out, common, qdir.s, qbin.s, host, shell);
	buf_adds(&out, strcmp(shell, "bash") == 0 ? bash_snippet : zsh_snippet);
	/* for eval: exact when piped (as eval "$(...)" reads it), inert on a terminal */
	cli_write_data(cli, out.s, out.len);
	buf_release(&out);
	buf_release(&dir);
	buf_release(&qdir);
	buf_release(&qbin);
	return CALM_OK;
}

const struct cli_cmd cmd_hook = {
	.name = "hook",
	.alias = NULL,
	.usage = "hook bash|zsh",
	.summary = "print the shell snippet that records a watched shell's commands",
	.help = "Add to ~/.bashrc:  eval \"$(calm hook bash)\"\n"
		"or to ~/.zshrc:    eval \"$(calm hook zsh)\"\n"
		"Nothing is recorded until 'calm watch on [ID]' in that shell; then each\n"
		"command line, its exit status and duration go to the incident, in order,\n"
		"masked for secrets.  A line that starts with a space, or holds\n"
		"'calm-skip' (a comment will do: make deploy # calm-skip), is left out,\n"
		"as the shells' own history leaves it out.  The hook adds well under 10 ms\n"
		"to a prompt (make bench): it starts no process but a background\n"
		"'calm watch flush', never waits for it, and hands the line over in a file\n"
		"under $XDG_STATE_HOME/calm, never on a command line.  bash reads the line\n"
		"from its history, which must be on; while watched, lines that start with\n"
		"a space enter the history only long enough to be seen.\n",
	.flags = 0,
	.args = { .words = "SHELL", .need = "name the shell: bash or zsh" },
	.exec = cmd_hook_exec,
};
