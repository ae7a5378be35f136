/*
 * cmd-set.c - set an incident field.
 */
#include "calm/cli.h"

#include <stdlib.h>

#include "calm/buf.h"
#include "calm/field.h"
#include "calm/when.h"

static void set_help_more(FILE *f)
{
	cli_fprintf(f, "\nfields:\n");
	for (size_t i = 0; i < field_ndefs; i++)
		cli_fprintf(f, "  %-14s %s\n", field_defs[i].name, field_defs[i].help);
}

static enum calm_rc cmd_set_exec(struct cli *cli, const struct cli_args *a)
{
	const char *name = cli_word(a, "FIELD");
	const struct field_def *def = field_find(name);
	char *stored = NULL, when[48];
	long long ms, id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_set_field(&cli->app, id, name, cli_word(a, "VALUE"), &stored);
	/* a time typed as 21:48 or now: say which moment it became */
	if (rc == CALM_OK && def && def->type == FIELD_TIME && stored && stored[0] &&
	    when_parse(stored, WHEN_DATETIME, 0, &ms, NULL) == CALM_OK)
		cli_printf("%s: %s\n", def->name,
			   when_format(ms, WHEN_FULL, cli->app.when_flags, when, sizeof when));
	free(stored);
	return rc;
}
const struct cli_cmd cmd_set = {
	.name = "set",
	.alias = NULL,
	.usage = "set ID FIELD VALUE",
	.summary = "set a field: impact, cause, fix, product, severity, impact-start...",
	.help = "An empty VALUE clears a field.  A time is 'now', 21:48 (the latest\n"
		"21:48 not in the future: today's, or yesterday's when it is not\n"
		"21:48 yet), or a date and time: '2026-02-01 14:05' or 2026-02-01T14:05Z.\n"
		"Times are UTC unless the config sets a timezone; the time stored is\n"
		"printed back with its full date.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB,
	.args = { .words = "ID FIELD VALUE",
		  .need = "an incident id, a field and a value are needed" },
	.help_more = set_help_more,
	.exec = cmd_set_exec,
};
