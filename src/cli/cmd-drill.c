/*
 * cmd-drill.c - drills: start one from a past incident or a scenario
 * file and open the console on it; list, report, abandon and delete them.
 *
 * Drills live in a database of their own, $XDG_DATA_HOME/calm/drills.db
 * (else ~/.local/share/calm/drills.db), whatever --db says: the team's
 * database is only ever opened read-only here, to read the incident a
 * drill replays, so nothing a drill does reaches it.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/app-drill.h"
#include "calm/buf.h"
#include "calm/jsonw.h"
#include "calm/text.h"
#include "calm/when.h"

/* Open the drill database into cli->app (flags: app-drill.h's). */
static enum calm_rc open_drills(struct cli *cli, unsigned flags)
{
	char *path = NULL;
	enum calm_rc rc = cli_drill_db(cli, &path);

	if (rc == CALM_OK)
		rc = app_drill_open(&cli->app, path, flags);
	free(path);
	return rc;
}

enum calm_rc cli_use_drills(struct cli *cli)
{
	app_close(&cli->app);
	return open_drills(cli, APP_DRILL_CREATE);
}

/* A drill id: a positive decimal. */
static enum calm_rc drill_id(struct cli *cli, const char *s, long long *id)
{
	if (!cli_number(s, id))
		return calm_err_set(&cli->err, CALM_USAGE, "'%.40s' is not a drill id", s);
	return CALM_OK;
}

/* The score's view of the config for drill d. */
static void score_cfg(struct cli *cli, int severity, struct app_drill_cfg *cfg,
		      const char *people[CONFIG_PEOPLE_MAX + 1])
{
	config_people(&cli->config, cli->names, people);
	for (int a = 0; a < AUD_COUNT; a++)
		cfg->cadence[a] = config_cadence(&cli->config, a, severity);
	cfg->names = people;
}

static enum calm_rc drill_score_of(struct cli *cli, const struct app_drill *d,
				   struct drill_report *r)
{
	const char *people[CONFIG_PEOPLE_MAX + 1];
	struct app_drill_cfg cfg;

	score_cfg(cli, d->severity, &cfg, people);
	return app_drill_score(&cli->app, d->id, &cfg, r);
}

/* ---- --list ---- */

struct list_ctx {
	struct cli *cli;
	bool json;
	struct buf out;
	size_t n;
	enum calm_rc rc;
};

static int list_one(const struct app_drill *d, void *ctx)
{
	struct list_ctx *l = ctx;
	struct drill_report r;
	char when[48], dur[32];

	l->rc = drill_score_of(l->cli, d, &r);
	if (l->rc != CALM_OK)
		return 1;
	if (l->json) {
		buf_adds(&l->out, l->n ? ",\n" : "[");
		buf_addf(&l->out, "{\"id\":%lld,\"title\":", d->id);
		jsonw_str(&l->out, d->title);
		buf_adds(&l->out, ",\"source\":");
		jsonw_str(&l->out, d->source);
		buf_adds(&l->out, ",\"trainee\":");
		jsonw_str(&l->out, d->trainee);
		buf_adds(&l->out, ",\"status\":");
		jsonw_str(&l->out, d->status);
		buf_addf(&l->out, ",\"speed\":%d,\"started\":", d->speed);
		jsonw_time(&l->out, d->started_ms);
		buf_addf(&l->out, ",\"drill_ms\":%lld,\"delivered\":%zu,\"observations\":%zu,"
			 "\"met\":%d,\"of\":%d}", d->drill_ms, d->delivered, d->observations,
			 r.met, SCORE_ITEM_COUNT);
	} else {
		if (l->n == 0)
			cli_printf("%4s  %-9s  %5s  %7s  %-16s  %-8s  %s\n", "ID", "STATUS", "SCORE",
				   "CLOCK", "STARTED", "SPEED", "SOURCE: TITLE");
		when_format(d->started_ms, WHEN_MINUTE, l->cli->app.when_flags, when, sizeof when);
		char score[16], speed[16];
		snprintf(score, sizeof score, "%d/%d", r.met, SCORE_ITEM_COUNT);
		snprintf(speed, sizeof speed, "%dx", d->speed);
		cli_printf("%4lld  %-9s  %5s  %7s  %-16s  %-8s  %s: %s\n", d->id, d->status, score,
			   drill_duration(d->drill_ms, dur, sizeof dur), when, speed, d->source,
			   d->title);
	}
	l->n++;
	return 0;
}

static enum calm_rc drill_list(struct cli *cli, bool json)
{
	struct list_ctx l = { .cli = cli, .json = json, .out = BUF_INIT };
	enum calm_rc rc = open_drills(cli, APP_DRILL_READONLY);

	if (rc == CALM_NOTFOUND) { /* no drill database yet: no drills */
		calm_err_clear(&cli->app.err);
		rc = CALM_OK;
	} else if (rc == CALM_OK) {
		rc = app_drill_each(&cli->app, list_one, &l);
		if (rc == CALM_OK)
			rc = l.rc;
	}
	if (rc == CALM_OK && json)
		cli_json(cli, l.n ? buf_cstr(&l.out) : "[", "]");
	else if (rc == CALM_OK && l.n == 0 && cli->out_tty)
		cli_printf("no drills ('calm drill ID' starts one from a closed incident)\n");
	buf_release(&l.out);
	return rc;
}

/* ---- --report ---- */

static enum calm_rc drill_report(struct cli *cli, const char *which, bool json)
{
	struct drill_report r;
	struct app_drill d;
	struct buf b = BUF_INIT;
	char dur[32];
	long long id;
	enum calm_rc rc = drill_id(cli, which, &id);

	if (rc == CALM_OK)
		rc = open_drills(cli, APP_DRILL_READONLY);
	if (rc == CALM_OK)
		rc = app_drill_get(&cli->app, id, &d, NULL);
	if (rc != CALM_OK)
		return rc;
	rc = drill_score_of(cli, &d, &r);
	if (rc == CALM_OK && json) {
		buf_addf(&b, "{\"drill\":%lld,\"title\":", d.id);
		jsonw_str(&b, d.title);
		buf_adds(&b, ",\"source\":");
		jsonw_str(&b, d.source);
		buf_adds(&b, ",\"status\":");
		jsonw_str(&b, d.status);
		buf_addf(&b, ",\"speed\":%d,\"drill_ms\":%lld,\"score\":", d.speed, d.drill_ms);
		drill_report_json(&b, &r);
		cli_json(cli, buf_cstr(&b), "}");
	} else if (rc == CALM_OK) {
		cli_printf("drill %lld: %s\n", d.id, d.title);
		cli_printf("  %s at %dx, %s after %s of drill time, %zu of %zu observations\n",
			   d.source, d.speed, d.status, drill_duration(d.drill_ms, dur, sizeof dur),
			   d.delivered, d.observations);
		drill_report_text(&b, &r);
		cli_put(stdout, buf_cstr(&b), TEXT_KEEP_NEWLINE);
	}
	buf_release(&b);
	app_drill_release(&d);
	return rc;
}

/* ---- starting one ---- */

/* A scenario file's mistake, one located line each (counted). */
static void report_line(const char *line, void *ctx)
{
	++*(int *)ctx;
	cli_fprintf(stderr, "calm: %s\n", line);
}

/* The scenario: from --scenario FILE, or past incident ID of the team's
 * database (read-only). */
static enum calm_rc drill_scenario(struct cli *cli, const char *file, const char *which,
				   struct scenario **sc)
{
	long long id;
	enum calm_rc rc;

	if (file) { /* as a playbook: any file that will not do is 78 */
		int reported = 0;

		rc = config_read_scenario(file, report_line, &reported, sc, &cli->err);
		if (rc != CALM_OK)
			cli->err.rc = rc = CALM_CONFIG;
		if (reported)
			cli->err.msg[0] = '\0'; /* already said, line by line */
		return rc;
	}
	rc = app_open(&cli->app, cli->db_path, true);
	if (rc == CALM_OK)
		rc = app_resolve(&cli->app, which, &id);
	if (rc == CALM_OK)
		rc = app_drill_scenario(&cli->app, id, sc);
	if (rc != CALM_OK)
		cli->err = cli->app.err;
	app_close(&cli->app);
	return rc;
}

static enum calm_rc drill_start(struct cli *cli, const char *file, const char *which,
				const char *speed_s)
{
	struct scenario *sc = NULL;
	long long id, speed = DRILL_SPEED_DEFAULT;
	enum calm_rc rc = CALM_OK;

	if (speed_s && (!cli_number(speed_s, &speed) || speed > DRILL_SPEED_MAX))
		return calm_err_set(&cli->err, CALM_USAGE, "--speed must be 1 to %d, not '%.20s'",
				    DRILL_SPEED_MAX, speed_s);
	char *path = NULL;

	rc = cli_drill_db(cli, &path); /* never the team's: said before reading it */
	free(path);
	if (rc == CALM_OK)
		rc = drill_scenario(cli, file, which, &sc);
	if (rc == CALM_OK)
		rc = open_drills(cli, APP_DRILL_CREATE);
	if (rc == CALM_OK)
		rc = app_drill_start(&cli->app, sc, (int)speed, &id);
	scenario_free(sc);
	if (rc != CALM_OK)
		return rc;
	if (!cli->in_tty || !cli->out_tty) {
		cli_printf("drill %lld started at %lldx ('calm drill --open %lld' on a terminal)\n",
			   id, speed, id);
		return CALM_OK;
	}
	return cli_console(cli, id);
}

/* ---- the command ---- */

static enum calm_rc cmd_drill_exec(struct cli *cli, const struct cli_args *a)
{
	static const char *const modes[] = { "list", "report", "delete", "abandon", "open",
					     "scenario" };
	const char *which = cli_word(a, "ID"), *given = NULL;
	bool json = cli_flag(a, "json");
	long long id;
	enum calm_rc rc;
	int n = 0;

	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (cli_opt(a, modes[i]) && n++ == 0)
			given = modes[i];
	if (n > 1 || (which && n > 0 && strcmp(given, "scenario") != 0) ||
	    (which && given && strcmp(given, "scenario") == 0))
		return cli_usage(cli, &cmd_drill, "give one of ID, --scenario, --list, --report, "
				 "--open, --abandon, --delete");
	if (json && (!given || (strcmp(given, "list") != 0 && strcmp(given, "report") != 0)))
		return cli_usage(cli, &cmd_drill, "--json goes with --list or --report");
	if (cli_opt(a, "speed") && given && strcmp(given, "scenario") != 0)
		return cli_usage(cli, &cmd_drill, "--speed goes with ID or --scenario");
	if (!given && !which)
		return cli_usage(cli, &cmd_drill, "an incident id, --scenario FILE or --list is needed");
	if (!given || strcmp(given, "scenario") == 0)
		return drill_start(cli, cli_opt(a, "scenario"), which, cli_opt(a, "speed"));
	if (strcmp(given, "list") == 0)
		return drill_list(cli, json);
	if (strcmp(given, "report") == 0)
		return drill_report(cli, cli_opt(a, "report"), json);
	rc = drill_id(cli, cli_opt(a, given), &id);
	if (rc == CALM_OK)
		rc = open_drills(cli, 0);
	if (rc == CALM_OK && strcmp(given, "open") == 0) {
		struct app_drill d;
		rc = app_drill_get(&cli->app, id, &d, NULL); /* only a drill */
		app_drill_release(&d);
		return rc == CALM_OK ? cli_console(cli, id) : rc;
	}
	if (rc == CALM_OK && strcmp(given, "abandon") == 0) {
		rc = app_drill_abandon(&cli->app, id, -1);
		if (rc == CALM_OK)
			cli_printf("drill %lld abandoned (kept: 'calm drill --delete %lld' removes it)\n",
				   id, id);
	} else if (rc == CALM_OK) {
		rc = app_drill_delete(&cli->app, id);
		if (rc == CALM_OK)
			cli_printf("drill %lld deleted\n", id);
	}
	return rc;
}

const struct cli_cmd cmd_drill = {
	.name = "drill",
	.alias = NULL,
	.usage = "drill ID|--scenario FILE [--speed N] | --list|--report DRILL [--json] | "
		 "--open|--abandon|--delete DRILL",
	.summary = "practise the routine on a past incident or a scenario, scored",
	.help = "A drill replays closed incident ID (or a tabletop scenario file) to a\n"
		"trainee: the console opens on a drill incident marked DRILL, and what\n"
		"was seen arrives in its timeline as it happened, at --speed N times\n"
		"(default 10).  A fix attempt that matches one of the original's gets\n"
		"its outcome as what the system does.  P pauses the drill clock, A\n"
		"twice abandons the drill (kept, marked abandoned).  Updates sent in\n"
		"a drill go to the drill channel, which records them and delivers\n"
		"nothing.\n"
		"The score (the times to the first updates, gates, blame words, data\n"
		"lost and outstanding answered, fix attempts logged) shows when the\n"
		"routine is complete, and with --report.\n"
		"\n"
		"Drills are kept in $XDG_DATA_HOME/calm/drills.db, never in the team's\n"
		"database, which is only read: list, search and stats show them with\n"
		"--drills.  Without a terminal a drill is started and its id printed.\n"
		"A scenario file with mistakes exits 78, each located FILE:LINE:COL.\n",
	.flags = CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "speed= scenario= list report= open= abandon= delete= json",
		  .words = "[ID]" },
	.exec = cmd_drill_exec,
};
