/*
 * cmd-verify.c - check the timeline's hash chain.
 */
#include "calm/cli.h"

static enum calm_rc cmd_verify_exec(struct cli *cli, int argc, char **argv)
{
	struct verify_result vr;
	char *pos[1];
	int npos;
	bool help;
	long long id = 0;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_verify, argc, argv, NULL, pos, 1, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos == 1)
		rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = store_verify(cli->st, id, &vr, &cli->err);
	if (rc == CALM_OK) {
		if (id)
			printf("incident %lld: %lld events, chain intact\n", id, vr.events);
		else
			printf("%lld events, chain intact\n", vr.events);
	}
	return rc;
}

const struct cli_cmd cmd_verify = {
	.name = "verify",
	.alias = NULL,
	.usage = "verify [ID]",
	.summary = "check the timeline's hash chain (exit 65 when broken)",
	.help = "Every event carries a SHA-256 over the previous event's hash and\n"
		"its own content, so a change made behind calm's back shows.  The first\n"
		"event that does not match is named.  Without ID all incidents are\n"
		"checked.\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_verify_exec,
};
