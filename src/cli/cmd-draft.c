/*
 * cmd-draft.c - print an update's current draft, or save a new revision
 * of it from stdin.
 */
#include "calm/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

static enum calm_rc cmd_draft_exec(struct cli *cli, const struct cli_args *a)
{
	struct buf in = BUF_INIT;
	char *text = NULL;
	int aud, rev = 0;
	long long id;
	enum calm_rc rc;

	rc = cli_audience(cli, &cmd_draft, cli_word(a, "AUDIENCE"), &aud);
	if (rc == CALM_OK)
		rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc != CALM_OK)
		return rc;
	if (cli_word(a, "-")) {
		rc = cli_read_stdin(cli, "the draft", &in);
		if (rc == CALM_OK)
			rc = app_draft_save(&cli->app, id, aud, buf_cstr(&in), in.len, &rev);
		if (rc == CALM_OK && cli->out_tty)
			cli_printf("saved %s draft revision %d\n", audience_name(aud), rev);
		else if (rc == CALM_OK)
			cli_printf("%d\n", rev);
		buf_release(&in);
		return rc;
	}
	if (cli_flag(a, "template"))
		rc = app_draft_render(&cli->app, id, aud, &text);
	else
		rc = app_draft_current(&cli->app, id, aud, &text, &rev);
	if (rc == CALM_OK) {
		if (cli->out_tty)
			cli_put(stdout, text, TEXT_KEEP_NEWLINE | TEXT_TAB_SPACE);
		else
			cli_write_data(cli, text, strlen(text));
		cli_printf("\n");
	}
	free(text);
	return rc;
}
const struct cli_cmd cmd_draft = {
	.name = "draft",
	.alias = NULL,
	.usage = "draft ID AUDIENCE [-] [--template]",
	.summary = "print an update's draft, or save a new revision from stdin (-)",
	.help = "AUDIENCE is internal, external or resolution.  Without '-' the current\n"
		"draft is printed: the newest saved revision while it is unsent, else the\n"
		"playbook's template filled from the incident (--template always renders\n"
		"the template).  Unset facts show as markers such as '[impact: not set]'.\n"
		"With '-' stdin is saved as a new revision (final newlines dropped; the\n"
		"same text as the current revision saves nothing); the revision number is\n"
		"printed.  Every revision is kept.  Edit and save in one go:\n"
		"  calm draft 3 internal > d && $EDITOR d && calm draft 3 internal - < d\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "template", .words = "ID AUDIENCE [-]",
		  .need = "an incident id and an audience are needed" },
	.exec = cmd_draft_exec,
};
