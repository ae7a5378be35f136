/*
 * sigpass.c - signals passed on to the process doing the work
 * (sigpass.h).
 */
#include "sigpass.h"

#include <signal.h>
#include <stddef.h>

static const int passed[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NPASSED (sizeof passed / sizeof passed[0])

static volatile sig_atomic_t target;
static struct sigaction saved[NPASSED];

static void pass_on(int sig)
{
	if (target > 0)
		kill((pid_t)target, sig);
}

void sigpass_begin(void)
{
	struct sigaction sa = { .sa_handler = pass_on };

	target = 0;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NPASSED; i++)
		sigaction(passed[i], &sa, &saved[i]);
}

void sigpass_to(pid_t pid)
{
	target = (sig_atomic_t)pid;
}

void sigpass_end(void)
{
	target = 0;
	for (size_t i = 0; i < NPASSED; i++)
		sigaction(passed[i], &saved[i], NULL);
}

void sigpass_default(void)
{
	target = 0;
	for (size_t i = 0; i < NPASSED; i++)
		signal(passed[i], SIG_DFL);
}
