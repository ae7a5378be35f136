/*
 * jsonw.c - JSON strings and times (see jsonw.h).
 */
#include "calm/jsonw.h"

#include <string.h>

#include "calm/text.h"
#include "calm/when.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2
		 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n && text_is_utf8((const char *)s, n) ? n : 0;
}

void jsonw_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	while (*p) {
		size_t n = utf8_len(p);
		if (n == 0) {
			buf_adds(b, "\\ufffd");
			p++;
		} else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			buf_addf(b, "\\u%04x", p[2] == 0xa8 ? 0x2028 : 0x2029);
			p += 3;
		} else if (n > 1) {
			buf_add(b, p, n);
			p += n;
		} else if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p++);
		} else if (*p == '\n') {
			buf_adds(b, "\\n");
			p++;
		} else if (*p == '\t') {
			buf_adds(b, "\\t");
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_addf(b, "\\u%04x", *p++);
		} else {
			buf_addc(b, (char)*p++);
		}
	}
	buf_addc(b, '"');
}

void jsonw_time(struct buf *b, long long ms)
{
	char s[40];

	/* 0 is "not set"; a time no calendar holds (a damaged row) too */
	if (ms <= 0 || ms > WHEN_MAX_MS) {
		buf_adds(b, "null");
		return;
	}
	buf_addf(b, "\"%s\"", when_format(ms, WHEN_RFC3339_MS, 0, s, sizeof s));
}
