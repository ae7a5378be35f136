/*
 * cmd-stats.c - numbers across incidents.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/jsonw.h"

struct overdue_out {
	bool json;
	size_t n;
	struct buf *js;
};

static int overdue_row(const struct overdue_row *r, void *ctx)
{
	struct overdue_out *o = ctx;

	if (o->json) {
		buf_addf(o->js, "%s{\"incident\":%lld,\"n\":%lld,\"title\":",
			 o->n ? "," : "", r->incident, r->n);
		jsonw_str(o->js, r->title);
		buf_adds(o->js, ",\"owner\":");
		jsonw_str(o->js, r->owner);
		buf_adds(o->js, ",\"due\":");
		jsonw_str(o->js, r->due);
		buf_addc(o->js, '}');
	} else {
		cli_printf("  incident %lld item %lld, due ", r->incident, r->n);
		cli_put(stdout, r->due, 0);
		cli_printf(": ");
		cli_put(stdout, r->title, 0);
		if (r->owner) {
			cli_printf(" (");
			cli_put(stdout, r->owner, 0);
			cli_printf(")");
		}
		cli_printf("\n");
	}
	o->n++;
	return 0;
}

static void put_hours(long long ms)
{
	cli_printf("%lldh %02lldm", ms / 3600000, ms / 60000 % 60);
}

static enum calm_rc cmd_stats_exec(struct cli *cli, int argc, char **argv)
{
	bool json = false, help;
	const struct cli_opt opts[] = {
		{ "json", NULL, &json },
		{ NULL, NULL, NULL },
	};
	struct store_stats s;
	struct buf js = BUF_INIT;
	struct overdue_out o = { .js = &js };
	char today[11];
	int npos;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_stats, argc, argv, opts, NULL, 0, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	rc = app_stats(&cli->app, &s, today);
	if (rc != CALM_OK)
		return rc;
	o.json = json;
	if (json) {
		buf_addf(&js, "{\"incidents\":%lld,\"active\":%lld,\"closed\":%lld,"
			 "\"by_severity\":{\"1\":%lld,\"2\":%lld,\"3\":%lld,\"4\":%lld},"
			 "\"median_resolve_s\":", s.active + s.closed, s.active, s.closed,
			 s.by_severity[1], s.by_severity[2], s.by_severity[3],
			 s.by_severity[4]);
		if (s.resolved)
			buf_addf(&js, "%lld", s.median_resolve_ms / 1000);
		else
			buf_adds(&js, "null");
		buf_addf(&js, ",\"today\":\"%s\",\"overdue_actions\":[", today);
	} else {
		cli_printf("incidents: %lld (%lld active, %lld closed)\n", s.active + s.closed,
		       s.active, s.closed);
		cli_printf("by severity: 1: %lld, 2: %lld, 3: %lld, 4: %lld\n",
		       s.by_severity[1], s.by_severity[2], s.by_severity[3],
		       s.by_severity[4]);
		cli_printf("median time to resolve (declared to closed): ");
		if (s.resolved)
			put_hours(s.median_resolve_ms);
		else
			cli_printf("none closed yet");
		cli_printf("\naction items open past their due date (%s): %lld\n", today,
		       s.overdue_actions);
	}
	rc = store_overdue_each(cli->st, today, overdue_row, &o, &cli->err);
	if (rc == CALM_OK && json)
		cli_json(cli, buf_cstr(&js), "]}");
	buf_release(&js);
	return rc;
}

const struct cli_cmd cmd_stats = {
	.name = "stats",
	.alias = NULL,
	.usage = "stats [--json]",
	.summary = "across incidents: counts by severity, median time to resolve, overdue actions",
	.help = "Counts incidents by severity and status, the median time from\n"
		"declaration to close over closed incidents, and lists open action items\n"
		"whose due date (UTC) has passed.  --json prints {incidents, active,\n"
		"closed, by_severity, median_resolve_s, today, overdue_actions [{incident,\n"
		"n, title, owner, due}]}.\n",
	.flags = CLI_NEEDS_DB | CLI_READONLY_OK,
	.exec = cmd_stats_exec,
};
