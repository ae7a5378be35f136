/*
 * cmd-show.c - one incident: stage, gate, checklist, fields, timeline.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/text.h"

/* Checklist rows, grouped by stage. */
struct show_ctx {
	char stage[128];
};

static int show_check(const struct check_row *row, void *ctx)
{
	struct show_ctx *sc = ctx;

	if (strcmp(sc->stage, row->stage_id) != 0) {
		snprintf(sc->stage, sizeof sc->stage, "%s", row->stage_id);
		printf("  ");
		cli_put(stdout, row->stage_id, 0);
		printf(":\n");
	}
	printf("    [%c] ", row->checked ? 'x' : ' ');
	cli_put(stdout, row->id, 0);
	printf(": ");
	cli_put(stdout, row->text, TEXT_TAB_SPACE);
	printf("%s\n", row->required ? "" : " (optional)");
	return 0;
}

static int show_field(const char *name, const char *value, void *ctx)
{
	(void)ctx;
	printf("  %-13s ", name);
	cli_put(stdout, value, TEXT_TAB_SPACE);
	printf("\n");
	return 0;
}

/* A multi-line text, continuation lines indented under the first. */
static void put_indented(const char *s, int indent)
{
	const char *nl;

	while ((nl = strchr(s, '\n'))) {
		char *line = strndup(s, (size_t)(nl - s));
		if (line) {
			cli_put(stdout, line, TEXT_TAB_SPACE);
			free(line);
		}
		printf("\n%*s", indent, "");
		s = nl + 1;
	}
	cli_put(stdout, s, TEXT_TAB_SPACE);
}

static int show_event(const struct event *ev, void *ctx)
{
	char when[32];

	(void)ctx;
	cli_time(ev->ts_ms, when, sizeof when);
	printf("  %s  ", when);
	cli_put(stdout, ev->author, 0);
	printf("  [%s] ", ev->kind);
	put_indented(ev->text, 6);
	printf("\n");
	return 0;
}

static enum calm_rc cmd_show_exec(struct cli *cli, int argc, char **argv)
{
	bool json = false, help;
	const struct cli_opt opts[] = {
		{ "json", NULL, &json },
		{ NULL, NULL, NULL },
	};
	struct incident inc;
	struct gate_report gate;
	struct show_ctx sc = { "" };
	char *pos[1], when[32];
	int npos;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_show, argc, argv, opts, pos, 1, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	rc = app_resolve(&cli->app, npos ? pos[0] : NULL, &id);
	if (rc != CALM_OK)
		return rc;
	if (json) {
		char *out = NULL;
		rc = store_incident_json(cli->st, id, &out, &cli->err);
		if (rc == CALM_OK)
			printf("%s\n", out);
		free(out);
		return rc;
	}
	rc = store_incident_get(cli->st, id, &inc, &cli->err);
	if (rc != CALM_OK)
		return rc;
	printf("incident %lld: ", inc.id);
	cli_put(stdout, inc.title, TEXT_TAB_SPACE);
	cli_time(inc.declared_ms, when, sizeof when);
	printf("\nseverity %d, %s, declared %s by ", inc.severity,
	       inc.closed ? "closed" : "active", when);
	cli_put(stdout, inc.declared_by, 0);
	int stage = playbook_stage_index(cli->pb, inc.stage_id);
	if (inc.closed) {
		cli_time(inc.closed_ms, when, sizeof when);
		printf("\nclosed %s\n", when);
	} else if (stage >= 0) {
		printf("\nstage %d/%zu ", stage + 1, cli->pb->nstages);
		cli_put(stdout, cli->pb->stages[stage].title, 0);
		printf(" (%s)\n", cli->pb->stages[stage].id);
	} else {
		printf("\nstage ");
		cli_put(stdout, inc.stage_id, 0);
		printf(" (not in this playbook)\n");
	}
	if (!inc.closed && stage >= 0) {
		rc = app_gate(&cli->app, id, &gate);
		if (rc == CALM_OK) {
			printf("\ngate (%zu of %zu met):\n", gate.n - gate.nunmet, gate.n);
			for (size_t i = 0; i < gate.n; i++)
				printf("  [%c] %s\n", gate.status[i].met ? 'x' : ' ',
				       gate.status[i].text);
			gate_report_release(&gate);
		}
	}
	if (rc == CALM_OK) {
		printf("\nfields:\n");
		rc = store_fields_each(cli->st, id, show_field, NULL, &cli->err);
	}
	if (rc == CALM_OK) {
		printf("\nchecklist:\n");
		rc = store_checklist_each(cli->st, id, NULL, show_check, &sc,
					  &cli->err);
	}
	if (rc == CALM_OK) {
		printf("\ntimeline:\n");
		long long after = 0, last = 0;
		do {
			rc = store_events_page(cli->st, id, after, true, 500,
					       show_event, NULL, &last, &cli->err);
			after = last;
		} while (rc == CALM_OK && last != 0);
	}
	incident_release(&inc);
	return rc;
}

const struct cli_cmd cmd_show = {
	.name = "show",
	.alias = NULL,
	.usage = "show [ID] [--json]",
	.summary = "show an incident: stage, gate, fields, checklist, timeline",
	.help = "ID may be left out when exactly one incident is active.  Text from\n"
		"the database is shown inert: control characters as ^X, invisible and\n"
		"bidi characters as <U+XXXX>.  --json prints one object (id, title,\n"
		"severity, product, status, stage, stage_index, declared, closed,\n"
		"checklist, fields, events) with the exact text.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.exec = cmd_show_exec,
};
