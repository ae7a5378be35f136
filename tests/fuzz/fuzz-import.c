/*
 * fuzz-import.c - libFuzzer target: the CSV and Markdown timeline
 * parsers, the time parser and the secret filter over any bytes.  The
 * first byte picks the parser.  Checked: a failure leaves an empty
 * list and a "file:line: " message; every entry has an author that is a
 * name and text of the length it says; masking never loses the bytes
 * outside a secret (the output is at most 4 bytes longer per secret).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/import.h"
#include "calm/secret.h"
#include "calm/text.h"
#include "calm/when.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct secret_filter *f;
	struct import_list l;
	struct calm_err err = { 0 };
	struct buf out = BUF_INIT;
	const char *s = (const char *)data + 1;
	enum calm_rc rc;
	long long ms;

	if (size < 1)
		return 0;
	if (!f && secret_filter_new(NULL, &f, &err) != CALM_OK)
		abort();
	switch (data[0] % 4) {
	case 0:
		rc = import_csv("f.csv", s, size - 1, 0, &l, &err);
		break;
	case 1:
		rc = import_md("f.md", s, size - 1, 0, 0, "fuzz", &l, &err);
		break;
	case 2: {
		char *z = xstrndup(s, size - 1);
		when_parse(z, WHEN_PAST_TYPED | WHEN_DATE | WHEN_EPOCH_MS | WHEN_CLOCK_DAY,
			   1769954700000LL, &ms, &err);
		free(z);
		return 0;
	}
	default: {
		char *z = xstrndup(s, size - 1); /* secret_mask wants s[len] == NUL */
		size_t n = secret_mask(f, z, size - 1, &out);
		if (out.len > size - 1 + 4 * n || (n == 0 && (out.len != size - 1 ||
							      memcmp(out.s, z, out.len) != 0)))
			abort();
		free(z);
		buf_release(&out);
		return 0;
	}
	}
	if (rc != CALM_OK && (l.n != 0 || !strstr(err.msg, ".")))
		abort();
	for (size_t i = 0; i < l.n; i++)
		if (!text_is_name(l.v[i].author, strlen(l.v[i].author)) || l.v[i].len == 0 ||
		    l.v[i].text[l.v[i].len] != '\0')
			abort();
	import_list_release(&l);
	return 0;
}
