/*
 * channel.c - run a channel: a command without a shell, a file append,
 * or the clipboard sequence.  See channel.h.
 *
 * The command runner writes the text to the child's stdin and reads
 * its output through one poll() loop, so neither side can block the
 * other whatever the sizes, and the loop's deadline is the timeout.
 * SIGPIPE is ignored while it runs (a child that exits without reading
 * must not kill calm) and reset to the default in the child.
 */
#include "calm/channel.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "calm/clock.h"
#include "calm/fdio.h"
#include "calm/text.h"

extern char **environ;

/* Grace between SIGTERM and SIGKILL at a timeout, ms. */
#define KILL_GRACE_MS 1000

void channel_result_release(struct channel_result *res)
{
	if (!res)
		return;
	free(res->osc52);
	memset(res, 0, sizeof *res);
}

void channel_osc52(struct buf *out, const char *text, size_t len)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)text;

	buf_adds(out, "\033]52;c;");
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		buf_addc(out, b64[(v >> 18) & 63]);
		buf_addc(out, b64[(v >> 12) & 63]);
		buf_addc(out, i + 1 < len ? b64[(v >> 6) & 63] : '=');
		buf_addc(out, i + 2 < len ? b64[v & 63] : '=');
	}
	buf_addc(out, '\a');
}

static void set_cloexec_nonblock(int fd)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Keep the first line of the child's output, sanitised. */
static void keep_output(struct channel_result *res, struct buf *out)
{
	const char *s = buf_cstr(out);
	size_t n = strcspn(s, "\r\n");
	char *line = xstrndup(s, n < 200 ? n : 200);
	char *safe = text_sanitize_dup(line, TEXT_TAB_SPACE);

	snprintf(res->output, sizeof res->output, "%s", safe);
	free(safe);
	free(line);
}

/* Wait for pid until deadline (ms, monotonic); true when it was reaped. */
static bool reap_by(pid_t pid, int *wstatus, long long deadline)
{
	for (;;) {
		pid_t r = waitpid(pid, wstatus, WNOHANG);
		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR)
			return true; /* not ours any more: nothing to wait for */
		if (mono_ms() >= deadline)
			return false;
		struct timespec ts = { 0, 10 * 1000000 };
		nanosleep(&ts, NULL);
	}
}

/* Spawn argv with stdin from in[0], stdout and stderr to out[1]. */
static int spawn(const struct config_channel *ch, int in[2], int out[2],
		 pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t def, none;
	int e;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDERR_FILENO);
	posix_spawnattr_init(&attr);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGQUIT);
	sigaddset(&def, SIGTERM);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF |
				 POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
	e = posix_spawnp(pid, ch->argv[0], &fa, &attr, ch->argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return e;
}

/* Feed text, collect output, until both pipes are done or deadline. */
static bool pump(int in_fd, int out_fd, const char *text, size_t len,
		 struct buf *output, long long deadline)
{
	size_t off = 0;
	char chunk[4096];

	if (len == 0) {
		close(in_fd);
		in_fd = -1;
	}
	while (out_fd >= 0) {
		struct pollfd pf[2];
		nfds_t n = 0;
		long long left = deadline - mono_ms();

		if (left <= 0) {
			if (in_fd >= 0)
				close(in_fd);
			return false;
		}
		pf[n++] = (struct pollfd){ .fd = out_fd, .events = POLLIN };
		if (in_fd >= 0)
			pf[n++] = (struct pollfd){ .fd = in_fd, .events = POLLOUT };
		if (poll(pf, n, left > 1000 ? 1000 : (int)left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 2 && pf[1].revents) {
			ssize_t w = write(in_fd, text + off, len - off);
			if (w > 0)
				off += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || off == len ||
			    (pf[1].revents & (POLLERR | POLLHUP))) {
				close(in_fd); /* EPIPE: it stopped reading; fine */
				in_fd = -1;
			}
		}
		if (pf[0].revents) {
			ssize_t r = read(out_fd, chunk, sizeof chunk);
			if (r > 0) {
				if (output->len < 4096)
					buf_add(output, chunk, (size_t)r);
			} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
				out_fd = -1; /* every writer closed: it is done */
			}
		}
	}
	if (in_fd >= 0)
		close(in_fd);
	return true;
}

static enum calm_rc run_command(const struct config_channel *ch,
				const char *text, size_t len,
				struct channel_result *res, struct calm_err *err)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	struct buf output = BUF_INIT;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, wstatus = 0, e;
	long long deadline;
	bool finished, reaped;
	pid_t pid;
	enum calm_rc rc = CALM_OK;
	char *prog = text_sanitize_dup(ch->argv[0], 0);

	res->status = -1;
	snprintf(res->where, sizeof res->where, "command:%s", prog);
	if (pipe(in) != 0 || pipe(out) != 0) {
		rc = calm_err_set(err, CALM_IO, "cannot run '%s': %s", prog, strerror(errno));
		goto out;
	}
	set_cloexec_nonblock(in[1]);
	set_cloexec_nonblock(out[0]);
	fcntl(in[0], F_SETFD, FD_CLOEXEC);
	fcntl(out[1], F_SETFD, FD_CLOEXEC);
	sigaction(SIGPIPE, &ign, &old);
	e = spawn(ch, in, out, &pid);
	close(in[0]);
	close(out[1]);
	in[0] = out[1] = -1;
	if (e != 0) {
		sigaction(SIGPIPE, &old, NULL);
		close(in[1]);
		in[1] = -1;
		rc = calm_err_set(err, CALM_IO, "cannot run '%s': %s", prog, strerror(e));
		goto out;
	}
	deadline = mono_ms() + (long long)(ch->timeout_s > 0 ? ch->timeout_s : CONFIG_CHANNEL_TIMEOUT) * 1000;
	finished = pump(in[1], out[0], text, len, &output, deadline);
	in[1] = -1; /* pump closed it */
	reaped = finished && reap_by(pid, &wstatus, deadline);
	if (!reaped) {
		res->timed_out = true;
		kill(-pid, SIGTERM);
		if (!reap_by(pid, &wstatus, mono_ms() + KILL_GRACE_MS)) {
			kill(-pid, SIGKILL);
			reap_by(pid, &wstatus, mono_ms() + 60000);
		}
	}
	sigaction(SIGPIPE, &old, NULL);
	keep_output(res, &output);
	if (WIFEXITED(wstatus))
		res->status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		res->signal = WTERMSIG(wstatus);
	if (res->timed_out)
		rc = calm_err_set(err, CALM_IO,
				  "command '%s' did not finish within %d s and was killed",
				  prog, ch->timeout_s);
	else if (res->signal)
		rc = calm_err_set(err, CALM_IO, "command '%s' was killed by signal %d%s%s",
				  prog, res->signal, res->output[0] ? ": " : "", res->output);
	else if (res->status != 0)
		rc = calm_err_set(err, CALM_IO, "command '%s' exited with status %d%s%s",
				  prog, res->status, res->output[0] ? ": " : "", res->output);
out:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	buf_release(&output);
	free(prog);
	return rc;
}

/* mkdir -p, 0700, of the directories above path that are missing. */
static void make_parents(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			break;
		*s = '/';
	}
	free(p);
}

static enum calm_rc run_file(const struct config_channel *ch, const char *text,
			     size_t len, const char *heading,
			     struct channel_result *res, struct calm_err *err)
{
	char *safe = text_sanitize_dup(ch->path, 0);
	struct buf entry = BUF_INIT;
	enum calm_rc rc = CALM_OK;
	int fd;

	snprintf(res->where, sizeof res->where, "file:%s", safe);
	make_parents(ch->path);
	fd = open(ch->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
		  O_NOCTTY, 0600);
	if (fd < 0) {
		rc = calm_err_set(err, CALM_IO, "cannot append to '%s': %s", safe,
				  strerror(errno));
		goto out;
	}
	/* one write: heading, text, its newline, a blank line after */
	if (heading)
		buf_addf(&entry, "%s\n", heading);
	buf_add(&entry, text, len);
	if (len == 0 || text[len - 1] != '\n')
		buf_addc(&entry, '\n');
	if (heading)
		buf_addc(&entry, '\n');
	if (!fd_write_all(fd, entry.s, entry.len, 0))
		rc = calm_err_set(err, CALM_IO, "cannot append to '%s': %s", safe,
				  errno ? strerror(errno) : "short write");
	if (rc == CALM_OK && fsync(fd) != 0)
		rc = calm_err_set(err, CALM_IO, "cannot sync '%s': %s", safe,
				  strerror(errno));
	if (close(fd) != 0 && rc == CALM_OK)
		rc = calm_err_set(err, CALM_IO, "cannot close '%s': %s", safe,
				  strerror(errno));
out:
	buf_release(&entry);
	free(safe);
	return rc;
}

enum calm_rc channel_run(const struct config_channel *ch, const char *text,
			 size_t len, const char *heading,
			 struct channel_result *res, struct calm_err *err)
{
	struct buf b = BUF_INIT;

	memset(res, 0, sizeof *res);
	res->status = -1;
	switch (ch->kind) {
	case CHANNEL_COMMAND:
		if (!ch->argv || !ch->argv[0] || !ch->argv[0][0])
			return calm_err_set(err, CALM_CONFIG, "channel '%s' has no command",
					    ch->name ? ch->name : "?");
		return run_command(ch, text, len, res, err);
	case CHANNEL_FILE:
		if (!ch->path)
			return calm_err_set(err, CALM_CONFIG, "channel '%s' has no file",
					    ch->name ? ch->name : "?");
		return run_file(ch, text, len, heading, res, err);
	case CHANNEL_DRILL:
		snprintf(res->where, sizeof res->where, "drill");
		return CALM_OK;
	case CHANNEL_CLIPBOARD:
		snprintf(res->where, sizeof res->where, "clipboard");
		if (len > CHANNEL_OSC52_MAX)
			return calm_err_set(err, CALM_IO,
					    "the update is too long for the clipboard (%zu bytes, at most %d): use a file channel",
					    len, CHANNEL_OSC52_MAX);
		channel_osc52(&b, text, len);
		res->osc52 = buf_detach(&b);
		return CALM_OK;
	}
	return calm_err_set(err, CALM_CONFIG, "channel '%s' has an unknown kind",
			    ch->name ? ch->name : "?");
}
