/*
 * cmd-search.c - full-text search over every incident.
 */
#include "calm/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/jsonw.h"
#include "calm/text.h"


struct search_out {
	struct cli *cli;
	bool json;
	size_t n;
	struct buf js;
};

/* The snippet with each match in [brackets], or bold on a terminal;
 * every piece made inert (the markers are control bytes). */
static void put_snippet(const struct cli *cli, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, SEARCH_HL_ON SEARCH_HL_OFF);
		char *piece = xstrndup(s, n);
		cli_put(stdout, piece, TEXT_TAB_SPACE);
		free(piece);
		s += n;
		if (*s == SEARCH_HL_ON[0])
			cli_emphasis(cli, true);
		else if (*s == SEARCH_HL_OFF[0])
			cli_emphasis(cli, false);
		if (*s)
			s++;
	}
}

static int search_hit(const struct search_hit *h, void *ctx)
{
	struct search_out *so = ctx;
	char when[32];

	if (so->json) {
		struct buf *b = &so->js;
		buf_addf(b, "%s{\"incident\":%lld,\"event\":%lld,\"ts\":", so->n ? "," : "",
			 h->incident, h->event);
		jsonw_time(b, h->ts_ms);
		buf_adds(b, ",\"kind\":");
		jsonw_str(b, h->kind);
		buf_adds(b, ",\"author\":");
		jsonw_str(b, h->author);
		buf_adds(b, ",\"title\":");
		jsonw_str(b, h->title);
		buf_adds(b, ",\"snippet\":");
		jsonw_str(b, h->snippet);
		buf_addf(b, ",\"rank\":%.6f}", h->rank);
	} else {
		cli_time(so->cli, h->ts_ms, when, sizeof when);
		cli_printf("%lld  #%lld  %s  %-7s ", h->incident, h->event, when, h->kind);
		put_snippet(so->cli, h->snippet);
		cli_printf("\n");
	}
	so->n++;
	return 0;
}

static enum calm_rc cmd_search_exec(struct cli *cli, const struct cli_args *a)
{
	bool json = cli_flag(a, "json");
	const char *limit_s = cli_opt(a, "limit");
	struct search_out so = { .cli = cli, .js = BUF_INIT };
	struct buf query = BUF_INIT;
	long limit = 20;
	enum calm_rc rc;

	if (cli_flag(a, "drills") && (rc = cli_use_drills(cli)) != CALM_OK)
		return rc;

	if (limit_s) {
		char *end;
		errno = 0;
		limit = strtol(limit_s, &end, 10);
		if (errno || *end || end == limit_s || limit < 1 || limit > 10000)
			return cli_usage(cli, &cmd_search, "--limit must be 1 to 10000");
	}
	for (int i = 0; i < a->nrest; i++)
		buf_addf(&query, "%s%s", i ? " " : "", a->rest[i]);
	so.json = json;
	if (json)
		buf_addc(&so.js, '[');
	rc = app_search(&cli->app, buf_cstr(&query), cli_flag(a, "advanced") ? SEARCH_ADVANCED : 0,
			(size_t)limit, search_hit, &so);
	if (rc == CALM_OK && json)
		cli_json(cli, buf_cstr(&so.js), "]");
	else if (rc == CALM_OK && so.n == 0 && cli->out_tty)
		cli_fprintf(stderr, "calm: nothing found\n");
	buf_release(&so.js);
	buf_release(&query);
	return rc;
}
const struct cli_cmd cmd_search = {
	.name = "search",
	.alias = NULL,
	.usage = "search QUERY... [--json] [--limit N] [--advanced] [--drills]",
	.summary = "full-text search over every incident's titles, notes, drafts, fixes, actions",
	.help = "Each word must match (a word ending in * matches as a prefix:\n"
		"'time*'); punctuation is never syntax.  --advanced takes SQLite FTS5\n"
		"syntax instead: AND, OR, NOT, \"phrases\", NEAR(...).  Best matches first\n"
		"(bm25; with 5000 matches or more, the newest first), at most --limit\n"
		"(default 20).  Each line: incident, #event (what the\n"
		"console jumps to), time, kind, and the text around the match with each\n"
		"matched word in [brackets] (bold on a terminal).  --json prints an\n"
		"array of {incident, event, ts, kind, author, title, snippet, rank};\n"
		"in snippet the bytes \\u0001 and \\u0002 open and close each match.\n"
		"Drills are not searched: --drills searches them instead (calm drill).\n",
	.flags = CLI_NEEDS_DB | CLI_READONLY_OK,
	.args = { .opts = "json limit= advanced drills", .words = "QUERY...",
		  .need = "a query is needed" },
	.exec = cmd_search_exec,
};
