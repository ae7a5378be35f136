/*
 * fuzz-cliargs.c - libFuzzer target: the argument grammar (grammar.c).
 * The input, split at NUL bytes, is an argv for a command with a value
 * option (also written -v), a flag, a leading incident id, a word and a
 * variadic tail; a second command parses it as calm run does (RAW).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/cli.h"

static enum calm_rc noop(struct cli *cli, const struct cli_args *a)
{
	(void)cli;
	(void)a;
	return CALM_OK;
}

static const struct cli_cmd cmd_fuzz = {
	.name = "fuzz",
	.usage = "fuzz [ID] A [B...] [--value V] [--flag]",
	.summary = "a command to fuzz the parser",
	.args = { .opts = "value=/v flag", .words = "[ID] A [B...]", .need = "A is needed" },
	.exec = noop,
};

static const struct cli_cmd cmd_fuzz_raw = {
	.name = "fuzz-raw",
	.usage = "fuzz-raw [ID] [--] COMMAND...",
	.summary = "a command to fuzz the parser without options",
	.args = { .words = "[ID] COMMAND...", .need = "a command is needed",
		  .flags = CLI_ARGS_RAW },
	.exec = noop,
};

static void parse(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct cli cli;
	struct cli_args a;
	bool help;

	memset(&cli, 0, sizeof cli);
	if (cli_args_parse(&cli, cmd, argc, argv, &a, &help) == CALM_OK && !help) {
		if (!cli_word(&a, cmd == &cmd_fuzz ? "A" : "COMMAND") || a.nrest < 0 ||
		    (a.nrest > 0 && !a.rest[a.nrest - 1]) || a.nrest >= argc)
			abort();
		if (cmd == &cmd_fuzz)
			(void)cli_opt(&a, "value");
		else
			(void)cli_word(&a, "ID");
	}
	cli_args_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[64];
	int argc = 0;

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
	FILE *saved = stdout;
	stdout = fopen("/dev/null", "w"); /* --help prints */
	parse(&cmd_fuzz, argc, argv);
	parse(&cmd_fuzz_raw, argc, argv);
	if (stdout)
		fclose(stdout);
	stdout = saved;
	free(copy);
	return 0;
}
