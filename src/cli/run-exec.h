/*
 * run-exec.h - running a command for `calm run` (run-exec.c), shared by
 * cmd-run.c only.
 *
 * The command runs without a shell.  When calm's stdout is a terminal
 * it gets a pseudo-terminal of its own (its size follows calm's), so
 * interactive and coloured programs behave as on the terminal; calm's
 * terminal is raw meanwhile and every key goes to the command.
 * Otherwise its stdin is calm's, and its stdout and stderr are pipes
 * copied to calm's as they come.  Either way the last lines of what it
 * wrote are kept for the record.
 */
#ifndef CALM_RUN_EXEC_H
#define CALM_RUN_EXEC_H

#include <stdbool.h>

#include "calm/buf.h"

/* Most bytes of output kept, whatever the number of lines. */
#define RUN_TAIL_MAX (64 * 1024)

struct run_result {
	int status;           /* exit status; -1 when killed by a signal */
	int signal;           /* that signal, 0 if none */
	int start_errno;      /* the command could not be started (execvp's errno) */
	long long start_ms;   /* UTC ms when it started */
	long long duration_ms;
	struct buf tail;      /* the last lines of its output */
	int lines;            /* lines in tail */
	bool cut;             /* output came before the tail */
	long long out_bytes;  /* bytes of output in all */
	const char *fail;     /* calm could not run it ("cannot open a pseudo-terminal"), else NULL */
	int fail_errno;
};

/* Run argv; keep the last max_lines lines.  Fills *r (release r->tail). */
void run_exec(char *const *argv, bool pty, int max_lines, struct run_result *r);

#endif
