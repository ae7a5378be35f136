/*
 * cmd-seal.c - sign an incident's chain head with an SSH key.
 */
#include "calm/cli.h"

#include <stdio.h>

static enum calm_rc cmd_seal_exec(struct cli *cli, const struct cli_args *a)
{
	struct app_seal_result res;
	const char *key = cli_opt(a, "key");
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
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
	.args = { .opts = "key=", .words = "ID", .need = "an incident id is needed" },
	.exec = cmd_seal_exec,
};
