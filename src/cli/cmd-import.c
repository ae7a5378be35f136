/*
 * cmd-import.c - a timeline written elsewhere (a CSV file, a Markdown
 * list, a Slack channel export) into an incident, whole or not at all.
 */
#include "calm/cli.h"

#include <string.h>

#include "calm/import.h"
#include "calm/when.h"

static enum calm_rc cmd_import_exec(struct cli *cli, const struct cli_args *a)
{
	const char *format = cli_opt(a, "format"), *date = cli_opt(a, "date");
	struct import_list l = { 0 };
	int fmt = -1;
	long long id, day_ms = 0, added = 0, skipped = 0;
	enum calm_rc rc;

	if (format && (fmt = app_import_format_parse(format)) < 0)
		return cli_usage(cli, &cmd_import, "unknown format '%.40s' (use csv, md or slack)",
				 format);
	if (date) {
		if (when_parse(date, WHEN_DATE, 0, &day_ms, NULL) != CALM_OK)
			return cli_usage(cli, &cmd_import, "--date needs YYYY-MM-DD");
	}
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK)
		rc = app_import_read(&cli->app, id, cli_word(a, "PATH"), fmt, day_ms, &l);
	if (rc == CALM_OK)
		rc = app_import(&cli->app, id, &l, &added, &skipped);
	if (rc == CALM_OK) {
		cli_printf("incident %lld: %lld entr%s imported", id, added, added == 1 ? "y" : "ies");
		if (skipped)
			cli_printf(", %lld already there", skipped);
		cli_printf("\n");
	}
	import_list_release(&l);
	return rc;
}
const struct cli_cmd cmd_import = {
	.name = "import",
	.alias = NULL,
	.usage = "import [ID] PATH [--format csv|md|slack] [--date YYYY-MM-DD]",
	.summary = "import a timeline: CSV, a Markdown list or a Slack channel export",
	.help = "Formats (guessed from PATH without --format: a folder is a Slack export,\n"
		"*.csv CSV, *.md, *.markdown and *.txt Markdown):\n"
		"  csv    the header time,author,text, then one row per entry; time in\n"
		"         RFC 3339 or YYYY-MM-DD HH:MM; fields quoted as RFC 4180 says.\n"
		"         calm export --format csv writes it.\n"
		"  md     a list of '- HH:MM text' lines in order, on --date (else the\n"
		"         incident's declared day); a time earlier than the line before\n"
		"         moves to the next day; indented lines continue an item; the\n"
		"         author is you.\n"
		"  slack  a Slack export's folder (with users.json, one channel) or one\n"
		"         channel's folder of YYYY-MM-DD.json day files.\n"
		"A time without a zone is in the config's timezone, else UTC.\n"
		"Every entry comes in as a backfilled note at its own time, by its own\n"
		"author, masked for secrets, in one transaction.  An entry the incident\n"
		"already has (same time, author and bytes) is skipped, so importing the\n"
		"same file twice adds nothing.  Bad input: one error naming file:line,\n"
		"and nothing is imported (exit 65).\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "format= date=", .words = "[ID] PATH",
		  .need = "a file or folder to import is needed" },
	.exec = cmd_import_exec,
};
