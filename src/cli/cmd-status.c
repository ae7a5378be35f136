/*
 * cmd-status.c - one short line for a tmux status bar or a shell
 * prompt: the active incident, its stage, the next update due and who
 * is in command.  It reads only the local database (and the config for
 * the cadence), never a network, and prints nothing at all when no
 * incident is active, so `#(calm status --tmux)` costs a status bar
 * nothing on a quiet day.
 *
 *   #3 SEV2 Checkout returns 500 | 5/8 Fix | internal 12:04 | IC alice
 *
 * With several active, the newest is shown with "+N".  --tmux wraps
 * parts in tmux style codes (#[fg=red,bold]) and doubles any '#' in the
 * incident's text, so a title cannot inject tmux formats.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/* Longest title shown, in bytes (cut on a character boundary). */
#define TITLE_MAX 32

/* Untrusted s made inert, cut, with '#' doubled for tmux. */
static void put_text(struct buf *b, const char *s, size_t max, bool tmux)
{
	struct buf inert = BUF_INIT;
	size_t n;

	text_sanitize(&inert, s, strlen(s), TEXT_TAB_SPACE);
	n = inert.len;
	if (n > max) {
		n = max;
		while (n > 0 && (inert.s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		if (tmux && inert.s[i] == '#')
			buf_addc(b, '#');
		buf_addc(b, inert.s[i]);
	}
	if (n < inert.len)
		buf_adds(b, "…");
	buf_release(&inert);
}

/* The earliest update due across audiences: its audience, or -1. */
static int next_due(struct cli *cli, const struct incident *inc, long long *due)
{
	int best = -1;

	*due = 0;
	for (int a = 0; a < AUD_COUNT; a++) {
		int minutes = config_cadence(&cli->config, a, inc->severity);
		long long d = 0;

		if (minutes > 0 && app_update_due(&cli->app, inc->id, a, minutes, &d) == CALM_OK &&
		    d && (best < 0 || d < *due)) {
			best = a;
			*due = d;
		}
	}
	return best;
}

/* The line into b, empty when no incident is active. */
static enum calm_rc status_line(struct cli *cli, bool tmux, struct buf *b)
{
	struct incident inc;
	char *commander = NULL;
	long long count = 0, id = 0, due;
	int stage, aud;
	enum calm_rc rc;

	rc = app_active(&cli->app, &count, &id);
	if (rc != CALM_OK || count == 0)
		return rc;
	/* the playbook (stage titles) only once there is something to show */
	rc = cli_setup(cli, CLI_NEEDS_PLAYBOOK);
	if (rc == CALM_OK)
		rc = app_incident(&cli->app, id, &inc);
	if (rc != CALM_OK)
		return rc;
	buf_addf(b, "%s#%s%lld SEV%d ", tmux ? "#[bold]" : "", tmux ? "#" : "", id, inc.severity);
	if (tmux)
		buf_adds(b, "#[nobold]");
	put_text(b, inc.title, TITLE_MAX, tmux);
	if (count > 1)
		buf_addf(b, " +%lld", count - 1);
	stage = playbook_stage_index(cli->pb, inc.stage_id);
	buf_adds(b, " | ");
	if (stage >= 0) {
		buf_addf(b, "%d/%zu ", stage + 1, cli->pb->nstages);
		put_text(b, cli->pb->stages[stage].title, 24, tmux);
	} else {
		put_text(b, inc.stage_id, 24, tmux);
	}
	aud = next_due(cli, &inc, &due);
	if (aud >= 0) {
		long long now = app_now(&cli->app), left = (due - now) / 1000;

		buf_addf(b, " | %s ", audience_name(aud));
		if (update_overdue(due, now))
			buf_adds(b, tmux ? "#[fg=red,bold]OVERDUE#[default]" : "OVERDUE");
		else
			buf_addf(b, "%lld:%02lld", left / 60, left % 60);
	}
	if (app_role_holder(&cli->app, id, "commander", &commander) == CALM_OK && commander) {
		buf_adds(b, " | IC ");
		put_text(b, commander, 24, tmux);
	}
	free(commander);
	incident_release(&inc);
	return CALM_OK;
}

/* A team's server that cannot be reached: say so, with the writes that
 * wait in this person's queue (a local file: no network). */
static enum calm_rc status_offline(struct cli *cli, bool tmux)
{
	struct buf qpath = BUF_INIT;
	long long queued = 0, refused = 0;

	if (cli_queue_path(cli, &qpath) == CALM_OK)
		app_queue_count(buf_cstr(&qpath), cli->db_path, &queued, &refused, NULL, &cli->err);
	calm_err_clear(&cli->err);
	buf_release(&qpath);
	cli_printf("%sOFFLINE%s", tmux ? "#[fg=red,bold]" : "", tmux ? "#[default]" : "");
	if (queued > 0)
		cli_printf(" \u2014 %lld queued", queued);
	cli_printf("\n");
	return CALM_OK;
}

static enum calm_rc cmd_status_exec(struct cli *cli, const struct cli_args *a)
{
	bool tmux = cli_flag(a, "tmux");
	struct buf b = BUF_INIT;
	enum calm_rc rc;

	if (app_offline(&cli->app))
		return status_offline(cli, tmux);
	/* one snapshot: the parts of the line agree with each other */
	rc = app_read_begin(&cli->app);
	if (rc != CALM_OK)
		return rc;
	rc = status_line(cli, tmux, &b);
	app_read_end(&cli->app);
	if (rc == CALM_OK && b.len)
		cli_printf("%s\n", b.s);
	buf_release(&b);
	return rc;
}

const struct cli_cmd cmd_status = {
	.name = "status",
	.alias = NULL,
	.usage = "status [--tmux]",
	.summary = "one short line on the active incident, for tmux or a prompt (nothing when none)",
	.help = "Prints '#3 SEV2 Title | 5/8 Fix | internal 12:04 | IC alice': the active\n"
		"incident (the newest, '+N' when there are more), its stage, the next\n"
		"update due (the config's cadence) in mm:ss or OVERDUE, and who holds\n"
		"incident command.  Nothing at all when no incident is active.  It reads\n"
		"only the local database, in a few milliseconds (make bench); on a team's\n"
		"server that cannot be reached (given 2 s at most) it prints 'OFFLINE' and\n"
		"the writes queued on this machine, and sends nothing.  --tmux adds\n"
		"tmux colour codes:\n"
		"  set -g status-right '#(calm status --tmux)'\n"
		"  set -g status-interval 5\n"
		"In a bash prompt: PS1='$(calm status) '$PS1\n",
	.flags = CLI_NEEDS_DB | CLI_READONLY_OK,
	.args = { .opts = "tmux" },
	.exec = cmd_status_exec,
};
