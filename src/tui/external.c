/*
 * external.c - long text in the user's editor, and recovered drafts.
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
 * Drafts: when a signal (SIGHUP from a dropped SSH link, SIGTERM, SIGINT)
 * ends the console while a note is being typed, the text is written to
 * $XDG_STATE_HOME/calm/draft-ID.txt (0600, directories 0700) before the
 * terminal is restored; opening the incident again offers it.
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

/* $XDG_STATE_HOME/calm (absolute, else ~/.local/state/calm), created
 * 0700 when missing; NULL when there is no usable place. */
static char *state_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT;
	char *p;

	if (x && x[0] == '/')
		buf_adds(&b, x);
	else if (home && home[0] == '/')
		buf_addf(&b, "%s/.local/state", home);
	else
		return NULL;
	buf_adds(&b, "/calm");
	p = buf_detach(&b);
	/* create each missing component 0700; existing ones keep their mode */
	for (char *s = strchr(p + 1, '/');; s = strchr(s + 1, '/')) {
		if (s)
			*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return NULL;
		}
		if (!s)
			break;
		*s = '/';
	}
	return p;
}

char *draft_path(long long id)
{
	char *dir = state_dir(), *p;
	struct buf b = BUF_INIT;

	if (!dir)
		return NULL;
	buf_addf(&b, "%s/draft-%lld.txt", dir, id);
	free(dir);
	p = buf_detach(&b);
	return p;
}

/* Write all of s to a new file at path, 0600; false on failure. */
static bool write_file(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
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
	int fd = open(path, O_RDONLY | O_NOFOLLOW);
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

void draft_save(long long id, const char *text)
{
	char *p = draft_path(id);

	if (p)
		write_file(p, text, strlen(text));
	free(p);
}

char *draft_load(long long id, long long *mtime_ms)
{
	char *p = draft_path(id), *s = NULL;
	struct stat sb;
	size_t len;

	if (p && stat(p, &sb) == 0) {
		*mtime_ms = (long long)sb.st_mtim.tv_sec * 1000 +
			    sb.st_mtim.tv_nsec / 1000000;
		s = read_file(p, &len);
		if (s && !s[0]) {
			free(s);
			s = NULL;
		}
	}
	free(p);
	return s;
}

void draft_remove(long long id)
{
	char *p = draft_path(id);

	if (p)
		unlink(p);
	free(p);
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

/* Run ed on path and wait; returns the wait status, -1 when it could
 * not be started. */
static int run_editor(const char *ed, const char *path)
{
	posix_spawnattr_t attr;
	sigset_t def;
	pid_t pid;
	int rc, status = -1;
	bool plain = strpbrk(ed, " \t\n'\"\\$`|&;<>()*?[]#~={}") == NULL;
	char *argv_plain[] = { (char *)ed, (char *)path, NULL };
	char *script = NULL;
	struct buf b = BUF_INIT;

	posix_spawnattr_init(&attr);
	sigemptyset(&def);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGHUP);
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
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

void external_edit(struct tui *t, const char *text, char **out)
{
	char *dir = state_dir(), *path = NULL, *s = NULL;
	const char *ed = editor();
	struct buf b = BUF_INIT;
	struct sigaction ign, old;
	size_t len = 0;
	int status;
	int fd;

	*out = NULL;
	if (!dir) {
		const char *tmp = getenv("TMPDIR");

		dir = xstrdup(tmp && tmp[0] == '/' ? tmp : "/tmp");
	}
	buf_addf(&b, "%s/note-XXXXXX", dir);
	path = buf_detach(&b);
	free(dir);
	fd = mkstemp(path); /* 0600 */
	if (fd < 0) {
		tui_status(t, true, "cannot create a file for the editor in '%s'", path);
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

	/* hand the terminal over */
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

	if (status == -1) {
		tui_status(t, true, "cannot start the editor '%.200s' (set VISUAL or EDITOR)", ed);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		tui_status(t, true, "the editor '%.200s' failed: nothing saved", ed);
	} else {
		s = read_file(path, &len);
		while (s && len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
			s[--len] = '\0'; /* editors end files with a newline */
		if (s && len == 0) {
			free(s);
			s = NULL;
		}
		*out = s;
	}
	unlink(path);
	free(path);
}
