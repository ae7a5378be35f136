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

/* Read all of stdin (at most APP_MAX_TEXT + 1 bytes), final newlines dropped. */
static enum calm_rc read_all(struct cli *cli, struct buf *b)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > APP_MAX_TEXT)
			break;
	}
	if (ferror(stdin))
		return calm_err_set(&cli->err, CALM_IO, "cannot read the draft from stdin: %s",
				    strerror(errno));
	while (b->len && (b->s[b->len - 1] == '\n' || b->s[b->len - 1] == '\r'))
		b->s[--b->len] = '\0';
	if (!b->s)
		buf_add(b, "", 0);
	return CALM_OK;
}

static enum calm_rc cmd_draft_exec(struct cli *cli, int argc, char **argv)
{
	bool help, fresh = false;
	const struct cli_opt opts[] = {
		{ "template", NULL, &fresh },
		{ NULL, NULL, NULL },
	};
	struct buf in = BUF_INIT;
	char *pos[3], *text = NULL;
	int npos, aud, rev = 0;
	long long id;
	enum calm_rc rc;

	rc = cli_parse(cli, &cmd_draft, argc, argv, opts, pos, 3, &npos, &help);
	if (rc != CALM_OK || help)
		return rc;
	if (npos < 2 || (npos == 3 && strcmp(pos[2], "-") != 0))
		return cli_usage(cli, &cmd_draft, "an incident id and an audience are needed");
	aud = audience_parse(pos[1]);
	if (aud < 0)
		return cli_usage(cli, &cmd_draft, "unknown audience '%.40s' (use internal, external or resolution)",
				 pos[1]);
	rc = app_resolve(&cli->app, pos[0], &id);
	if (rc != CALM_OK)
		return rc;
	if (npos == 3) {
		rc = read_all(cli, &in);
		if (rc == CALM_OK)
			rc = app_draft_save(&cli->app, id, aud, buf_cstr(&in), in.len, &rev);
		if (rc == CALM_OK && cli->out_tty)
			cli_printf("saved %s draft revision %d\n", audience_name(aud), rev);
		else if (rc == CALM_OK)
			cli_printf("%d\n", rev);
		buf_release(&in);
		return rc;
	}
	if (fresh)
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
	.exec = cmd_draft_exec,
};
