/*
 * args.c - what every command shares: argument parsing, help, usage
 * errors, and printing untrusted text and times.
 */
#include "calm/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"

/* Columns of help text: fits an 80-column terminal. */
#define HELP_COLS 79

void cli_help_wrap(FILE *f, const char *s, int indent, int more)
{
	int room = HELP_COLS - indent;

	while (*s) {
		size_t n = strlen(s), cut = n;

		if ((int)n > room) { /* break at the last space that fits */
			cut = (size_t)room;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = (size_t)room;
		}
		cli_fprintf(f, "%*s%.*s\n", indent, "", (int)cut, s);
		s += cut;
		while (*s == ' ')
			s++;
		indent = more;
		room = HELP_COLS - indent;
	}
}

void cli_print_help(const struct cli_cmd *cmd, FILE *f)
{
	struct buf usage = BUF_INIT;

	buf_addf(&usage, "usage: calm %s", cmd->usage);
	cli_help_wrap(f, buf_cstr(&usage), 0, 12);
	cli_fprintf(f, "\n");
	cli_help_wrap(f, cmd->summary, 0, 0);
	if (cmd->help && cmd->help[0]) {
		cli_fprintf(f, "\n");
		cli_put(f, cmd->help, TEXT_KEEP_NEWLINE);
	}
	buf_release(&usage);
}

enum calm_rc cli_usage(struct cli *cli, const struct cli_cmd *cmd,
		       const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return calm_err_set(&cli->err, CALM_USAGE, "%s (usage: calm %s)", msg,
			    cmd->usage);
}

static const struct cli_opt *opt_find(const struct cli_opt *opts,
				      const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

enum calm_rc cli_parse(struct cli *cli, const struct cli_cmd *cmd, int argc,
		       char **argv, const struct cli_opt *opts, char **pos,
		       int maxpos, int *npos, bool *help)
{
	bool only_pos = false;

	*npos = 0;
	*help = false;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (!only_pos && a[0] == '-' && a[1] != '\0') {
			if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
				cli_print_help(cmd, stdout);
				*help = true;
				return CALM_OK;
			}
			const char *name = a + (a[1] == '-' ? 2 : 1);
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct cli_opt *o = a[1] == '-' ? opt_find(opts, name, len) : NULL;
			char *safe = text_sanitize_dup(a, 0);
			enum calm_rc rc = CALM_OK;

			if (!o)
				rc = cli_usage(cli, cmd, "unknown option '%.40s'", safe);
			else if (o->value && eq)
				*o->value = eq + 1;
			else if (o->value && i + 1 < argc)
				*o->value = argv[++i];
			else if (o->value)
				rc = cli_usage(cli, cmd, "option '--%s' needs a value", o->name);
			else if (eq)
				rc = cli_usage(cli, cmd, "option '--%s' takes no value", o->name);
			else
				*o->flag = true;
			free(safe);
			if (rc != CALM_OK)
				return rc;
			continue;
		}
		if (*npos >= maxpos) {
			char *safe = text_sanitize_dup(a, 0);
			enum calm_rc rc = cli_usage(cli, cmd,
						    "unexpected argument '%.40s'", safe);
			free(safe);
			return rc;
		}
		pos[(*npos)++] = a;
	}
	return CALM_OK;
}

void cli_time(const struct cli *cli, long long ms, char *buf, size_t n)
{
	when_format(ms, WHEN_FULL, cli->app.when_flags, buf, n);
}
