/*
 * cmd-seal.c - sign an incident's chain head with an SSH key.
 */
#include "calm/cli.h"

#include <stdio.h>

static enum calm_rc cmd_seal_exec(struct cli *cli, int argc, char **argv)
{
	struct app_seal_result res;
	const char *key = NULL;
	const struct cli_opt opts[] = {
		{ "key", &key, NULL },
		{ NULL, NULL, NULL },
	};
	char *pos[1];
	int npos;
	bool help;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_seal, argc, argv, opts, pos, 1, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos != 1)
		return cli_usage(cli, &cmd_seal, "an incident id is needed");
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc == CALM_OK)
		rc = app_seal(&cli->app, id, key ? key : cli->config.seal_key,
			      cli->in_tty ? APP_SEAL_PROMPT : 0, &res);
	if (rc == CALM_OK) {
		cli_printf("incident %lld: sealed at event %lld (%lld events) by ", id, res.event,
		       res.events);
		cli_put(stdout, res.signer, 0);
		cli_printf(" (");
		cli_put(stdout, res.key, 0);
		cli_printf(")\n");
	}
	return rc;
}

const struct cli_cmd cmd_seal = {
	.name = "seal",
	.alias = NULL,
	.usage = "seal ID [--key FILE]",
	.summary = "sign the incident's timeline with your SSH key (checked by verify)",
	.help = "Signs the chain head (the newest event, the number of events and its\n"
		"hash, with the database's id) with `ssh-keygen -Y sign -n calm`, and\n"
		"stores the signature in the database; exports carry it.  Anyone with\n"
		"write access can recompute an unkeyed hash chain; a sealed one fails\n"
		"`calm verify` unless the forger holds a key listed in\n"
		"$XDG_CONFIG_HOME/calm/allowed_signers.  The key: --key FILE, else the\n"
		"config's seal_key, else the first key ssh-agent holds, else\n"
		"~/.ssh/id_ed25519 (a passphrase is asked on the terminal).  Closing an\n"
		"incident seals it when a key is usable without a passphrase.\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_seal_exec,
};
