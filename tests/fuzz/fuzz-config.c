/*
 * fuzz-config.c - libFuzzer target: the config file loader on any bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/config.h"

static void ignore(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg = { 0 };
	struct calm_err err = { 0 };

	setenv("HOME", "/home/fuzz", 1);
	if (config_load("fuzz.yaml", (const char *)data, size, ignore, NULL,
			&cfg, &err) != CALM_OK &&
	    strncmp(err.msg, "fuzz.yaml:", 10) != 0)
		abort();
	config_release(&cfg);
	return 0;
}
