/*
 * cmd-show.c - one incident: stage, gate, checklist, fields, timeline.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/replay.h"
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
		cli_printf("  ");
		cli_put(stdout, row->stage_id, 0);
		cli_printf(":\n");
	}
	cli_printf("    [%c] ", row->checked ? 'x' : ' ');
	cli_put(stdout, row->id, 0);
	cli_printf(": ");
	cli_put(stdout, row->text, TEXT_TAB_SPACE);
	cli_printf("%s\n", row->required ? "" : " (optional)");
	return 0;
}

static int show_field(const char *name, const char *value, void *ctx)
{
	(void)ctx;
	cli_printf("  %-13s ", name);
	cli_put(stdout, value, TEXT_TAB_SPACE);
	cli_printf("\n");
	return 0;
}

/*
 * Untrusted bytes s[0..len), inert, continuation lines indented under
 * the first; a final line break is not shown, nor a CR just before a
 * line break (CR LF output reads as lines).
 */
static void put_indented(const char *s, size_t len, int indent)
{
	struct buf b = BUF_INIT;
	size_t start = 0;

	if (len && s[len - 1] == '\n')
		len--;
	if (len && s[len - 1] == '\r')
		len--;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		size_t end = i > start && s[i - 1] == '\r' && i < len ? i - 1 : i;
		buf_reset(&b);
		text_sanitize(&b, s + start, end - start, TEXT_TAB_SPACE);
		cli_printf("%s", buf_cstr(&b));
		if (i < len)
			cli_printf("\n%*s", indent, "");
		start = i + 1;
	}
	buf_release(&b);
}

/* An event's own bytes: exact when they are not its text. */
static void put_event_text(const char *text, const char *raw, size_t raw_len, int indent)
{
	if (raw)
		put_indented(raw, raw_len, indent);
	else
		put_indented(text, strlen(text), indent);
}

/* The versions before the newest of an amended event, oldest first. */
struct history {
	const struct cli *cli;
	int left;                 /* amendments still to list before the newest */
};

static int show_version(const struct event *c, void *ctx)
{
	struct history *h = ctx;
	char when[32];

	if (strcmp(c->kind, "amend") != 0 || h->left-- <= 0)
		return 0;
	cli_time(h->cli, c->ts_ms, when, sizeof when);
	cli_printf("        then (#%lld, %s, %s): ", c->id, when, c->author);
	put_event_text(c->text, c->raw, c->raw_len, 10);
	cli_printf("\n");
	return 0;
}

static int show_event(const struct event *ev, void *ctx)
{
	struct cli *cli = ctx;
	char when[32], size[32];

	cli_time(cli, ev->occurred_ms, when, sizeof when);
	cli_printf("  #%lld  %s  %s  ", ev->id, when, ev->author);
	if (ev->damaged) /* shown as read, said to be damaged, by its id */
		cli_printf("[damaged: event %lld: %s] ", ev->id, ev->damaged);
	else
		cli_printf("[%s] ", ev->kind);
	if (ev->backfilled) {
		cli_time(cli, ev->ts_ms, when, sizeof when);
		cli_printf("(backfilled, written %s) ", when);
	}
	if (ev->ref)
		cli_printf("event %lld: ", ev->ref);
	if (ev->struck)
		cli_printf("(struck out: %s) ", ev->struck);
	if (ev->amendments) {
		struct history h = { cli, ev->amendments - 1 };

		cli_printf("(amended) ");
		put_event_text(ev->amended, ev->amended_raw, ev->amended_raw_len, 6);
		cli_printf("\n        was: ");
		put_event_text(ev->text, ev->raw, ev->raw_len, 10);
		cli_printf("\n");
		app_corrections_each(&cli->app, ev->incident, ev->id, show_version, &h);
		return 0;
	}
	put_event_text(ev->text, ev->raw, ev->raw_len, 6);
	if (ev->text_len > strlen(ev->text))
		cli_printf("\n      [... cut: %s in all; 'calm show %lld --json' has it whole]",
			   text_size(ev->text_len, size, sizeof size), ev->incident);
	cli_printf("\n");
	return 0;
}

/* Standard output, a piece at a time. */
static enum calm_rc to_stdout(const char *s, size_t n, void *ctx)
{
	cli_write_data(ctx, s, n);
	return CALM_OK;
}

static int show_role(const char *role, const char *person, long long since,
		     void *ctx)
{
	const struct playbook *pb = ctx;
	const struct role_def *r = playbook_find_role(pb, role);

	(void)since;
	cli_printf("  %-22s ", r ? r->title : role);
	cli_put(stdout, person, 0);
	cli_printf("\n");
	return 0;
}

/* The incident as it was just after event `at` (time travel). */
static enum calm_rc show_at(struct cli *cli, long long id, const char *at_s,
			    bool json)
{
	struct replay_state s;
	char *end, when[32];
	long long at = strtoll(at_s, &end, 10);
	enum calm_rc rc;

	if (*end || end == at_s || at <= 0)
		return cli_usage(cli, &cmd_show, "--at needs an event id (see the timeline)");
	rc = app_replay(&cli->app, id, at, &s);
	if (rc != CALM_OK)
		return rc;
	if (json) {
		char *out = app_replay_json(id, &s);
		cli_json(cli, out, "");
		free(out);
		replay_release(&s);
		return CALM_OK;
	}
	cli_time(cli, s.ts_ms, when, sizeof when);
	cli_printf("incident %lld as of event %lld (%s): ", id, at, when);
	cli_put(stdout, s.title ? s.title : "", TEXT_TAB_SPACE);
	int stage = playbook_stage_index(cli->pb, s.stage);
	cli_printf("\nseverity %d, %s, stage ", s.severity, s.closed ? "closed" : "active");
	if (stage >= 0) {
		cli_printf("%d/%zu ", stage + 1, cli->pb->nstages);
		cli_put(stdout, cli->pb->stages[stage].title, 0);
	} else {
		cli_put(stdout, s.stage ? s.stage : "?", 0);
	}
	cli_printf("\nnotes %lld, overrides %lld, exports %lld\n", s.notes, s.overrides,
	       s.exports);
	if (s.damaged)
		cli_printf("damaged events skipped: %lld (the first: event %lld)\n", s.damaged,
			   s.first_damaged);
	cli_printf("\nfields:\n");
	for (size_t i = 0; i < s.nfields; i++)
		show_field(s.fields[i].name, s.fields[i].value, NULL);
	cli_printf("\nticked:\n");
	for (size_t i = 0; i < s.nticks; i++) {
		if (s.ticks[i].checked) {
			cli_printf("  [x] ");
			cli_put(stdout, s.ticks[i].item, 0);
			cli_printf("\n");
		}
	}
	cli_printf("\ndrafts:\n");
	for (int a = 0; a < AUD_COUNT; a++) {
		if (!s.drafts[a].revision)
			continue;
		cli_printf("  %-11s rev %d", audience_name(a), s.drafts[a].revision);
		if (s.drafts[a].sent_revision)
			cli_printf(", rev %d sent", s.drafts[a].sent_revision);
		cli_printf("\n");
	}
	cli_printf("\nfix attempts:\n");
	for (size_t i = 0; i < s.nfixes; i++) {
		cli_printf("  %lld. ", s.fixes[i].n);
		cli_put(stdout, s.fixes[i].what ? s.fixes[i].what : "", TEXT_TAB_SPACE);
		cli_printf(" [%s]\n", s.fixes[i].outcome ? s.fixes[i].outcome : "no outcome yet");
	}
	cli_printf("\naction items:\n");
	for (size_t i = 0; i < s.nactions; i++) {
		cli_printf("  %lld. ", s.actions[i].n);
		cli_put(stdout, s.actions[i].title ? s.actions[i].title : "", TEXT_TAB_SPACE);
		cli_printf(" [%s]\n", s.actions[i].status);
	}
	cli_printf("\nroles:\n");
	for (size_t i = 0; i < s.nroles; i++)
		show_role(s.roles[i].role, s.roles[i].person, 0, cli->pb);
	replay_release(&s);
	return CALM_OK;
}

static enum calm_rc cmd_show_exec(struct cli *cli, const struct cli_args *a)
{
	bool json = cli_flag(a, "json");
	const char *at = cli_opt(a, "at");
	struct incident inc;
	struct gate_report gate;
	struct show_ctx sc = { "" };
	char when[32], *copy_of = NULL;
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc != CALM_OK)
		return rc;
	if (at)
		return show_at(cli, id, at, json);
	if (json) { /* a page of events at a time, as it is read */
		rc = app_incident_json_write(&cli->app, id, to_stdout, cli);
		if (rc == CALM_OK)
			cli_json(cli, "", "");
		return rc;
	}
	rc = app_incident(&cli->app, id, &inc);
	if (rc != CALM_OK)
		return rc;
	cli_saw(cli, id, inc.stage_id);
	cli_printf("incident %lld: ", inc.id);
	cli_put(stdout, inc.title, TEXT_TAB_SPACE);
	if (inc.damaged)
		cli_printf("\ndamaged: incident %lld: %s (shown as read)", inc.id, inc.damaged);
	cli_time(cli, inc.declared_ms, when, sizeof when);
	cli_printf("\nseverity %d, %s, declared %s by ", inc.severity,
	       inc.closed ? "closed" : "active", when);
	cli_put(stdout, inc.declared_by, 0);
	if (inc.copy && app_copy_of(&cli->app, id, &copy_of) == CALM_OK && copy_of) {
		cli_printf("\nread-only copy of ");
		cli_put(stdout, copy_of, 0);
		cli_printf(" (calm pull): change it where it lives");
	}
	free(copy_of);
	int stage = playbook_stage_index(cli->pb, inc.stage_id);
	if (inc.closed) {
		cli_time(cli, inc.closed_ms, when, sizeof when);
		cli_printf("\nclosed %s\n", when);
	} else if (stage >= 0) {
		cli_printf("\nstage %d/%zu ", stage + 1, cli->pb->nstages);
		cli_put(stdout, cli->pb->stages[stage].title, 0);
		cli_printf(" (%s)\n", cli->pb->stages[stage].id);
	} else {
		cli_printf("\nstage ");
		cli_put(stdout, inc.stage_id, 0);
		cli_printf(" (not in this playbook)\n");
	}
	if (!inc.closed && stage >= 0) {
		rc = app_gate(&cli->app, id, &gate);
		if (rc == CALM_OK) {
			cli_printf("\ngate (%zu of %zu met):\n", gate.n - gate.nunmet, gate.n);
			for (size_t i = 0; i < gate.n; i++)
				cli_printf("  [%c] %s\n", gate.status[i].met ? 'x' : ' ',
				       gate.status[i].text);
			gate_report_release(&gate);
		}
	}
	if (rc == CALM_OK) {
		cli_printf("\nfields:\n");
		rc = app_fields_each(&cli->app, id, show_field, NULL);
	}
	if (rc == CALM_OK) {
		cli_printf("\nroles:\n");
		rc = app_roles_each(&cli->app, id, show_role, cli->pb);
	}
	if (rc == CALM_OK) {
		cli_printf("\nchecklist:\n");
		rc = app_checklist_each(&cli->app, id, NULL, show_check, &sc);
	}
	if (rc == CALM_OK) {
		cli_printf("\ntimeline:\n");
		long long after = 0, last = 0;
		do {
			rc = app_timeline_page(&cli->app, id, after, true, 500, 0,
					       show_event, cli, &last);
			after = last;
		} while (rc == CALM_OK && last != 0);
	}
	incident_release(&inc);
	return rc;
}

const struct cli_cmd cmd_show = {
	.name = "show",
	.alias = NULL,
	.usage = "show [ID] [--json] [--at EVENT]",
	.summary = "show an incident: stage, gate, fields, checklist, timeline",
	.help = "ID may be left out when exactly one incident is active.  Text from\n"
		"the database is shown inert: control characters as ^X, invisible and\n"
		"bidi characters as <U+XXXX>, bytes that are not UTF-8 as <XX>.  The\n"
		"timeline lists '#EVENT TIME AUTHOR [kind] text' in the order things\n"
		"happened; a backfilled entry says when it was written, an amended one\n"
		"shows its newest text and the versions before it, a struck one why.\n"
		"--json prints one object (id, uuid, title, severity, product, status,\n"
		"stage, stage_index, declared, closed, checklist, fields, roles, events\n"
		"[{id, ts (written), occurred, backfilled, author, kind, text, data}]) in\n"
		"the same order; text is a valid string (U+FFFD for bytes that are not\n"
		"UTF-8, and for NUL) and text_b64 holds the exact bytes when they differ;\n"
		"a corrected entry has amended_by and struck_by (event ids).  --at EVENT\n"
		"shows the incident as it was just after that event, rebuilt from the\n"
		"timeline in the order written: stage, ticks, fields, drafts, fix\n"
		"attempts, action items, roles (with --json: incident, at, ts, title,\n"
		"severity, stage, begun, status, closed, notes, overrides, exports,\n"
		"checked, fields, drafts, fixes, actions, roles).\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK | CLI_READONLY_OK,
	.args = { .opts = "json at=", .words = "[ID]" },
	.exec = cmd_show_exec,
};
