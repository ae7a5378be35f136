/*
 * fuzz-sanitize.c - libFuzzer target: the terminal sanitiser.  Whatever
 * the input, the output holds no byte a terminal would act on: no C0
 * control (newline only when asked), no DEL, no ESC, valid UTF-8, and no
 * unsafe code point.
 */
#include <stdint.h>
#include <stdlib.h>

#include "calm/text.h"

static void check(const char *s, size_t len, unsigned flags)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			abort(); /* output must be valid UTF-8 */
		if (cp == '\n' && (flags & TEXT_KEEP_NEWLINE)) {
			i += n;
			continue;
		}
		if (text_cp_is_unsafe(cp))
			abort();
		i += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = BUF_INIT;

	for (unsigned flags = 0; flags < 4; flags++) {
		buf_reset(&b);
		text_sanitize(&b, (const char *)data, size, flags);
		check(buf_cstr(&b), b.len, flags);
	}
	(void)text_is_utf8((const char *)data, size);
	buf_release(&b);
	return 0;
}
