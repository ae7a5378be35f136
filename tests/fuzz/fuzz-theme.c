/*
 * fuzz-theme.c - libFuzzer target: the theme loader on any bytes.  It
 * must return CALM_OK or CALM_CONFIG with a located message, and never
 * crash, hang or leak (inherit: is followed through the shipped themes).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/config.h"
#include "calm/theme.h"

static void ignore(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme th;
	struct calm_err err = { 0 };

	setenv("XDG_CONFIG_HOME", "/nonexistent/calm-fuzz", 1);
	memset(&th, 0, sizeof th);
	if (config_load_theme("fuzz.yaml", (const char *)data, size, ignore,
			      NULL, &th, &err) != CALM_OK &&
	    strncmp(err.msg, "fuzz.yaml:", 10) != 0 &&
	    strstr(err.msg, "fuzz.yaml") == NULL)
		abort(); /* failures name the file */
	theme_release(&th);
	return 0;
}
