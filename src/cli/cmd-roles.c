/*
 * cmd-roles.c - who holds each role of an incident.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/jsonw.h"

static enum calm_rc cmd_roles_exec(struct cli *cli, const struct cli_args *a)
{
	bool json = cli_flag(a, "json");
	struct buf js = BUF_INIT;
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (json)
		buf_addc(&js, '[');
	for (size_t i = 0; rc == CALM_OK && i < cli->pb->nroles; i++) {
		const struct role_def *r = &cli->pb->roles[i];
		char *who = NULL;
		rc = app_role_holder(&cli->app, id, r->id, &who);
		if (rc != CALM_OK)
			break;
		if (json) {
			buf_adds(&js, i ? ",{\"role\":" : "{\"role\":");
			jsonw_str(&js, r->id);
			buf_adds(&js, ",\"title\":");
			jsonw_str(&js, r->title);
			buf_adds(&js, ",\"person\":");
			jsonw_str(&js, who);
			buf_addc(&js, '}');
		} else {
			cli_printf("%-16s ", r->id);
			cli_put(stdout, who ? who : "-", 0);
			cli_printf("\n");
		}
		free(who);
	}
	if (rc == CALM_OK && json)
		cli_json(cli, buf_cstr(&js), "]");
	buf_release(&js);
	return rc;
}

const struct cli_cmd cmd_roles = {
	.name = "roles",
	.alias = NULL,
	.usage = "roles [ID] [--json]",
	.summary = "who holds each role of an incident",
	.help = "One line per playbook role: its id and who holds it ('-' for nobody).\n"
		"--json prints an array of {role, title, person}.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK | CLI_READONLY_OK,
	.args = { .opts = "json", .words = "[ID]" },
	.exec = cmd_roles_exec,
};
