/*
 * sync.c - offline and back: a command that writes to a team's server
 * which cannot be reached is kept in the local queue (app-read.h,
 * $XDG_STATE_HOME/calm/queue.db) and calm says "queued (server
 * unreachable)", exiting 0 only once the queue has it on disk.  The
 * queue is replayed, in the order made, by the next writing command
 * before its own work and by `calm sync`; never by a command that only
 * reads (calm status and the shell hook read local state only).
 *
 * A queued write is replayed by running calm again on its own words,
 * with the unique id the write was first given (CALM_REPLAY_UID), the
 * time it was made (CALM_NOW) and its author: the same code path as
 * when it was typed, and a write the server already has (the
 * connection went while it committed) is found by that id and skipped,
 * or, for a command that writes again after its first transaction (an
 * advance that closes, then seals), completed by its resume, which does
 * only what is not done yet.
 * A write the server refuses (the incident was closed meanwhile, the
 * gate moved on) is kept aside and shown to its author by their next
 * command on that server and listed by `calm sync`.
 *
 * A stage move (advance, back) is relative: replayed on its words only
 * it would move the incident on from wherever someone else left it
 * meanwhile.  So it is queued with the stage it was made from, and
 * replayed with it (CALM_REPLAY_STAGE): when the incident is no longer
 * there, it is refused as the same move typed online would be ("bob
 * moved incident 1 to stage 3/8 ... before you"; a reason given is kept
 * as a note) and kept aside.  That stage is the one the person was last
 * shown by calm on this machine (show, advance, back keep it in the
 * queue file's view), moved on by the stage moves they queued since;
 * when calm never showed them the incident, calm says so and the move
 * goes from wherever the incident is when it is sent.  The other queued
 * writes do not depend on the stage: a checked item, a field set, a
 * note or a role accepted mean the same at any stage (an offer that
 * lapsed meanwhile, a closed incident, the server refuses as online).
 *
 * A write the server acknowledged stays in the same file as the journal,
 * with the run of the server that acknowledged it (its start time): the
 * newest JOURNAL_KEEP of them (and JOURNAL_KEEP_BYTES of their words)
 * per server, however old.  A time bound would lose writes a lagging
 * standby lacks (one stopped for an hour is promoted after the primary
 * fails), and nothing a plain role may read says what every standby,
 * a disconnected one included, has replayed.  So the next writing
 * command, when it reaches a run other than the one that acknowledged
 * (or last held) a write, reads those writes back from it: one there is
 * held by that run from then on, one missing there is sent again, found
 * by its id if it was there after all.  A standby can miss only writes
 * older than the newest JOURNAL_KEEP this person made on that server.
 */
#include "calm/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"

/* How many acknowledged writes are kept to be read back after a
 * failover, and how many bytes of their words at most. */
#define JOURNAL_KEEP 1000
#define JOURNAL_KEEP_BYTES (16LL << 20)

enum calm_rc cli_queue_path(struct cli *cli, struct buf *out)
{
	enum calm_rc rc = cli_state_dir(cli, out);

	if (rc == CALM_OK && cli_mkdirs(buf_cstr(out)) != 0)
		rc = calm_err_set(&cli->err, CALM_IO, "cannot create '%s': %s", buf_cstr(out),
				  strerror(errno));
	if (rc == CALM_OK)
		buf_adds(out, "/queue.db");
	return rc;
}

/* The last "calm: " line of a child's stderr, as the reason it gives. */
static void last_line(const struct buf *errs, struct calm_err *why)
{
	const char *s = errs->s ? errs->s : "", *line = s, *p;

	for (p = s; *p; p++)
		if (*p == '\n' && p[1])
			line = p + 1;
	if (strncmp(line, "calm: ", 6) == 0)
		line += 6;
	snprintf(why->msg, sizeof why->msg, "%.*s", (int)strcspn(line, "\n"), line);
}

/* The child: calm again on w's words, as w's author at w's time. */
static void replay_child(const char *server, const struct app_queued *w, int errfd)
{
	char now[32];
	const char **argv = xcalloc((size_t)w->argc + 4, sizeof *argv);
	bool has_as = false;
	int n = 0, null = open("/dev/null", O_RDWR | O_CLOEXEC);

	for (int i = 0; i < w->argc; i++)
		has_as |= strncmp(w->argv[i], "--as", 4) == 0;
	argv[n++] = "calm";
	if (!has_as) {
		argv[n++] = "--as";
		argv[n++] = w->author;
	}
	for (int i = 0; i < w->argc; i++)
		argv[n++] = w->argv[i];
	snprintf(now, sizeof now, "%lld", w->ts_ms);
	if (w->stage)
		setenv("CALM_REPLAY_STAGE", w->stage, 1);
	else
		unsetenv("CALM_REPLAY_STAGE");
	setenv("CALM_REPLAY_UID", w->uid, 1);
	setenv("CALM_NOW", now, 1);
	setenv("CALM_DB", server, 1);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	dup2(errfd, STDERR_FILENO);
	execv("/proc/self/exe", (char *const *)argv);
	_exit(127);
}

/* Replay one queued write (app_queue_replay's run). */
static enum calm_rc replay_one(const struct app_queued *w, void *ctx, struct calm_err *why)
{
	struct cli *cli = ctx;
	struct buf errs = BUF_INIT;
	char chunk[512];
	int pipefd[2], status = 0;
	ssize_t got;
	pid_t pid;

	fflush(NULL);
	if (pipe(pipefd) != 0 || (pid = fork()) < 0)
		return calm_err_set(why, CALM_BUSY, "cannot start a replay: %s", strerror(errno));
	if (pid == 0) {
		close(pipefd[0]);
		replay_child(cli->db_path, w, pipefd[1]);
	}
	close(pipefd[1]);
	while ((got = read(pipefd[0], chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR))
		if (got > 0 && errs.len < 8192)
			buf_add(&errs, chunk, (size_t)got);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	last_line(&errs, why);
	buf_release(&errs);
	if (!WIFEXITED(status))
		return calm_err_set(why, CALM_BUSY, "the replay of a queued write stopped");
	switch (WEXITSTATUS(status)) {
	case 0:
		return CALM_OK;
	case 69: /* CALM_OFFLINE: away again */
		return CALM_OFFLINE;
	case 75: /* CALM_BUSY: try later */
		return CALM_BUSY;
	default:
		return CALM_GATE; /* refused: kept aside with its words */
	}
}

/* Show the refused writes not shown yet (one line each) on stderr. */
static int show_refused(const struct app_queued *w, void *ctx)
{
	struct cli *cli = ctx;
	struct buf words = BUF_INIT;
	char at[40];

	app_queued_words(w, &words);
	cli_time(cli, w->ts_ms, at, sizeof at);
	cli_fprintf(stderr, "calm: refused by the server, kept aside: `calm %s` (made %s): %s\n",
		    buf_cstr(&words), at, w->refused);
	buf_release(&words);
	return 0;
}

/*
 * Replay what waits for this server.  *left: writes still waiting.
 * Says on stderr how many went.
 */
static enum calm_rc replay(struct cli *cli, const char *qpath, long long *left)
{
	long long sent = 0, refused = 0, resent = 0;
	enum calm_rc rc;

	rc = app_journal_check(&cli->app, qpath, cli->db_path, JOURNAL_KEEP, JOURNAL_KEEP_BYTES,
			       &resent, &cli->err);
	if (rc == CALM_OFFLINE && app_offline(&cli->app)) {
		/* the server went while the journal was read back: offline, as
		 * if it had gone before (the write is queued, not refused) */
		calm_err_clear(&cli->err);
		calm_err_clear(&cli->app.err);
		rc = CALM_OK;
	}
	if (rc == CALM_OK && resent > 0)
		cli_fprintf(stderr, "calm: %lld acknowledged write%s missing on the server (a failover?): sending again\n",
			    resent, resent == 1 ? " is" : "s are");
	if (rc == CALM_OK)
		rc = app_queue_count(qpath, cli->db_path, left, &refused, NULL, &cli->err);
	if (rc != CALM_OK || *left == 0 || app_offline(&cli->app))
		return rc;
	rc = app_queue_replay(qpath, cli->db_path, replay_one, cli, &sent, left, &cli->err);
	if (sent > 0)
		cli_fprintf(stderr, "calm: sent %lld write%s queued while the server was unreachable\n",
			    sent, sent == 1 ? "" : "s");
	return rc;
}

/* The incident a command names by its word ID, or 0. */
static long long incident_word(const struct cli_args *a)
{
	const char *word = cli_word(a, "ID");
	char *end;
	long long id = word ? strtoll(word, &end, 10) : 0;

	return word && *word && !*end && id > 0 ? id : 0;
}

/* What cmd with a changes, as a console shows a queued write (its
 * parsed words; a note's text as it will be written).  note: where a
 * note's text is built (released by the caller). */
static struct app_queued_what describe(struct cli *cli, const struct cli_cmd *cmd,
				       const struct cli_args *a, struct buf *note)
{
	struct app_queued_what w = { .kind = PENDING_OTHER };

	if (cmd != &cmd_log && cmd != &cmd_check && cmd != &cmd_set && !cmd->stage_step)
		return w; /* listed by its words, changes nothing a console marks */
	w.incident = incident_word(a); /* each of these declares it */
	if (cmd == &cmd_log && !cli_opt(a, "when")) {
		w.kind = PENDING_NOTE;
		if (a->nrest == 1 && strcmp(a->rest[0], "-") == 0) /* from stdin */
			buf_add(note, cli->stdin_text.s ? cli->stdin_text.s : "", cli->stdin_text.len);
		else
			app_words_join(note, a->nrest, (const char *const *)a->rest);
		w.what = buf_cstr(note);
	} else if (cmd == &cmd_check) {
		w = (struct app_queued_what){ PENDING_CHECK, w.incident, cli_word(a, "ITEM"), NULL,
					      !cli_flag(a, "undo") };
	} else if (cmd == &cmd_set) {
		w = (struct app_queued_what){ PENDING_FIELD, w.incident, cli_word(a, "FIELD"),
					      cli_word(a, "VALUE"), false };
	} else if (cmd->stage_step) {
		w.kind = cmd->stage_step > 0 ? PENDING_ADVANCE : PENDING_BACK;
	}
	return w;
}

/* Keep this command in the file: queued, or (sent) acknowledged and
 * kept as the journal, with what it changes.  A text read from stdin
 * ("-") is kept in the place of its "-".  What is kept is masked for
 * secrets like the text written (app_queue_words): a secret is never on
 * disk in the queue; a command whose words hold a secret only together
 * is not kept. */
static enum calm_rc keep(struct cli *cli, const struct cli_cmd *cmd, const struct cli_args *a,
			 const char *qpath, int argc, char **argv, const char *stage, bool sent)
{
	struct app_queued_what what;
	struct buf note = BUF_INIT;
	const struct buf *in = &cli->stdin_text;
	char **words;
	enum calm_rc rc;

	if (!in->len && argc > 1 && strcmp(argv[argc - 1], "-") == 0) { /* not run: read it now */
		rc = cli_read_stdin(cli, "the text", &cli->stdin_text);
		if (rc != CALM_OK)
			return rc;
	}
	words = xcalloc((size_t)argc + 1, sizeof *words);

	for (int i = 1; i < argc; i++)
		words[i - 1] = in->len && i == argc - 1 && strcmp(argv[i], "-") == 0 ? in->s : argv[i];
	if (in->len && memchr(in->s, '\0', in->len)) {
		free(words);
		return calm_err_set(&cli->err, CALM_OFFLINE,
				    "server unreachable, and a text with NUL bytes cannot be kept in the queue");
	}
	what = describe(cli, cmd, a, &note);
	rc = app_queue_words(&cli->app, qpath, cli->db_path, cli->app.replay_uid, argc - 1,
			     (const char *const *)words, &what, stage, sent, &cli->err);
	free(words);
	buf_release(&note);
	if (rc == CALM_SPLIT_SECRET) {
		calm_err_clear(&cli->err);
		return calm_err_set(&cli->err, CALM_OFFLINE,
				    "%sa secret spread over several words cannot be kept masked in the "
				    "queue: give the text as one word (quoted, or on stdin with -)",
				    sent ? "" : "server unreachable, and ");
	}
	return rc;
}

void cli_saw(struct cli *cli, long long id, const char *stage)
{
	free(cli->saw_stage);
	cli->saw_id = id;
	cli->saw_stage = xstrdup(stage);
}

/* The stage a stage move queued now is made from (malloc'd, NULL when
 * calm never showed this person the incident), and the view moved on
 * as if it had been sent. */
static char *queued_from(struct cli *cli, const struct cli_cmd *cmd, const struct cli_args *a,
			 const char *qpath)
{
	long long id = cmd->stage_step ? incident_word(a) : 0; /* only a move has its ID word */
	char *from = NULL;
	int at;

	if (!id)
		return NULL;
	if (cli->saw_id == id && cli->saw_stage) /* read before the server went */
		from = xstrdup(cli->saw_stage);
	else if (app_queue_view_get(qpath, cli->db_path, id, &from, &(struct calm_err){ 0 }) != CALM_OK)
		from = NULL;
	if (!from) {
		cli_fprintf(stderr, "calm: the stage incident %lld is at was never shown here: this %s goes from the stage it is at when sent\n",
			    id, cmd->name);
		return NULL;
	}
	at = cli->pb ? playbook_stage_index(cli->pb, from) : -1;
	at = at < 0 ? -1 : at + cmd->stage_step;
	if (at >= 0 && (size_t)at < cli->pb->nstages)
		app_queue_view_set(qpath, cli->db_path, id, cli->pb->stages[at].id,
				   &(struct calm_err){ 0 });
	return from;
}

/* Queue this command; "queued" once it is on disk. */
static enum calm_rc queue_this(struct cli *cli, const struct cli_cmd *cmd, const struct cli_args *a,
			       const char *qpath, int argc, char **argv)
{
	char *from = queued_from(cli, cmd, a, qpath);
	enum calm_rc rc = keep(cli, cmd, a, qpath, argc, argv, from, false);

	free(from);
	cli->saw_id = 0; /* the view is what the queued moves lead to */
	if (rc != CALM_OK)
		return rc;
	calm_err_clear(&cli->err);
	calm_err_clear(&cli->app.err);
	cli_fprintf(stderr, "calm: queued (server unreachable): `calm sync` or your next write sends it\n");
	return CALM_QUEUED;
}

/* A replayed write (this process is the replay's child). */
static enum calm_rc exec_replayed(struct cli *cli, const struct cli_cmd *cmd,
				  const struct cli_args *a, const char *uid)
{
	const char *from = getenv("CALM_REPLAY_STAGE");
	bool written = false;
	enum calm_rc rc;

	cli->app.replay_uid = uid;
	cli->replay_from = cmd->stage_step && from && from[0] ? from : NULL;
	if (app_offline(&cli->app))
		return calm_err_set(&cli->err, CALM_OFFLINE, "server unreachable");
	rc = app_uid_written(&cli->app, uid, &written);
	if (rc == CALM_OK && written && cli->replay_from) {
		char kind[32];

		rc = app_uid_kind(&cli->app, uid, kind, sizeof kind);
		if (rc == CALM_OK && strcmp(kind, "note") == 0) /* refused, then the process stopped */
			return calm_err_set(&cli->err, CALM_GATE,
					    "incident %.40s had moved on from stage '%.60s' when this was sent: nothing moved (your reason is kept as a note)",
					    cli_word(a, "ID"), cli->replay_from);
	}
	if (rc == CALM_OK && written && cmd->resume)
		return cmd->resume(cli, a); /* the first went: the rest, once */
	if (rc != CALM_OK || written)
		return rc; /* it went before the connection was lost */
	return cmd->exec(cli, a);
}

enum calm_rc cli_exec(struct cli *cli, const struct cli_cmd *cmd, const struct cli_args *a,
		      int argc, char **argv)
{
	const char *replaying = getenv("CALM_REPLAY_UID");
	struct buf qpath = BUF_INIT;
	char uid[EVENT_UID_LEN + 1];
	long long left = 0, refused = 0;
	bool have_q; /* the queue's path is known (else qpath is only its directory) */
	enum calm_rc rc;

	if (!app_is_open(&cli->app) || !app_on_server(&cli->app) || cmd == &cmd_status ||
	    cmd == &cmd_hook || cmd == &cmd_sync)
		return cmd->exec(cli, a);
	if (replaying && replaying[0]) {
		rc = (cmd->flags & CLI_QUEUES) ? exec_replayed(cli, cmd, a, replaying) : cmd->exec(cli, a);
		if (cli->saw_id && !app_offline(&cli->app) && cli_queue_path(cli, &qpath) == CALM_OK)
			app_queue_view_set(buf_cstr(&qpath), cli->db_path, cli->saw_id, cli->saw_stage,
					   &(struct calm_err){ 0 }); /* refused: where it is now */
		buf_release(&qpath);
		return rc;
	}
	rc = cli_queue_path(cli, &qpath);
	have_q = rc == CALM_OK;
	app_queue_hold(); /* one open of the file for all this command does with it */
	if (rc == CALM_OK && (cmd->flags & CLI_QUEUES)) {
		app_new_uid(uid);
		cli->app.replay_uid = uid; /* a write lost in its commit is found by it */
		rc = replay(cli, buf_cstr(&qpath), &left);
		if (rc == CALM_OK && (left > 0 || app_offline(&cli->app)))
			rc = queue_this(cli, cmd, a, buf_cstr(&qpath), argc, argv); /* behind the others */
		else if (rc == CALM_OK && (rc = cmd->exec(cli, a)) == CALM_OFFLINE)
			rc = queue_this(cli, cmd, a, buf_cstr(&qpath), argc, argv);
		else if (rc == CALM_OK && keep(cli, cmd, a, buf_cstr(&qpath), argc, argv, NULL, true) != CALM_OK)
			cli_fprintf(stderr, "calm: written, but not kept in the journal (%s)\n",
				    cli->err.msg); /* the write itself stands */
	} else if (rc == CALM_OK) {
		rc = cmd->exec(cli, a);
	}
	if (have_q && cli->saw_id && !app_offline(&cli->app)) /* what a move queued later is made from */
		app_queue_view_set(buf_cstr(&qpath), cli->db_path, cli->saw_id, cli->saw_stage,
				   &(struct calm_err){ 0 });
	if (have_q &&
	    app_queue_count(buf_cstr(&qpath), cli->db_path, &left, &refused, NULL, &(struct calm_err){ 0 }) ==
		    CALM_OK && refused > 0)
		app_queue_refused(buf_cstr(&qpath), cli->db_path, false, show_refused, cli,
				  &(struct calm_err){ 0 });
	app_queue_release();
	buf_release(&qpath);
	cli->app.replay_uid = NULL;
	return rc;
}

/* calm sync: send what waits, list what the server refused. */
static int list_refused(const struct app_queued *w, void *ctx)
{
	struct cli *cli = ctx;
	struct buf words = BUF_INIT;
	char at[40];

	app_queued_words(w, &words);
	cli_time(cli, w->ts_ms, at, sizeof at);
	cli_printf("refused  %s  calm %s\n         %s\n", at, buf_cstr(&words), w->refused);
	buf_release(&words);
	return 0;
}

static enum calm_rc cmd_sync_exec(struct cli *cli, const struct cli_args *a)
{
	struct buf qpath = BUF_INIT;
	long long left = 0;
	enum calm_rc rc;

	(void)a;
	if (!app_on_server(&cli->app)) {
		cli_printf("the database is a file on this machine: nothing to send\n");
		return CALM_OK;
	}
	rc = cli_queue_path(cli, &qpath);
	if (rc == CALM_OK)
		rc = replay(cli, buf_cstr(&qpath), &left);
	if (rc == CALM_OK)
		rc = app_queue_refused(buf_cstr(&qpath), cli->db_path, true, list_refused, cli,
				       &cli->err);
	if (rc == CALM_OK && left > 0)
		rc = calm_err_set(&cli->err, CALM_OFFLINE,
				  "server unreachable: %lld write%s still queued", left,
				  left == 1 ? "" : "s");
	else if (rc == CALM_OK)
		cli_printf("nothing queued: every write is on the server\n");
	buf_release(&qpath);
	return rc;
}

const struct cli_cmd cmd_sync = {
	.name = "sync",
	.usage = "sync",
	.summary = "send the writes queued while the team's server was unreachable",
	.help =
		"With a team's server as the database (a postgresql:// URI or\n"
		"service=NAME), a write made while the server cannot be reached is\n"
		"kept in a queue on this machine ($XDG_STATE_HOME/calm/queue.db) and\n"
		"calm says \"queued (server unreachable)\" and exits 0 once it is on disk.\n"
		"calm sync sends them, in the order made, each exactly once (your next\n"
		"writing command does too), then lists the writes the server refused\n"
		"(the incident was closed meanwhile, someone moved the stage on): they\n"
		"are kept, never dropped.  An advance or back goes only from the stage\n"
		"calm last showed you here (moved on by the moves you queued since).\n"
		"Exits 69 when writes still wait because the server cannot be reached.\n"
		"calm status and the shell hook never send.\n",
	.flags = CLI_NEEDS_DB,
	.exec = cmd_sync_exec,
};
