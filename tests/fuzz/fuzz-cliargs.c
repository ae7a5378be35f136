/*
 * fuzz-cliargs.c - libFuzzer target: the command argument parser.  The
 * input, split at NUL bytes, is an argv for a command with a value
 * option, a flag and up to two positionals.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/cli.h"

static enum calm_rc noop(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return CALM_OK;
}

static const struct cli_cmd cmd_fuzz = {
	.name = "fuzz",
	.usage = "fuzz A [B] [--value V] [--flag]",
	.summary = "a command to fuzz the parser",
	.exec = noop,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[64];
	const char *value = NULL;
	bool flag = false, help;
	const struct cli_opt opts[] = {
		{ "value", &value, NULL },
		{ "flag", NULL, &flag },
		{ NULL, NULL, NULL },
	};
	struct cli cli;
	char *pos[2];
	int argc = 0, npos;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[argc++] = "fuzz";
	for (size_t i = 0; i <= size && argc < 63;) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	memset(&cli, 0, sizeof cli);
	FILE *saved = stdout;
	stdout = fopen("/dev/null", "w"); /* --help prints */
	if (cli_parse(&cli, &cmd_fuzz, argc, argv, opts, pos, 2, &npos, &help) == CALM_OK &&
	    (npos < 0 || npos > 2))
		abort();
	if (stdout)
		fclose(stdout);
	stdout = saved;
	free(copy);
	return 0;
}
