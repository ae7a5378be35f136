/*
 * cmd-new.c - declare an incident.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/text.h"

/* "  #12 Checkout returns 500 (closed)" under "similar past incidents:". */
static int print_similar(const struct similar_hit *h, void *ctx)
{
	int *n = ctx;

	if ((*n)++ == 0)
		cli_printf("similar past incidents (calm review ID):\n");
	cli_printf("  %lld  ", h->incident);
	cli_put(stdout, h->title, TEXT_TAB_SPACE);
	cli_printf("%s\n", h->closed ? " (closed)" : " (active)");
	return 0;
}

static enum calm_rc cmd_new_exec(struct cli *cli, const struct cli_args *a)
{
	const char *sev = cli_opt(a, "severity"), *title = cli_word(a, "TITLE");
	int severity = 3;
	long long id;
	enum calm_rc rc;

	if (sev) {
		if (strlen(sev) != 1 || sev[0] < '1' || sev[0] > '4')
			return cli_usage(cli, &cmd_new,
					 "--severity must be 1 (worst) to 4");
		severity = sev[0] - '0';
	}
	rc = app_declare(&cli->app, title, severity, cli_opt(a, "product"), &id);
	if (rc != CALM_OK)
		return rc;
	if (!cli->out_tty) {
		cli_printf("%lld\n", id);
		return CALM_OK;
	}
	cli_printf("declared incident %lld: ", id);
	cli_put(stdout, title, 0);
	cli_printf("\n");
	int nsimilar = 0;
	/* a hint only: a failed lookup never fails the declaration */
	app_similar(&cli->app, title, id, 3, print_similar, &nsimilar);
	calm_err_clear(&cli->app.err);
	if (cli->in_tty)
		return cli_console(cli, id);
	return CALM_OK;
}
const struct cli_cmd cmd_new = {
	.name = "new",
	.alias = NULL,
	.usage = "new TITLE [--severity 1-4] [--product NAME]",
	.summary = "declare an incident",
	.help = "Declares an incident at the first stage of the playbook.  Severity 1\n"
		"is the worst, 4 the least; the default is 3.  When stdout is not a\n"
		"terminal the new id alone is printed, for scripts; on a terminal up to\n"
		"three similar past incidents (by title and notes) are listed and the\n"
		"console opens on the new incident.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "severity= product=", .words = "TITLE", .need = "a title is needed" },
	.exec = cmd_new_exec,
};
