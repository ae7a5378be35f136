/*
 * cmd-review.c - a past incident, read-only: on a terminal the console
 * with every mutating key refused, then its summary.
 *
 * The database is opened read-only (CLI_READONLY: STORE_READONLY, an
 * immutable snapshot or a private copy, store/file.c), so review works
 * on a 0444 file, a read-only mount or directory, and cannot change a
 * byte of the file nor leave a -wal or -shm beside it.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/duration.h"
#include "calm/text.h"

/* "2h 05m", "3m 20s", "45s" (duration.h); "unknown" before the start. */
static void put_duration(long long ms)
{
	char d[DURATION_MAX];

	cli_printf("%s", ms < 0 ? "unknown" : duration_format(ms, 0, d, sizeof d));
}

static const char *role_title(const struct playbook *pb, const char *id)
{
	const struct role_def *r = playbook_find_role(pb, id);
	return r ? r->title : id;
}

static void print_summary(struct cli *cli, const struct app_summary *s)
{
	char when[32];

	cli_printf("incident %lld: ", s->id);
	cli_put(stdout, s->title, TEXT_TAB_SPACE);
	if (s->incident_damaged)
		cli_printf("\ndamaged: incident %lld: %s (shown as read)", s->id,
			   s->incident_damaged);
	cli_time(cli, s->declared_ms, when, sizeof when);
	cli_printf("\nseverity %d, %s, declared %s", s->severity,
	       s->closed ? "closed" : "active", when);
	if (s->closed) {
		cli_time(cli, s->closed_ms, when, sizeof when);
		cli_printf(", closed %s (after ", when);
		put_duration(s->closed_ms - s->declared_ms);
		cli_printf(")");
	}
	cli_printf("\n\ntime to each stage:\n");
	for (size_t i = 0; i < s->nstages; i++) {
		int at = playbook_stage_index(cli->pb, s->stages[i].stage);
		cli_printf("  ");
		cli_put(stdout, at >= 0 ? cli->pb->stages[at].title : s->stages[i].stage, 0);
		cli_printf("  +");
		put_duration(s->stages[i].entered_ms - s->declared_ms);
		cli_printf("\n");
	}
	cli_printf("\nfirst update sent:\n");
	for (int a = 0; a < AUD_COUNT; a++) {
		cli_printf("  %-11s ", audience_name(a));
		if (s->first_update_ms[a]) {
			cli_printf("+");
			put_duration(s->first_update_ms[a] - s->declared_ms);
		} else {
			cli_printf("none");
		}
		cli_printf("  (%lld sent)\n", s->updates_sent[a]);
	}
	cli_printf("\ndowntime: ");
	if (s->downtime_ms >= 0)
		put_duration(s->downtime_ms);
	else
		cli_printf("unknown (set impact-start and resolved-at)");
	cli_printf("\n\npeople:\n");
	for (size_t i = 0; i < s->npeople; i++) {
		cli_printf("  ");
		cli_put(stdout, s->people[i].name, 0);
		cli_printf(" (%lld events)", s->people[i].events);
		for (size_t r = 0; s->people[i].roles[r]; r++) {
			cli_printf("%s", r ? ", " : ": ");
			cli_put(stdout, role_title(cli->pb, s->people[i].roles[r]), 0);
		}
		cli_printf("\n");
	}
	cli_printf("\noverrides: %lld\n", s->overrides);
	for (size_t i = 0; s->override_reasons[i]; i++) {
		cli_printf("  ");
		cli_put(stdout, s->override_reasons[i], TEXT_TAB_SPACE);
		cli_printf("\n");
	}
	cli_printf("\nnotes %lld, fix attempts %lld, action items %lld, events %lld\n",
	       s->notes, s->fixes, s->actions, s->events);
	if (s->damaged)
		cli_printf("damaged events skipped: %lld (the first: event %lld)\n", s->damaged,
			   s->first_damaged);
}

/*
 * The summary, printed; on a terminal after the console, not before it:
 * what is printed before the console is hidden by it anyway.  Printed
 * after, it stays on the terminal the console gives back, beside the
 * next prompt.  (The summary reads the incident's state events and
 * indexes, not its every event: app_summary.)
 */
static enum calm_rc cmd_review_exec(struct cli *cli, const struct cli_args *a)
{
	bool json = cli_flag(a, "json");
	bool console = !json && cli->in_tty && cli->out_tty;
	struct app_summary sum;
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK && console) {
		rc = cli_console(cli, id);
		fflush(stdout);
	}
	if (rc == CALM_OK)
		rc = app_summary(&cli->app, id, &sum);
	if (rc != CALM_OK)
		return rc;
	if (json) {
		char *out = app_summary_json(&sum);
		cli_json(cli, out, "");
		free(out);
	} else {
		print_summary(cli, &sum);
	}
	app_summary_release(&sum);
	return CALM_OK;
}

const struct cli_cmd cmd_review = {
	.name = "review",
	.alias = NULL,
	.usage = "review ID [--json]",
	.summary = "a past incident, read-only: the console on a terminal, then a summary",
	.help = "Reads the database without writing anything beside it, so it works\n"
		"on a read-only file, mount or directory and never changes a byte.  On a\n"
		"terminal the console opens read-only first.  Then prints the summary:\n"
		"time to each stage, to the first internal and external update,\n"
		"downtime (impact-start to resolved-at), who took part and in which\n"
		"roles, updates sent, gates overridden and why.  --json prints the\n"
		"summary as one object, without the console.\n"
		"Nothing is written beside the database: with no -wal it is read as an\n"
		"immutable snapshot; with one, the file and its -wal are copied into a\n"
		"private directory under $TMPDIR and the copy is read, then removed.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK | CLI_READONLY,
	.args = { .opts = "json", .words = "ID", .need = "an incident id is needed" },
	.exec = cmd_review_exec,
};
