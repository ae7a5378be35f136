/*
 * cmd-set.c - set an incident field.
 */
#include "calm/cli.h"

#include "calm/buf.h"
#include "calm/field.h"

static enum calm_rc cmd_set_exec(struct cli *cli, int argc, char **argv)
{
	char *pos[3];
	int npos;
	bool help;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_set, argc, argv, NULL, pos, 3, &npos, &help);
	if (rc != CALM_OK || help) {
		if (help) {
			printf("\nfields:\n");
			for (size_t i = 0; i < field_ndefs; i++)
				printf("  %-14s %s\n", field_defs[i].name,
				       field_defs[i].help);
		}
		return rc;
	}
	if (npos != 3)
		return cli_usage(cli, &cmd_set, "an incident id, a field and a value are needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_set_field(&cli->app, id, pos[1], pos[2]);
	return rc;
}

const struct cli_cmd cmd_set = {
	.name = "set",
	.alias = NULL,
	.usage = "set ID FIELD VALUE",
	.summary = "set a field: impact, cause, fix, product, severity, impact-start...",
	.help = "An empty VALUE clears a field.  Times are UTC, written\n"
		"2026-02-01T14:05Z or '2026-02-01 14:05', or 'now'.\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_set_exec,
};
