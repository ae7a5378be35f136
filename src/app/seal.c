/*
 * seal.c - signed checkpoints of an incident's chain, with OpenSSH.
 *
 * The hash chain shows an edit made with a plain SQL tool, but not one
 * made by someone who recomputes every hash after it (the chain has no
 * key).  A seal closes that gap: the chain head (the newest event, the
 * number of events and that event's hash, with the database's id and
 * the incident) is written as a short text and signed with the person's
 * SSH key by `ssh-keygen -Y sign -n calm` (OpenSSH's file signing, the
 * same as git's SSH commit signing).  verify recomputes the chain and
 * checks each seal's head against it (store_verify), then the signature
 * with `ssh-keygen -Y verify` against an allowed-signers file: a
 * rewritten timeline fails unless the forger holds a listed key.
 *
 * The key: seal_key from the config, else the first key the agent
 * holds, else ~/.ssh/id_ed25519.  Without APP_SEAL_PROMPT ssh-keygen
 * runs in its own session (no terminal to ask on) and only a key usable
 * without a passphrase is tried: the agent's, or a file that opens with
 * an empty one; the console never asks for a passphrase under curses.
 * ssh-keygen's own messages go to a file in a private directory whose
 * first line names a failure; the message and signature files live
 * there too and are removed after.
 */
#include "calm/app.h"
#include "app-int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"

/* A private directory for the message, the signature and the output. */
struct work {
	char *dir;
	struct buf out;    /* the last run's stdout */
	char err[256];     /* the first line of its stderr, sanitised */
};

static char *work_path(const struct work *w, const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", w->dir, name);
	return buf_detach(&b);
}

static bool work_open(struct work *w, struct calm_err *err)
{
	const char *tmp = getenv("TMPDIR");
	struct buf b = BUF_INIT;

	memset(w, 0, sizeof *w);
	buf_addf(&b, "%s/calm-seal-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!mkdtemp(b.s)) {
		calm_err_set(err, CALM_IO, "cannot make a directory in '%s': %s",
			     tmp && tmp[0] == '/' ? tmp : "/tmp", strerror(errno));
		buf_release(&b);
		return false;
	}
	w->dir = buf_detach(&b);
	return true;
}

static void work_close(struct work *w)
{
	static const char *const names[] = { "seal", "seal.sig", "agent.pub", "out", "err",
					     "allowed" };

	for (size_t i = 0; w->dir && i < sizeof names / sizeof names[0]; i++) {
		char *p = work_path(w, names[i]);

		unlink(p);
		free(p);
	}
	if (w->dir)
		rmdir(w->dir);
	free(w->dir);
	buf_release(&w->out);
}

static bool write_text(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t len = strlen(s);
	bool ok = fd >= 0 && write(fd, s, len) == (ssize_t)len;

	if (fd >= 0 && close(fd) != 0)
		ok = false;
	return ok;
}

static char *read_text(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct buf b = BUF_INIT;
	char chunk[4096];
	ssize_t n;

	if (fd < 0)
		return NULL;
	while (b.len < 65536 && (n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	return b.s ? buf_detach(&b) : xstrdup("");
}

/*
 * Run argv (ssh-keygen, ssh-add) with stdin from in (NULL: /dev/null),
 * stdout into w->out and the first line of stderr into w->err.  prompt:
 * it shares the terminal (a passphrase may be asked); else it runs in a
 * session of its own, where nothing can be asked.  Returns the exit
 * status, 127 when the program is not there, -1 on other failures.
 */
static int run(struct work *w, char *const argv[], const char *in, bool prompt)
{
	char *out = work_path(w, "out"), *errp = work_path(w, "err"), *e;
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE };
	int status = -1;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) { /* the child: calm is single-threaded */
		int fi = open(in ? in : "/dev/null", O_RDONLY);
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (!prompt)
			setsid(); /* no terminal: nothing can be asked */
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			signal(sigs[i], SIG_DFL);
		if (fi < 0 || fo < 0 || fe < 0 || dup2(fi, STDIN_FILENO) < 0 ||
		    dup2(fo, STDOUT_FILENO) < 0 || dup2(fe, STDERR_FILENO) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	}
	buf_reset(&w->out);
	if ((e = read_text(out))) {
		buf_adds(&w->out, e);
		free(e);
	}
	w->err[0] = '\0';
	if ((e = read_text(errp))) {
		char *line = xstrndup(e, strcspn(e, "\r\n")), *safe = text_sanitize_dup(line, 0);

		snprintf(w->err, sizeof w->err, "%s", safe);
		free(safe);
		free(line);
		free(e);
	}
	free(out);
	free(errp);
	return status;
}

/* The text a seal signs: everything that identifies the chain head. */
static char *seal_message(const char *db_id, long long incident, const struct chain_head *h)
{
	static const char hex[] = "0123456789abcdef";
	struct buf b = BUF_INIT;

	buf_addf(&b, "calm seal v1\ndatabase %s\nincident %lld\nevent %lld\nevents %lld\nhead ",
		 db_id, incident, h->event, h->events);
	for (int i = 0; i < STORE_HASH_LEN; i++) {
		buf_addc(&b, hex[h->head[i] >> 4]);
		buf_addc(&b, hex[h->head[i] & 15]);
	}
	buf_addc(&b, '\n');
	return buf_detach(&b);
}

/* The key to sign with, into *key (malloc'd). */
static enum calm_rc pick_key(struct app *app, struct work *w, const char *want,
			     bool prompt, char **key)
{
	const char *home = getenv("HOME"), *sock = getenv("SSH_AUTH_SOCK");
	char *const list[] = { "ssh-add", "-L", NULL };
	struct buf b = BUF_INIT;
	struct stat sb;

	*key = NULL;
	if (want) {
		*key = xstrdup(want);
	} else if (sock && sock[0] && run(w, list, NULL, false) == 0 && w->out.len > 0) {
		char *pub = work_path(w, "agent.pub"), *line;

		line = xstrndup(w->out.s, strcspn(w->out.s, "\n"));
		buf_addf(&b, "%s\n", line);
		free(line);
		if (!write_text(pub, b.s)) {
			free(pub);
			buf_release(&b);
			return calm_err_set(&app->err, CALM_IO, "cannot write '%s'", w->dir);
		}
		buf_release(&b);
		*key = pub;
		return CALM_OK; /* the agent signs: no passphrase asked */
	} else if (home && home[0] == '/') {
		buf_addf(&b, "%s/.ssh/id_ed25519", home);
		if (stat(b.s, &sb) == 0)
			*key = buf_detach(&b);
		buf_release(&b);
	}
	if (!*key)
		return calm_err_set(&app->err, CALM_USAGE,
				    "no SSH key to seal with: set seal_key in the config, add a key to ssh-agent, or create ~/.ssh/id_ed25519");
	/* a key file: without a terminal, only one that needs no passphrase */
	size_t n = strlen(*key);
	if (!prompt && !(n > 4 && strcmp(*key + n - 4, ".pub") == 0)) {
		char *const probe[] = { "ssh-keygen", "-y", "-P", "", "-f", *key, NULL };
		int st = run(w, probe, NULL, false);

		if (st == 127)
			return calm_err_set(&app->err, CALM_IO, "ssh-keygen not found: install openssh-client");
		if (st != 0)
			return calm_err_set(&app->err, CALM_GATE,
					    "the key '%s' needs a passphrase (or cannot be read)", *key);
	}
	return CALM_OK;
}

/* "ED25519 SHA256:..." from check-novalidate's "Good ... with ED25519 key SHA256:...". */
static void signer_of(const char *out, char *signer, size_t n)
{
	const char *p = strstr(out, " with ");
	size_t len;

	signer[0] = '\0';
	if (!p)
		return;
	p += 6;
	len = strcspn(p, "\r\n");
	char *line = xstrndup(p, len), *k = strstr(line, " key ");
	if (k)
		memmove(k, k + 4, strlen(k + 4) + 1); /* "ED25519 SHA256:..." */
	char *safe = text_sanitize_dup(line, 0);
	snprintf(signer, n, "%s", safe);
	free(safe);
	free(line);
}

struct head_seal {
	long long event;
	bool found;
};

static int seal_at(const struct seal *s, void *ctx)
{
	struct head_seal *h = ctx;

	h->found |= s->head.event == h->event;
	return h->found;
}

enum calm_rc app_sealed_head(struct app *app, long long id, bool *yes)
{
	struct chain_head head;
	struct head_seal h = { 0 };
	enum calm_rc rc = store_chain_head(app->st, id, &head, &app->err);

	if (rc == CALM_OK) {
		h.event = head.event;
		rc = store_seal_each(app->st, id, seal_at, &h, &app->err);
	}
	*yes = h.found;
	return rc;
}

enum calm_rc app_seal(struct app *app, long long id, const char *key, unsigned flags,
		      struct app_seal_result *res)
{
	bool prompt = flags & APP_SEAL_PROMPT;
	char db_id[DB_ID_LEN + 1], *msg = NULL, *use = NULL, *mpath = NULL, *spath = NULL,
	     *sig = NULL;
	struct chain_head head;
	struct work w;
	enum calm_rc rc;
	int st;

	calm_err_clear(&app->err);
	memset(res, 0, sizeof *res);
	rc = store_db_id(app->st, db_id, &app->err);
	if (rc == CALM_OK)
		rc = store_chain_head(app->st, id, &head, &app->err);
	if (rc == CALM_OK) /* before a key is asked for; again as it is stored */
		rc = app_check_own(app, id);
	if (rc != CALM_OK)
		return rc;
	if (!work_open(&w, &app->err))
		return CALM_IO;
	rc = pick_key(app, &w, key, prompt, &use);
	msg = seal_message(db_id, id, &head);
	mpath = work_path(&w, "seal");
	spath = work_path(&w, "seal.sig");
	if (rc == CALM_OK && !write_text(mpath, msg))
		rc = calm_err_set(&app->err, CALM_IO, "cannot write '%s'", mpath);
	if (rc == CALM_OK) {
		char *const sign[] = { "ssh-keygen", "-Y", "sign", "-n", "calm", "-f", use, mpath, NULL };

		st = run(&w, sign, NULL, prompt);
		if (st == 127)
			rc = calm_err_set(&app->err, CALM_IO, "ssh-keygen not found: install openssh-client");
		else if (st != 0 || !(sig = read_text(spath)))
			rc = calm_err_set(&app->err, CALM_IO, "cannot sign with '%s': %s", use,
					  w.err[0] ? w.err : "ssh-keygen failed");
	}
	if (rc == CALM_OK) {
		char *const check[] = { "ssh-keygen", "-Y", "check-novalidate", "-n", "calm",
					"-s", spath, NULL };

		if (run(&w, check, mpath, false) != 0)
			rc = calm_err_set(&app->err, CALM_IO, "the signature made with '%s' does not check: %s",
					  use, w.err[0] ? w.err : "ssh-keygen failed");
		else
			signer_of(buf_cstr(&w.out), res->signer, sizeof res->signer);
	}
	if (rc == CALM_OK) {
		struct seal s = { .incident = id, .head = head, .signed_ms = app_now(app),
				  .author = app_author(app), .key = res->signer,
				  .signature = sig };

		rc = app_begin(app);
		if (rc == CALM_OK)
			rc = app_check_own(app, id);
		if (rc == CALM_OK)
			rc = store_seal_add(app->st, id, &s, &app->err);
		rc = app_finish(app, rc);
	}
	if (rc == CALM_OK) {
		res->event = head.event;
		res->events = head.events;
		snprintf(res->key, sizeof res->key, "%s", key || !strstr(use, "/agent.pub") ? use : "ssh-agent");
	}
	free(sig);
	free(msg);
	free(use);
	free(mpath);
	free(spath);
	work_close(&w);
	return rc;
}

enum calm_rc app_seal_check(struct app *app, const struct seal *s, const char *allowed,
			    struct app_seal_status *out)
{
	char db_id[DB_ID_LEN + 1], *msg, *mpath, *spath;
	struct stat sb;
	struct work w;
	enum calm_rc rc;
	int st;

	memset(out, 0, sizeof *out);
	out->seal = s->id;
	rc = store_db_id(app->st, db_id, &app->err);
	if (rc != CALM_OK)
		return rc;
	if (!work_open(&w, &app->err))
		return CALM_IO;
	{	/* as signed: in the store it was sealed in, when it has moved */
		struct chain_head h = s->head;

		if (s->signed_event)
			h.event = s->signed_event;
		msg = seal_message(s->signed_db ? s->signed_db : db_id,
				   s->signed_incident ? s->signed_incident : s->incident, &h);
	}
	mpath = work_path(&w, "seal");
	spath = work_path(&w, "seal.sig");
	if (!write_text(mpath, msg) || !write_text(spath, s->signature ? s->signature : "")) {
		rc = calm_err_set(&app->err, CALM_IO, "cannot write '%s'", w.dir);
		goto out;
	}
	char *const check[] = { "ssh-keygen", "-Y", "check-novalidate", "-n", "calm", "-s", spath, NULL };
	st = run(&w, check, mpath, false);
	if (st == 127) {
		out->result = SEAL_NO_TOOL;
		snprintf(out->why, sizeof out->why, "ssh-keygen not found: install openssh-client");
		goto out;
	}
	if (st != 0) {
		out->result = SEAL_BAD;
		snprintf(out->why, sizeof out->why, "the signature is not over this chain head%s%s",
			 w.err[0] ? ": " : "", w.err);
		goto out;
	}
	signer_of(buf_cstr(&w.out), out->signer, sizeof out->signer);
	if (!allowed || stat(allowed, &sb) != 0) {
		out->result = SEAL_UNCHECKED;
		snprintf(out->why, sizeof out->why, "signer not checked: no allowed-signers file%s%s",
			 allowed ? " " : "", allowed ? allowed : "");
		goto out;
	}
	char *const find[] = { "ssh-keygen", "-Y", "find-principals", "-s", spath,
			       "-f", (char *)allowed, NULL };
	if (run(&w, find, NULL, false) != 0 || w.out.len == 0) {
		out->result = SEAL_BAD;
		snprintf(out->why, sizeof out->why, "signed by %s, a key not in %s",
			 out->signer[0] ? out->signer : "an unknown key", allowed);
		goto out;
	}
	{
		char *who = xstrndup(w.out.s, strcspn(w.out.s, "\r\n")), *safe;
		char *const verify[] = { "ssh-keygen", "-Y", "verify", "-f", (char *)allowed,
					 "-I", who, "-n", "calm", "-s", spath, NULL };

		safe = text_sanitize_dup(who, 0);
		snprintf(out->principal, sizeof out->principal, "%s", safe);
		free(safe);
		st = run(&w, verify, mpath, false);
		free(who);
	}
	out->result = st == 0 ? SEAL_GOOD : SEAL_BAD;
	if (st != 0)
		snprintf(out->why, sizeof out->why, "the signature does not verify for %s: %s",
			 out->principal, w.err[0] ? w.err : "ssh-keygen failed");
out:
	free(msg);
	free(mpath);
	free(spath);
	work_close(&w);
	return rc;
}
