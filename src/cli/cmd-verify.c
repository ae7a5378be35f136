/*
 * cmd-verify.c - check that the database is what its timeline says: the
 * hash chain, every table recomputed from the events, and the seals; or
 * that an exported postmortem says what the record says.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

/* An exported postmortem against the database. */
static enum calm_rc verify_file(struct cli *cli, const char *path)
{
	struct app_verify_file v;
	enum calm_rc rc;

	/* the document is made again from the playbook's template */
	rc = cli_setup(cli, CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK);
	if (rc != CALM_OK)
		return rc;
	rc = app_verify_file(&cli->app, path, &v);
	for (size_t i = 0; i < v.nproblems; i++) {
		cli_put(stdout, v.problems[i], 0);
		cli_printf("\n");
	}
	if (rc == CALM_OK) {
		cli_put(stdout, path, 0);
		cli_printf(": ok: %lld %s made from the record match incident %lld at event %lld (%lld events)\n",
			   v.checked, v.fmt == APP_EXPORT_JSON ? "events and fields" : "lines",
			   v.id, v.event, v.events);
	}
	if (v.nafter)
		cli_printf("written after the export (%zu event%s, not in it):\n", v.nafter,
			   v.nafter == 1 ? "" : "s");
	for (size_t i = 0; i < v.nafter; i++) {
		cli_printf("  ");
		cli_put(stdout, v.after[i], 0);
		cli_printf("\n");
	}
	app_verify_file_release(&v);
	return rc;
}

static enum calm_rc cmd_verify_exec(struct cli *cli, const struct cli_args *a)
{
	const char *target = cli_word(a, "TARGET");
	struct app_verify v;
	char *allowed;
	long long id = 0;
	enum calm_rc rc = CALM_OK;

	/* a word that is not a number is an exported file */
	if (target && target[strspn(target, "0123456789")] != '\0')
		return verify_file(cli, target);
	if (target)
		rc = app_resolve(&cli->app, target, &id);
	if (rc != CALM_OK)
		return rc;
	allowed = cli_config_file("allowed_signers");
	rc = app_verify(&cli->app, id, allowed, &v);
	free(allowed);
	for (size_t i = 0; i < v.ndiffs; i++) {
		cli_put(stdout, v.diffs[i], 0);
		cli_printf("\n");
	}
	if (rc == CALM_OK) {
		if (id)
			cli_printf("incident %lld: %lld events, chain intact", id, v.events);
		else
			cli_printf("%lld events, chain intact", v.events);
		cli_printf("; %lld rows match the timeline", v.rows);
		if (v.seals_good || v.seals_unchecked)
			cli_printf("; seals: %lld good, %lld signer not checked", v.seals_good,
			       v.seals_unchecked);
		cli_printf("\n");
	}
	for (size_t i = 0; i < v.nnotes; i++) {
		cli_printf("note: ");
		cli_put(stdout, v.notes[i], 0);
		cli_printf("\n");
	}
	app_verify_release(&v);
	return rc;
}

const struct cli_cmd cmd_verify = {
	.name = "verify",
	.alias = NULL,
	.usage = "verify [ID | FILE]",
	.summary = "check the timeline's hash chain, the tables and the seals (exit 65 when not)",
	.help = "Every event carries a SHA-256 over the previous event's hash and\n"
		"its own content, so a change made behind calm's back shows; the first\n"
		"event that does not match is named.  Every table kept beside the\n"
		"timeline (fields, checklist, roles, drafts, fix attempts, action items,\n"
		"exports, the incident itself) is recomputed from the events and each row\n"
		"that differs is printed.  Each seal (calm seal) must sign the chain as\n"
		"it is, by a key listed in $XDG_CONFIG_HOME/calm/allowed_signers (ssh's\n"
		"format); without that file the signer is not checked, and verify says\n"
		"so.  All of it is read in one snapshot, whatever others write meanwhile.\n"
		"Without ID all incidents are checked.\n"
		"\n"
		"verify FILE checks an exported postmortem (Markdown, HTML or JSON)\n"
		"against the database: the chain head its Record line names must be the\n"
		"record's at that event, and every line the export made from the record\n"
		"(facts, key events, narrative, timeline; JSON: events, title, fields)\n"
		"must be in the file, in order.  Each one changed or missing is printed\n"
		"as FILE:LINE (exit 65); text people added around them is ignored.\n"
		"Events written after the export are listed, and are not an error.\n",
	.flags = CLI_NEEDS_DB,
	.args = { .words = "[TARGET]" },
	.exec = cmd_verify_exec,
};
