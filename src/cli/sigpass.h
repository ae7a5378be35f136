/*
 * sigpass.h - the signals a terminal or a supervisor sends (SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT) passed on to the process doing the work
 * while this one waits for it: the keeper's client passes them to the
 * worker that took its command, the worker to the command's process.
 */
#ifndef CALM_SIGPASS_H
#define CALM_SIGPASS_H

#include <sys/types.h>

/* Catch them, keeping the handlers they had; none is passed on until
 * sigpass_to names a process. */
void sigpass_begin(void);

/* Pass them on to pid from here on (0: to no one). */
void sigpass_to(pid_t pid);

/* Give them back the handlers sigpass_begin found. */
void sigpass_end(void);

/* Their default actions (in a child forked meanwhile, which is to die
 * of them itself). */
void sigpass_default(void);

#endif
