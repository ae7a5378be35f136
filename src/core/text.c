/*
 * text.c - untrusted text: UTF-8 validation and inert rendering for
 * terminals.  See text.h for what is shown how.
 */
#include "calm/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

size_t text_utf8_decode(const char *str, size_t len, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c;
	size_t n;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		n = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		n = 4;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and beyond U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

size_t text_utf8_encode(unsigned c, char u[4])
{
	if (c < 0x80) {
		u[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | ((c >> 18) & 0x07));
	u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	u[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

bool text_is_utf8(const char *s, size_t len)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp == 0)
			return false;
		i += n;
	}
	return true;
}

bool text_cp_is_unsafe(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f ||
	       (cp >= 0x80 && cp <= 0x9f) ||       /* C1 controls */
	       cp == 0xad ||                       /* soft hyphen */
	       cp == 0x061c ||                     /* Arabic letter mark */
	       (cp >= 0x200b && cp <= 0x200f) ||   /* zero width, LRM/RLM */
	       (cp >= 0x2028 && cp <= 0x202e) ||   /* separators, bidi embeddings */
	       (cp >= 0x2060 && cp <= 0x206f) ||   /* word joiner, bidi isolates, invisibles */
	       cp == 0xfeff ||                     /* BOM / ZWNBSP */
	       (cp >= 0xfff9 && cp <= 0xfffb) ||   /* interlinear annotations */
	       (cp >= 0xe0000 && cp <= 0xe007f);   /* tag characters */
}

bool text_find_control(const char *s, size_t len, unsigned *cp)
{
	size_t i = 0, n;
	unsigned c;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &c);
		if (n == 0)
			return false; /* not UTF-8: the caller checks that first */
		if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f)) {
			*cp = c;
			return true;
		}
		i += n;
	}
	return false;
}

/* Whether text_sanitize() passes cp through as it is. */
static bool sanitize_keeps(unsigned cp, unsigned flags)
{
	if (cp == '\n')
		return flags & TEXT_KEEP_NEWLINE;
	if (cp == '\t')
		return (flags & (TEXT_TAB_SPACE | TEXT_KEEP_TAB)) == TEXT_KEEP_TAB;
	return cp >= 0x20 && cp != 0x7f && !text_cp_is_unsafe(cp);
}

size_t text_inert_next(const char *s, size_t len, unsigned flags, unsigned *cp,
		       char rep[TEXT_REP_MAX])
{
	size_t n = text_utf8_decode(s, len, cp);

	rep[0] = '\0';
	if (n != 0 && sanitize_keeps(*cp, flags))
		return n;
	if (n == 0) {
		snprintf(rep, TEXT_REP_MAX, "<%02X>", (unsigned char)s[0]);
		*cp = '?';
		return 1;
	}
	if (*cp == '\t' && (flags & TEXT_TAB_SPACE)) {
		rep[0] = ' ';
		rep[1] = '\0';
	} else if (*cp < 0x20) {
		rep[0] = '^';
		rep[1] = (char)(*cp + '@');
		rep[2] = '\0';
	} else if (*cp == 0x7f) {
		memcpy(rep, "^?", 3);
	} else {
		snprintf(rep, TEXT_REP_MAX, "<U+%04X>", *cp);
	}
	return n;
}

/* Characters kept as they are go to out a run at a time, not one by one
 * (the console sanitises every line it draws). */
void text_sanitize(struct buf *out, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, run = 0, n;
	unsigned cp;
	char rep[TEXT_REP_MAX];

	while (i < len) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++; /* printable ASCII: kept whatever the flags */
			continue;
		}
		n = text_inert_next(s + i, len - i, flags, &cp, rep);
		if (rep[0]) {
			buf_add(out, s + run, i - run);
			buf_adds(out, rep);
			run = i + n;
		}
		i += n;
	}
	if (i > run)
		buf_add(out, s + run, i - run);
	if (!out->s)
		buf_add(out, "", 0);
}

size_t text_fit(const char *s, size_t len, int cols, int *used)
{
	size_t i = 0, n;
	int w = 0;
	unsigned cp;

	while (i < len) {
		int cw;

		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1, cp = '?';
		cw = wcwidth((wchar_t)cp);
		if (cw < 0)
			cw = 1;
		if (cols >= 0 && w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

char *text_size(unsigned long long bytes, char *buf, size_t n)
{
	if (bytes < 1024)
		snprintf(buf, n, "%llu byte%s", bytes, bytes == 1 ? "" : "s");
	else if (bytes < 1024ULL * 1024)
		snprintf(buf, n, "%.1f KiB", (double)bytes / 1024);
	else if (bytes < 1024ULL * 1024 * 1024)
		snprintf(buf, n, "%.1f MiB", (double)bytes / (1024.0 * 1024));
	else
		snprintf(buf, n, "%.1f GiB", (double)bytes / (1024.0 * 1024 * 1024));
	return buf;
}

char *text_sanitize_dup(const char *s, unsigned flags)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, s, strlen(s), flags);
	return buf_detach(&b);
}

bool text_utf8_lossy(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, n;
	unsigned cp;
	bool same = true;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp == 0) {
			buf_adds(out, "\xef\xbf\xbd");
			same = false;
			i++;
			continue;
		}
		buf_add(out, s + i, n);
		i += n;
	}
	if (!out->s)
		buf_add(out, "", 0);
	return same;
}

void text_base64(struct buf *out, const void *p, size_t len)
{
	static const char alpha[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *b = p;
	char q[4];

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)b[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)b[i + 1] << 8;
		if (i + 2 < len)
			v |= b[i + 2];
		q[0] = alpha[v >> 18 & 63];
		q[1] = alpha[v >> 12 & 63];
		q[2] = i + 1 < len ? alpha[v >> 6 & 63] : '=';
		q[3] = i + 2 < len ? alpha[v & 63] : '=';
		buf_add(out, q, 4);
	}
	if (!out->s)
		buf_add(out, "", 0);
}

bool text_is_name(const char *s, size_t len)
{
	if (len == 0 || len > TEXT_NAME_MAX || !text_is_utf8(s, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

char *text_trim(char *s)
{
	size_t len = strlen(s), start = 0;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (start < len && isspace((unsigned char)s[start]))
		start++;
	if (start)
		memmove(s, s + start, len - start + 1);
	return s;
}
