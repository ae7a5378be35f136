/*
 * cmd-export.c - the postmortem as Markdown or JSON, to stdout or a file.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/text.h"

/* Standard output, a piece at a time (exact when piped, inert on a
 * terminal: CSV may hold any byte). */
static enum calm_rc to_stdout(const char *s, size_t n, void *ctx)
{
	struct cli *cli = ctx;

	cli_write_data(cli, s, n);
	if (ferror(stdout))
		return calm_err_set(&cli->app.err, CALM_IO, "cannot write the postmortem to stdout");
	return CALM_OK;
}

static enum calm_rc cmd_export_exec(struct cli *cli, const struct cli_args *a)
{
	const char *format = cli_opt(a, "format"), *file = cli_opt(a, "output");
	bool record = cli_flag(a, "record"), allow = cli_flag(a, "allow-missing");
	char **markers = NULL;
	int fmt;
	long long id;
	enum calm_rc rc;

	if (!format)
		format = "md";
	fmt = app_export_format_parse(format);
	if (fmt < 0)
		return cli_usage(cli, &cmd_export, "unknown format '%.40s' (use md, json, csv or html)", format);
	if (file && record)
		return cli_usage(cli, &cmd_export, "--record is for standard output: -o FILE is recorded anyway");
	if (file && !file[0])
		return cli_usage(cli, &cmd_export, "-o needs a file name");
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc != CALM_OK)
		return rc;
	if (file) {
		rc = app_export(&cli->app, id, (enum app_export_format)fmt, file,
				allow ? APP_EXPORT_ALLOW_MISSING : 0);
		if (rc == CALM_OK && cli->out_tty)
			cli_printf("%s written to %s\n", fmt == APP_EXPORT_CSV ? "timeline" : "postmortem", file);
		if (rc == CALM_OK && cli->readonly && fmt != APP_EXPORT_CSV)
			cli_fprintf(stderr, "calm: the database is read-only: the export is not recorded\n");
		return rc;
	}
	/* a preview shows the markers and says so; a recorded export refuses
	 * them, before anything is written */
	rc = app_export_markers(&cli->app, id, (enum app_export_format)fmt, &markers);
	if (rc == CALM_GATE && markers && (!record || allow)) {
		cli_fprintf(stderr, "calm: %s\n", cli->app.err.msg);
		calm_err_clear(&cli->app.err);
		rc = CALM_OK;
	}
	app_markers_free(markers);
	if (rc != CALM_OK)
		return rc;
	rc = app_export_write(&cli->app, id, (enum app_export_format)fmt, to_stdout, cli);
	if (rc == CALM_OK && (fflush(stdout) != 0 || ferror(stdout)))
		rc = calm_err_set(&cli->err, CALM_IO, "cannot write the postmortem to stdout");
	/* a preview records nothing; --record: recorded only once it is out */
	if (rc == CALM_OK && record)
		rc = app_export_record(&cli->app, id, (enum app_export_format)fmt, NULL);
	if (rc == CALM_OK && record && cli->readonly && fmt != APP_EXPORT_CSV)
		cli_fprintf(stderr, "calm: the database is read-only: the export is not recorded\n");
	return rc;
}

const struct cli_cmd cmd_export = {
	.name = "export",
	.alias = NULL,
	.usage = "export [ID] [--format md|json|csv|html] [-o FILE | --record] [--allow-missing]",
	.summary = "show or export the postmortem (Markdown, HTML, JSON) or the timeline (CSV)",
	.help = "Markdown comes from the playbook's postmortem template: a key events\n"
		"table, a narrative of the notes and fix attempts, a Mermaid gantt chart\n"
		"and the full timeline (in a collapsed <details> block), times in UTC;\n"
		"incident text is escaped only where Markdown would read it as markup.\n"
		"HTML is one self-contained printable page (no script, nothing fetched)\n"
		"with the same picture as SVG.  Both end with a visible line \"Record:\n"
		"incident I, N events up to event E, chain head HASH, database ID, sealed\n"
		"by ... | not sealed\" that calm verify FILE checks (JSON and HTML carry\n"
		"it in their metadata too).  JSON holds the incident, every draft\n"
		"revision, fix attempt, action item and export (an event's text is a\n"
		"valid string;\n"
		"text_b64 holds its exact bytes when they differ).  CSV is the timeline:\n"
		"time,author,text, one row per event in the order they happened, times in\n"
		"RFC 3339 UTC, each text's exact bytes: what calm import reads, so it\n"
		"imports back (into its own incident it adds nothing); a CSV export is not\n"
		"the postmortem and is not recorded.\n"
		"\n"
		"To standard output it is a preview: nothing is recorded (markers of facts\n"
		"not filled in, such as [cause: not set], are named on stderr).  -o writes\n"
		"FILE atomically (a temporary file renamed over it) and records the export\n"
		"in the timeline, which meets the document stage's gate; --record records\n"
		"an export to standard output.  A recorded export that still holds markers\n"
		"is refused, naming each, unless --allow-missing.  A closed incident, or a\n"
		"database calm may not write (read-only file or mount), is exported\n"
		"without being written to (and calm says so).\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK | CLI_READONLY_OK,
	.args = { .opts = "format= output=/o record allow-missing", .words = "[ID]" },
	.exec = cmd_export_exec,
};
