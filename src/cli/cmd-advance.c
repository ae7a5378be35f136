/*
 * cmd-advance.c - move an incident to its next stage, through the gate
 * or past it with a recorded reason.
 */
#include "calm/cli.h"

#include <stdio.h>
#include <string.h>

/* A closed incident is sealed when a key is usable without a prompt;
 * else say how to seal it (the close itself succeeded either way).  The
 * seal is a transaction of its own: when the server went between the
 * two, CALM_OFFLINE, so that the advance is queued and its replay seals
 * (cmd_advance_resume). */
static enum calm_rc seal_closed(struct cli *cli, long long id)
{
	struct app_seal_result res;
	enum calm_rc rc = app_seal(&cli->app, id, cli->config.seal_key, 0, &res);

	if (rc == CALM_OK) {
		cli_printf("incident %lld sealed by ", id);
		cli_put(stdout, res.signer, 0);
		cli_printf("\n");
		return CALM_OK;
	}
	if (rc == CALM_OFFLINE) {
		cli_fprintf(stderr, "calm: incident %lld closed, not sealed yet: the server went\n", id);
		calm_err_set(&cli->err, CALM_OFFLINE, "%s", cli->app.err.msg);
		return CALM_OFFLINE;
	}
	cli_fprintf(stderr, "calm: not sealed: run calm seal %lld (", id);
	cli_put(stderr, cli->app.err.msg, 0);
	cli_fprintf(stderr, ")\n");
	calm_err_clear(&cli->app.err);
	return CALM_OK;
}

/* A replayed advance the server has already: when it closed the
 * incident and no seal signs its head, the seal, once. */
static enum calm_rc cmd_advance_resume(struct cli *cli, const struct cli_args *a)
{
	struct incident inc = { 0 };
	bool sealed = true;
	long long id;
	enum calm_rc rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);

	if (rc == CALM_OK)
		rc = app_incident(&cli->app, id, &inc);
	if (rc == CALM_OK && inc.closed)
		rc = app_sealed_head(&cli->app, id, &sealed);
	if (rc == CALM_OK && !sealed)
		rc = seal_closed(cli, id);
	incident_release(&inc);
	return rc;
}

static enum calm_rc cmd_advance_exec(struct cli *cli, const struct cli_args *a)
{
	const char *reason = cli_opt(a, "override");
	struct gate_report gate = { 0 };
	struct incident inc = { 0 };
	struct stage_move mv;
	char unmet[2048];
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc == CALM_OK) /* the stage to leave: moved by someone else meanwhile, nothing moves */
		rc = app_incident(&cli->app, id, &inc);
	if (rc == CALM_OK) {
		cli_saw(cli, id, inc.stage_id);
		/* replayed: the stage it was queued from, not the one it is at now */
		rc = app_advance(&cli->app, id, cli->replay_from ? cli->replay_from : inc.stage_id,
				 reason, &gate, &mv);
	}
	incident_release(&inc);
	if (rc == CALM_OK && !mv.closes)
		cli_saw(cli, id, cli->pb->stages[mv.to].id);
	if (rc == CALM_GATE && gate.n > 0) {
		/* one line that says exactly what is missing and the way out */
		gate_report_unmet(&gate, unmet, sizeof unmet);
		calm_err_clear(&cli->err);
		calm_err_set(&cli->err, CALM_GATE,
			     "%s: %s (or: calm advance %lld --override REASON)",
			     cli->app.err.msg, unmet, id);
	} else if (rc == CALM_OK) {
		const struct playbook *pb = cli->pb;
		if (mv.closes)
			cli_printf("incident %lld closed\n", id);
		else
			cli_printf("incident %lld: stage %d/%zu %s\n", id, mv.to + 1,
			       pb->nstages, pb->stages[mv.to].title);
		if (mv.overridden)
			cli_printf("override recorded: %zu unmet criteri%s\n",
			       gate.nunmet, gate.nunmet == 1 ? "on" : "a");
		if (mv.closes)
			rc = seal_closed(cli, id);
	}
	gate_report_release(&gate);
	return rc;
}

const struct cli_cmd cmd_advance = {
	.name = "advance",
	.alias = "next",
	.usage = "advance ID [--override REASON]",
	.summary = "go to the next stage when its gate is met (exit 1 if not)",
	.help = "When the current stage's gate is not met, nothing changes and calm\n"
		"exits 1 naming every unmet criterion.  --override REASON moves on\n"
		"anyway and records the reason and the unmet criteria in the timeline.\n"
		"Advancing from the last stage closes the incident; closed incidents\n"
		"are read-only.  When someone else moved the stage on in the meantime\n"
		"(two people advancing at once), nothing else moves: calm says who moved\n"
		"it and where to, exits 1, and keeps a reason given as a note; an advance\n"
		"queued while the team's server was unreachable is refused the same way\n"
		"when the incident is no longer at the stage it was made from.  Closing\n"
		"seals the incident (calm seal) when an SSH key is usable without a\n"
		"passphrase; otherwise it says how to seal it.\n",
	.flags = CLI_QUEUES | CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "override=", .words = "ID", .need = "an incident id is needed" },
	.exec = cmd_advance_exec,
	.resume = cmd_advance_resume,
	.stage_step = 1,
};
