/*
 * cmd-stats.c - numbers across incidents.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "calm/buf.h"
#include "calm/duration.h"
#include "calm/jsonw.h"
#include "calm/milestone.h"

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

/* "40m", "2h 00m", "2d 02h 00m" (duration.h). */
static void put_hours(long long ms)
{
	char d[DURATION_MAX];

	cli_printf("%s", duration_format(ms, DURATION_MINUTES, d, sizeof d));
}

/* Each measure by month: a sparkline over the months, then one bar per
 * month with its median and how many incidents it is over. */
static void put_months(const struct app_stats *as, const char *const what[3])
{
	bool utf8 = chart_utf8();
	long long *v = xcalloc(as->nmonths + 1, sizeof *v);

	if (as->nmonths == 0)
		goto out;
	cli_printf("\nby month (medians; the month the impact began, UTC):\n");
	for (int k = 0; k < 3; k++) {
		struct buf b = BUF_INIT;
		long long max = 0, known = 0;
		for (size_t i = 0; i < as->nmonths; i++) {
			v[i] = as->months[i].median_ms[k];
			if (v[i] > max)
				max = v[i];
			known += as->months[i].known[k];
		}
		chart_sparkline(&b, v, as->nmonths, utf8);
		cli_printf("time to %-8s %s  %s .. %s\n", what[k], buf_cstr(&b),
			   as->months[0].month, as->months[as->nmonths - 1].month);
		buf_release(&b);
		if (!known)
			continue;
		for (size_t i = 0; i < as->nmonths; i++) {
			struct buf bar = BUF_INIT;
			chart_bar(&bar, v[i], max, 30, utf8);
			cli_printf("  %s %s ", as->months[i].month, buf_cstr(&bar));
			if (v[i] >= 0) {
				put_hours(v[i]);
				cli_printf(" (%lld)", as->months[i].known[k]);
			} else {
				cli_printf("-");
			}
			cli_printf("\n");
			buf_release(&bar);
		}
	}
out:
	free(v);
}

static enum calm_rc cmd_stats_exec(struct cli *cli, const struct cli_args *a)
{
	bool json = cli_flag(a, "json");
	struct app_stats as;
	const struct incident_stats *s = &as.s;
	static const char *const what[3] = { "detect", "mitigate", "resolve" };
	struct buf js = BUF_INIT;
	struct overdue_out o = { .js = &js };
	char today[ACTION_DAY_LEN + 1];
	enum calm_rc rc;

	if (cli_flag(a, "drills") && (rc = cli_use_drills(cli)) != CALM_OK)
		return rc;

	rc = app_stats(&cli->app, &as, today);
	if (rc != CALM_OK)
		return rc;
	o.json = json;
	if (json) {
		buf_addf(&js, "{\"incidents\":%lld,\"active\":%lld,\"closed\":%lld,"
			 "\"by_severity\":{\"1\":%lld,\"2\":%lld,\"3\":%lld,\"4\":%lld}",
			 s->active + s->closed, s->active, s->closed, s->by_severity[1],
			 s->by_severity[2], s->by_severity[3], s->by_severity[4]);
		for (int k = 0; k < 3; k++) {
			buf_addf(&js, ",\"median_%s_s\":", what[k]);
			if (as.median_ms[k] >= 0)
				buf_addf(&js, "%lld", as.median_ms[k] / 1000);
			else
				buf_adds(&js, "null");
			buf_addf(&js, ",\"%s_known\":%lld", what[k], as.known[k]);
		}
		buf_addf(&js, ",\"today\":\"%s\",\"overdue_actions\":[", today);
	} else {
		cli_printf("incidents: %lld (%lld active, %lld closed)\n", s->active + s->closed,
		           s->active, s->closed);
		cli_printf("by severity: 1: %lld, 2: %lld, 3: %lld, 4: %lld\n",
		           s->by_severity[1], s->by_severity[2], s->by_severity[3],
		           s->by_severity[4]);
		for (int k = 0; k < 3; k++) {
			cli_printf("median time to %s: ", what[k]);
			if (as.median_ms[k] >= 0) {
				put_hours(as.median_ms[k]);
				cli_printf(" (%lld incident%s)", as.known[k], as.known[k] == 1 ? "" : "s");
			} else {
				cli_printf("unknown (no incident has the milestones)");
			}
			cli_printf("\n");
		}
		put_months(&as, what);
		cli_printf("action items open past their due date (%s): %lld\n", today,
		           s->overdue_actions);
	}
	rc = app_overdue_each(&cli->app, today, overdue_row, &o);
	app_stats_release(&as);
	if (rc == CALM_OK && json)
		cli_json(cli, buf_cstr(&js), "]}");
	buf_release(&js);
	return rc;
}

const struct cli_cmd cmd_stats = {
	.name = "stats",
	.alias = NULL,
	.usage = "stats [--json] [--drills]",
	.summary = "across incidents: counts, times to detect, mitigate, resolve by month (charts), overdue actions",
	.help = "Counts incidents by severity and status, gives the median times to\n"
		"detect, mitigate and resolve, and lists open action items whose due date\n"
		"(UTC) has passed.  The milestones are set with 'calm mark' (or the\n"
		"fields detected-at, impact-start, mitigated-at, resolved-at).  Each\n"
		"measure is also drawn by month (the UTC month the impact began): a\n"
		"sparkline over the months, then a bar per month with its median and\n"
		"the number of incidents (block characters on a UTF-8 terminal, else\n"
		"ASCII).\n"
		"\n" MILESTONE_RULE "\n"
		"--json prints {incidents, active, closed, by_severity, median_detect_s,\n"
		"detect_known, median_mitigate_s, mitigate_known, median_resolve_s,\n"
		"resolve_known (medians null when unknown), today, overdue_actions\n"
		"[{incident, n, title, owner, due}]}.  Drills never count: --drills\n"
		"counts the drills instead (calm drill).\n",
	.flags = CLI_NEEDS_DB | CLI_READONLY_OK,
	.args = { .opts = "json drills" },
	.exec = cmd_stats_exec,
};
