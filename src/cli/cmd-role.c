/*
 * cmd-role.c - hand a role of an incident to someone, or take the one
 * offered to you (recorded).
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/* The receiver's brief, after taking a role (app_handoff_brief). */
static enum calm_rc print_brief(struct cli *cli, long long id)
{
	int cadence[AUD_COUNT] = { 0 };
	struct incident inc;
	struct buf b = BUF_INIT;
	enum calm_rc rc = app_incident(&cli->app, id, &inc);

	for (int a = 0; rc == CALM_OK && a < AUD_COUNT; a++)
		cadence[a] = config_cadence(&cli->config, a, inc.severity);
	if (rc == CALM_OK)
		incident_release(&inc);
	if (rc == CALM_OK)
		rc = app_handoff_brief(&cli->app, id, cadence, &b);
	if (rc == CALM_OK) {
		cli_printf("hand-off brief:\n");
		cli_put(stdout, buf_cstr(&b), TEXT_KEEP_NEWLINE);
	}
	buf_release(&b);
	return rc;
}

static enum calm_rc cmd_role_exec(struct cli *cli, const struct cli_args *a)
{
	const char *person = cli_word(a, "PERSON"), *role = cli_word(a, "ROLE");
	bool clear = cli_flag(a, "clear"), accept = cli_flag(a, "accept");
	long long id;
	enum calm_rc rc;

	if ((clear || accept) && person) /* nobody else named: it is left, or yours */
		return cli_usage(cli, &cmd_role, "--clear and --accept take ID and ROLE only");
	if (clear && accept)
		return cli_usage(cli, &cmd_role, "--clear or --accept, not both");
	if (!clear && !accept && !person)
		return cli_usage(cli, &cmd_role, "ID, ROLE and PERSON are needed");
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK && accept)
		rc = app_role_accept(&cli->app, id, role);
	else if (rc == CALM_OK)
		rc = app_role_assign(&cli->app, id, role, person);
	if (rc == CALM_OK && accept)
		rc = print_brief(cli, id);
	return rc;
}

const struct cli_cmd cmd_role = {
	.name = "role",
	.alias = NULL,
	.usage = "role ID ROLE PERSON | role ID ROLE --accept | role ID ROLE --clear",
	.summary = "offer a role (commander, communications, ...) to someone, or take one offered",
	.help = "Roles come from the playbook (roles:); the defaults are commander\n"
		"(incident commander), communications, fix-lead and scribe.  A role handed\n"
		"to someone else is offered (\"alice offers incident command to bob\") and\n"
		"becomes theirs when they take it: 'calm role ID ROLE --accept' as that\n"
		"person (--as, CALM_AUTHOR...), or the key in their console; it prints the\n"
		"hand-off brief (stage, what was tried and how it went, the updates sent\n"
		"and due, open action items).  An offer not taken within 10 minutes\n"
		"lapses, and the timeline says so.  Naming yourself takes a role at once;\n"
		"--clear leaves it to nobody.  See 'calm roles ID'.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "clear accept", .words = "ID ROLE [PERSON]",
		  .need = "ID, ROLE and PERSON are needed" },
	.exec = cmd_role_exec,
};
