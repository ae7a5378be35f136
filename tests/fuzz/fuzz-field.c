/*
 * fuzz-field.c - libFuzzer target: field value validation (times,
 * severity, text).  The first byte picks the field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/field.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[256];
	struct calm_err err = { 0 };

	if (size < 1)
		return 0;
	const struct field_def *def = &field_defs[data[0] % field_ndefs];
	char *value = xstrndup((const char *)data + 1, size - 1);
	if (field_validate(def, value, 1769954700000LL, 0, out, sizeof out, &err) ==
	    CALM_OK && strlen(out) >= sizeof out)
		abort();
	free(value);
	return 0;
}
