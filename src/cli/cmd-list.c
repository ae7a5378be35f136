/*
 * cmd-list.c - list incidents, active ones or all.
 */
#include "calm/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"

/* Widest stage column: a long stage id is cut, marked. */
#define STAGE_COLS 24

/* One incident as listed: every column already made into text. */
struct list_row {
	char id[24], sev[8], when[48];
	char *stage, *title;
};

struct list_ctx {
	struct cli *cli;
	struct list_row *v;
	size_t n;
};

static int list_one(const struct incident *inc, void *ctx)
{
	struct list_ctx *lc = ctx;
	struct list_row *r;
	char stage[STAGE_COLS + 32];

	lc->v = xrealloc(lc->v, (lc->n + 1) * sizeof *lc->v);
	r = &lc->v[lc->n++];
	snprintf(r->id, sizeof r->id, "%lld", inc->id);
	snprintf(r->sev, sizeof r->sev, "%d", inc->severity);
	when_format(inc->declared_ms, WHEN_MINUTE, lc->cli->app.when_flags, r->when,
		    sizeof r->when);
	if (inc->closed)
		snprintf(stage, sizeof stage, "closed");
	else
		snprintf(stage, sizeof stage, "%d %s", inc->stage_index + 1,
			 inc->stage_id ? inc->stage_id : "?");
	r->stage = cli_clip(stage, STAGE_COLS);
	if (inc->damaged) { /* said first, by its id; the rest as read */
		struct buf t = BUF_INIT;

		buf_addf(&t, "[damaged: %s] %s", inc->damaged, inc->title ? inc->title : "");
		r->title = buf_detach(&t);
	} else {
		r->title = xstrdup(inc->title ? inc->title : "");
	}
	return 0;
}

/* Columns are as wide as their widest value (as ls -l), so they never run
 * into each other; on a terminal the title is cut at its right edge. */
static void list_print(struct list_ctx *lc)
{
	int wid = 2, wwhen = 8, wstage = 5, cols = cli_columns(lc->cli), used;

	for (size_t i = 0; i < lc->n; i++) {
		struct list_row *r = &lc->v[i];
		int w;

		wid = (int)strlen(r->id) > wid ? (int)strlen(r->id) : wid;
		text_fit(r->when, strlen(r->when), -1, &w);
		wwhen = w > wwhen ? w : wwhen;
		text_fit(r->stage, strlen(r->stage), -1, &w);
		wstage = w > wstage ? w : wstage;
	}
	used = wid + 2 + 3 + 2 + wwhen + 2 + wstage + 2;
	cli_printf("%*s  %s  %-*s  %-*s  %s\n", wid, "ID", "SEV", wwhen, "DECLARED",
		   wstage, "STAGE", "TITLE");
	for (size_t i = 0; i < lc->n; i++) {
		struct list_row *r = &lc->v[i];
		char *title = cols > used + 8 ? cli_clip(r->title, cols - used) : xstrdup(r->title);

		cli_printf("%*s  %3s  %-*s  %-*s  %s\n", wid, r->id, r->sev, wwhen, r->when,
			   wstage, r->stage, title);
		free(title);
	}
}

static void list_release(struct list_ctx *lc)
{
	for (size_t i = 0; i < lc->n; i++) {
		free(lc->v[i].stage);
		free(lc->v[i].title);
	}
	free(lc->v);
}

static enum calm_rc cmd_list_exec(struct cli *cli, const struct cli_args *a)
{
	bool all = cli_flag(a, "all"), json = cli_flag(a, "json");
	unsigned filter;
	enum calm_rc rc;

	if (cli_flag(a, "drills") && (rc = cli_use_drills(cli)) != CALM_OK)
		return rc;

	filter = all ? INCIDENT_ACTIVE | INCIDENT_CLOSED : INCIDENT_ACTIVE;
	if (json) {
		char *out = NULL;
		rc = app_incidents_json(&cli->app, filter, &out);
		if (rc == CALM_OK)
			cli_json(cli, out, "");
		free(out);
		return rc;
	}
	struct list_ctx lc = { cli, NULL, 0 };
	rc = app_incidents_page(&cli->app, filter, 0, 0, list_one, &lc, NULL);
	if (rc == CALM_OK && lc.n > 0)
		list_print(&lc);
	list_release(&lc);
	if (rc == CALM_OK && lc.n == 0 && cli->out_tty)
		cli_printf(all ? "no incidents\n" : "no active incidents (--all lists closed ones too)\n");
	return rc;
}

const struct cli_cmd cmd_list = {
	.name = "list",
	.alias = "ls",
	.usage = "list [--all] [--json] [--drills]",
	.summary = "list active incidents (all with --all)",
	.help = "Newest first.  --json prints one JSON array of incident summaries\n"
		"(id, title, severity, product, status, stage, stage_index, declared,\n"
		"events).  Drills are not listed: --drills lists the drill incidents\n"
		"instead (calm drill).\n",
	.flags = CLI_NEEDS_DB,
	.args = { .opts = "all json drills" },
	.exec = cmd_list_exec,
};
