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

void cli_print_help(const struct cli_cmd *cmd, FILE *f)
{
	fprintf(f, "usage: calm %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->help && cmd->help[0])
		fprintf(f, "\n%s", cmd->help);
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

void cli_put(FILE *f, const char *s, unsigned text_flags)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, s, strlen(s), text_flags);
	fputs(buf_cstr(&b), f);
	buf_release(&b);
}

void cli_time(long long ms, char *buf, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%SZ", &tm);
}
