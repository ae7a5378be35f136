/*
 * external.c - long text in the user's editor.
 *
 * external_edit() writes the text typed so far into a private temporary
 * file, hands the terminal to $VISUAL (when TERM is not dumb), $EDITOR
 * or vi, and reads the file back when the editor exits.  The terminal is
 * handed over as TERMINAL.md 7 says: bracketed paste and mouse off,
 * def_prog_mode() and endwin(); SIGINT ignored while the editor runs (a
 * C-c meant for the editor must not end the console); then
 * reset_prog_mode() and a full repaint.  A plain editor name is started
 * with posix_spawnp() and no shell; a value with arguments or shell
 * syntax ("code --wait") runs as /bin/sh -c '<ed> "$@"' <ed> <path>, so
 * the path is never spliced into a shell string (after git's editor.c).
 *
 * Nothing the editor saved is thrown away: the file is named after the
 * database and the incident (recover.c finds it again if calm dies while
 * the editor is open); an editor that fails or is killed after saving
 * leaves its text in the line editor, Enter to save; a signal to the
 * console while the editor is open is passed on to the editor as SIGHUP,
 * and what it saved is kept with the rest (tui.c).
 */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calm/buf.h"

extern char **environ;

/* How long an editor may take to go after the console got a signal. */
#define EDITOR_GRACE_MS 10000

/* Write all of s to path (an empty file made by mkstemp); false on failure. */
static bool write_file(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	bool ok = fd >= 0;

	while (ok && len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		if (ok) {
			s += n;
			len -= (size_t)n;
		}
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	return ok;
}

/* The whole file (at most APP_MAX_TEXT + 1 bytes); NULL when missing. */
static char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct buf b = BUF_INIT;
	char chunk[8192];
	ssize_t n;

	if (fd < 0)
		return NULL;
	while (b.len <= APP_MAX_TEXT) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	return b.s ? buf_detach(&b) : xstrdup("");
}

/* $VISUAL when the terminal can show it, else $EDITOR, else vi. */
static const char *editor(void)
{
	const char *term = getenv("TERM"), *v = getenv("VISUAL"),
		   *e = getenv("EDITOR");

	if (v && v[0] && !(term && strcmp(term, "dumb") == 0))
		return v;
	if (e && e[0])
		return e;
	return "vi";
}

/*
 * Wait for the editor.  When the console is asked to go meanwhile (its
 * terminal hung up, a kill), the editor gets SIGHUP as it would from
 * the terminal, so that it saves or leaves, and EDITOR_GRACE_MS to do
 * so; then SIGKILL.  What it saved stays in its file either way.
 */
static int wait_editor(pid_t pid)
{
	int status = -1, waited = 0;
	bool told = false;

	for (;;) {
		pid_t r = waitpid(pid, &status, told ? WNOHANG : 0);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (!tui_signalled())
			continue;
		if (!told) {
			kill(pid, SIGHUP);
			told = true;
		} else if (waited >= EDITOR_GRACE_MS) {
			kill(pid, SIGKILL);
		}
		usleep(50 * 1000);
		waited += 50;
	}
}

/* Run ed on path and wait; returns the wait status, -1 when it could
 * not be started. */
static int run_editor(const char *ed, const char *path)
{
	posix_spawnattr_t attr;
	sigset_t def;
	pid_t pid;
	int rc;
	bool plain = strpbrk(ed, " \t\n'\"\\$`|&;<>()*?[]#~={}") == NULL;
	char *argv_plain[] = { (char *)ed, (char *)path, NULL };
	char *script = NULL;
	struct buf b = BUF_INIT;

	posix_spawnattr_init(&attr);
	sigemptyset(&def);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGHUP);
	sigaddset(&def, SIGQUIT);
	sigaddset(&def, SIGTSTP);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	if (plain) {
		rc = posix_spawnp(&pid, ed, NULL, &attr, argv_plain, environ);
	} else {
		char *argv_sh[] = { "/bin/sh", "-c", NULL, (char *)ed,
				    (char *)path, NULL };

		buf_addf(&b, "%s \"$@\"", ed);
		script = buf_detach(&b);
		argv_sh[2] = script;
		rc = posix_spawn(&pid, "/bin/sh", NULL, &attr, argv_sh, environ);
	}
	posix_spawnattr_destroy(&attr);
	free(script);
	if (rc != 0)
		return -1;
	return wait_editor(pid);
}

/* A file for the editor, found again by recover.c if calm dies with it
 * open; else (no state directory, no database id) one in $TMPDIR. */
static char *editor_file(struct tui *t, enum edit_purpose purpose, int *fd)
{
	struct calm_err err = { 0 };
	char *path = recover_editor_template(t, purpose, &err);

	if (!path) {
		const char *tmp = getenv("TMPDIR");
		struct buf b = BUF_INIT;

		buf_addf(&b, "%s/calm-note-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
		path = buf_detach(&b);
	}
	*fd = mkstemp(path); /* 0600 */
	return path;
}

void external_back_to_line(struct tui *t, enum edit_purpose purpose, const char *text)
{
	tui_edit_begin(t, purpose);
	if (purpose == EDIT_DRAFT) {
		t->cm.base = t->cm.rev;
		snprintf(t->ed.label, sizeof t->ed.label, "%s draft: ", audience_name(t->cm.aud));
	}
	edit_insert_utf8(&t->ed, text, strlen(text));
	t->dirty |= D_STATUS | D_KEYS;
}

/* Hand the terminal to the editor on path; the wait status. */
static int hand_over(struct tui *t, const char *ed, const char *path)
{
	struct sigaction ign, old;
	int status;

	if (t->mouse)
		mousemask(0, NULL);
	putp("\033[?2004l");
	fflush(stdout);
	def_prog_mode();
	endwin();
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old);
	status = run_editor(ed, path);
	sigaction(SIGINT, &old, NULL);
	/* and take it back */
	reset_prog_mode();
	putp("\033[?2004h");
	fflush(stdout);
	if (t->mouse)
		tui_mouse(t, true);
	clearok(curscr, TRUE);
	tui_layout(t);
	refresh();
	return status;
}

void external_edit(struct tui *t, const char *text, enum edit_purpose purpose,
		   char **out)
{
	const char *ed = editor();
	struct buf b = BUF_INIT;
	char *path, *s = NULL;
	size_t len = 0;
	bool changed;
	int status, fd;

	*out = NULL;
	path = editor_file(t, purpose, &fd);
	if (fd < 0) {
		tui_status(t, true, "cannot create a file for the editor in '%s': %s", path,
			   strerror(errno));
		free(path);
		return;
	}
	close(fd);
	buf_adds(&b, text ? text : "");
	if (b.len > 0) /* a text file ends with a newline; editors expect it */
		buf_addc(&b, '\n');
	if (!write_file(path, buf_cstr(&b), b.len)) {
		buf_release(&b);
		tui_status(t, true, "cannot write '%s'", path);
		unlink(path);
		free(path);
		return;
	}
	buf_release(&b);
	status = hand_over(t, ed, path);

	s = read_file(path, &len);
	while (s && len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0'; /* editors end files with a newline */
	changed = s && strcmp(s, text ? text : "") != 0;
	if (status == -1) {
		tui_status(t, true, "cannot start the editor '%.200s' (set VISUAL or EDITOR)", ed);
	} else if (tui_signalled() && s && s[0]) {
		/* the console is going: the text is kept with the line editor's */
		external_back_to_line(t, purpose, s);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (changed && s[0]) {
			external_back_to_line(t, purpose, s);
			tui_status(t, true, "the editor '%.100s' %s after saving: your text is here, Enter saves it",
				   ed, WIFSIGNALED(status) ? "was killed" : "failed");
		} else {
			tui_status(t, true, "the editor '%.200s' failed: nothing saved", ed);
		}
	} else if (s && len > 0) {
		*out = s;
		s = NULL;
	}
	free(s);
	unlink(path);
	free(path);
}
