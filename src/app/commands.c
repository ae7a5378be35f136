/*
 * commands.c - commands that ran, written down: `calm run` (a command
 * and the tail of its output) and the shell hook (each command line a
 * watched shell runs, with its exit status and duration).
 *
 * Both are masked by the secret filter like every event (app_append).  A
 * shell record carries its shell's identity and number, and the newest
 * number recorded from that shell is looked up before writing, so a
 * record handed over twice (a drain killed after its commit, before it
 * removed the file) is written once.
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/when.h"

/* "$ a b 'c d'": argv joined, words with blanks or quotes quoted. */
static void join_argv(struct buf *b, char *const *argv)
{
	buf_adds(b, "$");
	for (size_t i = 0; argv[i]; i++) {
		const char *a = argv[i];

		buf_addc(b, ' ');
		if (a[0] && !strpbrk(a, " \t\n'\"\\$`!*?;&|<>(){}[]#~")) {
			buf_adds(b, a);
			continue;
		}
		buf_addc(b, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				buf_adds(b, "'\\''");
			else
				buf_addc(b, *a);
		}
		buf_addc(b, '\'');
	}
}

/* Append ev in one transaction on an active incident. */
static enum calm_rc record(struct app *app, long long id, struct event *ev,
			   const char *const *kv, long long *event_id)
{
	enum calm_rc rc;

	rc = app_act(app, id, NULL);
	if (rc == CALM_OK)
		rc = app_append(app, ev, kv, event_id);
	return app_finish(app, rc);
}

enum calm_rc app_run_record(struct app *app, long long id,
			    const struct app_run *r, long long *event_id)
{
	struct buf cmd = BUF_INIT, text = BUF_INIT;
	char start[32], dur[24], status[16], offset[24], bytes[24], lines[16];

	calm_err_clear(&app->err);
	join_argv(&cmd, r->argv);
	if (cmd.len > 4096) { /* the text's first line: keep it a line */
		cmd.len = 4096;
		cmd.s[cmd.len] = '\0';
		buf_adds(&cmd, "...");
	}
	/* the command, how it ended, then the output from output_offset
	 * (where it still starts once app_append has masked the text) */
	buf_add(&text, cmd.s, cmd.len);
	buf_adds(&text, "  [");
	app_outcome_words(&text, r->status, r->signal, r->duration_ms);
	if (r->cut)
		buf_addf(&text, ", last %d lines of output", r->lines);
	buf_adds(&text, "]");
	if (r->tail_len)
		buf_addc(&text, '\n');
	snprintf(offset, sizeof offset, "%zu", text.len);
	buf_add(&text, r->tail, r->tail_len);
	when_format(r->start_ms, WHEN_RFC3339_MS, 0, start, sizeof start);
	snprintf(dur, sizeof dur, "%lld", r->duration_ms);
	snprintf(status, sizeof status, "%d", r->signal ? r->signal : r->status);
	snprintf(bytes, sizeof bytes, "%lld", r->out_bytes);
	snprintf(lines, sizeof lines, "%d", r->lines);
	const char *kv[] = { "cmd", cmd.s + 2, "cwd", r->cwd ? r->cwd : "",
			     "host", r->host ? r->host : "", "start", start,
			     "duration_ms", dur, r->signal ? "signal" : "exit", status,
			     "output_offset", offset, "output_bytes", bytes,
			     "lines", lines, NULL };
	struct event ev = { .incident = id, .kind = "run", .text = text.s,
			    .text_len = text.len };
	enum calm_rc rc = record(app, id, &ev, kv, event_id);

	buf_release(&cmd);
	buf_release(&text);
	return rc;
}

/* Lines a shell hands over that are not to be written down: those the
 * shells' history would leave out, and calm's own commands that write
 * their own entry (they would be there twice). */
static bool skipped(const char *line)
{
	static const char *const own[] = { "watch", "run", "log", "note", "amend",
					   "strike", "mark", "import", NULL };
	const char *p = line;
	size_t n;

	if (line[0] == ' ' || line[0] == '\t' || strstr(line, "calm-skip"))
		return true;
	if (strncmp(p, "calm", 4) != 0 || (p[4] != ' ' && p[4] != '\t'))
		return false;
	for (p += 4; *p == ' ' || *p == '\t'; p++)
		;
	n = strcspn(p, " \t");
	for (size_t i = 0; own[i]; i++)
		if (strlen(own[i]) == n && strncmp(p, own[i], n) == 0)
			return true;
	return false;
}

enum calm_rc app_shell_record(struct app *app, long long id,
			      const struct app_shell *r, bool *recorded)
{
	struct buf text = BUF_INIT;
	char start[32], dur[24], status[16], seq[24], *last = NULL;
	enum calm_rc rc = CALM_OK;

	calm_err_clear(&app->err);
	*recorded = false;
	if (skipped(r->line))
		return CALM_OK;
	if (!r->line[0])
		goto out;
	buf_addf(&text, "$ %s  [", r->line);
	app_outcome_words(&text, r->status, 0, r->duration_ms);
	buf_adds(&text, "]");
	when_format(r->start_ms, WHEN_RFC3339_MS, 0, start, sizeof start);
	snprintf(dur, sizeof dur, "%lld", r->duration_ms);
	snprintf(status, sizeof status, "%d", r->status);
	snprintf(seq, sizeof seq, "%lld", r->seq);
	const char *kv[] = { "shell", r->shell ? r->shell : "", "cwd", r->cwd ? r->cwd : "",
			     "host", r->host ? r->host : "", "start", start,
			     "duration_ms", dur, "exit", status, "src", r->src,
			     "seq", seq, NULL };
	struct event ev = { .incident = id, .kind = "shell", .text = text.s,
			    .text_len = text.len };

	rc = app_act(app, id, NULL);
	if (rc != CALM_OK)
		goto out;
	/* in the transaction: a record handed over twice is written once */
	rc = store_last_data(app->st, id, "shell", "src", r->src, "seq", &last, &app->err);
	if (rc == CALM_OK && !(last && strtoll(last, NULL, 10) >= r->seq)) {
		rc = app_append(app, &ev, kv, NULL);
		*recorded = rc == CALM_OK;
	}
	rc = app_finish(app, rc);
	if (rc != CALM_OK)
		*recorded = false;
out:
	free(last);
	buf_release(&text);
	return rc;
}

enum calm_rc app_watch(struct app *app, long long id, bool on,
		       const char *shell, const char *host, long pid)
{
	struct buf text = BUF_INIT;
	char p[24];
	enum calm_rc rc;

	calm_err_clear(&app->err);
	buf_addf(&text, "%s's %s shell on %s (pid %ld) %s", app_author(app), shell,
		 host, pid, on ? "is recorded here: each command, its exit status and duration"
			       : "is no longer recorded");
	snprintf(p, sizeof p, "%ld", pid);
	const char *kv[] = { "shell", shell, "host", host, "pid", p, "on", on ? "1" : "0",
			     NULL };
	struct event ev = { .incident = id, .kind = "watch", .text = text.s };
	rc = record(app, id, &ev, kv, NULL);
	buf_release(&text);
	return rc;
}
