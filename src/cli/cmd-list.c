/*
 * cmd-list.c - list incidents, active ones or all.
 */
#include "calm/cli.h"

#include <stdlib.h>

#include "calm/text.h"

struct list_ctx {
	struct cli *cli;
	int shown;
};

static int list_one(const struct incident *inc, void *ctx)
{
	struct list_ctx *lc = ctx;
	char when[32];

	if (lc->shown++ == 0)
		printf("%-5s %-3s %-7s %-22s %-12s %s\n", "ID", "SEV", "STATUS",
		       "DECLARED", "STAGE", "TITLE");
	cli_time(inc->declared_ms, when, sizeof when);
	printf("%-5lld %-3d %-7s %-22s ", inc->id, inc->severity,
	       inc->closed ? "closed" : "active", when);
	char stage[16];
	snprintf(stage, sizeof stage, "%d", inc->stage_index + 1);
	printf("%-3s ", inc->closed ? "-" : stage);
	cli_put(stdout, inc->stage_id, 0);
	printf(" ");
	cli_put(stdout, inc->title, TEXT_TAB_SPACE);
	printf("\n");
	return 0;
}

static enum calm_rc cmd_list_exec(struct cli *cli, int argc, char **argv)
{
	bool all = false, json = false, help;
	const struct cli_opt opts[] = {
		{ "all", NULL, &all },
		{ "json", NULL, &json },
		{ NULL, NULL, NULL },
	};
	unsigned filter;
	char *pos[1];
	int npos;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_list, argc, argv, opts, pos, 0, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	filter = all ? STORE_ACTIVE | STORE_CLOSED : STORE_ACTIVE;
	if (json) {
		char *out = NULL;
		rc = store_incidents_json(cli->st, filter, &out, &cli->err);
		if (rc == CALM_OK)
			printf("%s\n", out);
		free(out);
		return rc;
	}
	struct list_ctx lc = { cli, 0 };
	rc = store_incident_each(cli->st, filter, list_one, &lc, &cli->err);
	if (rc == CALM_OK && lc.shown == 0 && cli->out_tty)
		printf(all ? "no incidents\n" : "no active incidents (--all lists closed ones too)\n");
	return rc;
}

const struct cli_cmd cmd_list = {
	.name = "list",
	.alias = "ls",
	.usage = "list [--all] [--json]",
	.summary = "list active incidents (all with --all)",
	.help = "Newest first.  --json prints one JSON array of incident summaries\n"
		"(id, title, severity, product, status, stage, stage_index, declared,\n"
		"events).\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_list_exec,
};
