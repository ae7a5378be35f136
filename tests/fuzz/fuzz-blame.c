/*
 * fuzz-blame.c - libFuzzer target: the blame check on any text, with the
 * built-in phrases and a few names.  Every hit lies inside the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/blame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "alice", "Bob", "Zoë", NULL };
	struct blame_result r;
	char words[256];
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	size_t len = strlen(text);
	blame_check(text, NULL, names, &r);
	for (size_t i = 0; i < r.n; i++)
		if (r.m[i].off > len || r.m[i].len > len - r.m[i].off)
			abort();
	blame_result_words(&r, text, words, sizeof words);
	if (strlen(words) >= sizeof words)
		abort();
	blame_result_release(&r);
	free(text);
	return 0;
}
