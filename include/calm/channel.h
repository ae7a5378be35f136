/*
 * channel.h - delivering a sent update: a command, a file, the clipboard.
 *
 * The channels come from the config file (struct config_channel).  A
 * command runs without a shell (posix_spawnp of the argv as written),
 * in its own process group, with the text on its stdin and its output
 * kept (the first line names a failure); past its timeout the group
 * gets SIGTERM, then SIGKILL a second later.  A file gets the text
 * appended under a heading line (when, which update, who) and followed
 * by a blank line, so updates read apart (O_APPEND, created 0600 in a
 * directory made 0700 when missing, never through a symlink), and
 * fsync'd.  The clipboard channel only builds the OSC 52 sequence: the
 * face that owns the terminal writes it (channel_osc52()).
 *
 * Text is passed byte for byte: quotes, $(...), backticks and newlines
 * reach the command's stdin exactly and are never interpreted.
 */
#ifndef CALM_CHANNEL_H
#define CALM_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>

#include "calm/buf.h"
#include "calm/config.h"
#include "calm/rc.h"

/* Largest update the clipboard channel accepts, in bytes of text:
 * its base64 is 4/3 as long and the sequence stays under 64 KiB. */
#define CHANNEL_OSC52_MAX 49152

/* What a run did. */
struct channel_result {
	int status;          /* command: exit status, -1 if it did not exit */
	int signal;          /* command: the signal that ended it, 0 if none */
	bool timed_out;      /* command: killed at the timeout */
	char output[256];    /* command: first line of its stdout/stderr, sanitised */
	char *osc52;         /* clipboard: the whole escape sequence, malloc'd */
	char where[512];     /* "command:prog", "file:/path", "clipboard" */
};

/* Free what res owns. */
void channel_result_release(struct channel_result *res);

/*
 * Deliver text[0..len) through ch; a file channel writes heading (one
 * line, may be NULL) before it.  CALM_OK when it was delivered (a
 * command that exited 0, a file written and synced, a clipboard
 * sequence built); else CALM_IO with a one-line message ("command
 * 'slack-send' exited with status 3: no token", "command 'x' did not
 * finish within 10 s and was killed", "cannot append to '/x': ...").
 * res is filled either way (release it).
 */
enum calm_rc channel_run(const struct config_channel *ch, const char *text,
			 size_t len, const char *heading,
			 struct channel_result *res, struct calm_err *err);

/* Append the OSC 52 sequence that puts text on the clipboard
 * (ESC ] 52 ; c ; base64 BEL). */
void channel_osc52(struct buf *out, const char *text, size_t len);

#endif
