/*
 * test-core-md.c - record text in Markdown: escaped only where
 * CommonMark would read it as markup at that place, and inert.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calm/md.h"

/* The document "<before>{text}<after>" finished; into out. */
static const char *doc(struct buf *out, const char *before, const char *text,
		       unsigned flags, const char *after)
{
	struct buf b = BUF_INIT;

	buf_reset(out);
	buf_adds(&b, before);
	md_texts(&b, text, flags);
	buf_adds(&b, after);
	md_finish(out, b.s, b.len, NULL);
	buf_release(&b);
	return buf_cstr(out);
}

static void md__prose_stays_as_written(void **state)
{
	struct buf o = BUF_INIT;
	static const char *const same[] = {
		"~30% of card checkouts failed -> retried",
		"[cause: not set]",
		"a * b and 2 * 3",
		"snake_case_name and file_name.txt",
		"x < y, a <- b, <= 5, 3 > 2",
		"AT&T and R&D",
		"pool at 100% | p99 800ms",
		"C:\\path\\to",
		"look at www.example.com/a_b",
		"-- the dashes -- and -> arrows",
		"it cost 3.5 hours",
		"#123 was the ticket",
		"one `backtick",
		"~ alone, ~~ two",
	};

	(void)state;
	for (size_t i = 0; i < sizeof same / sizeof *same; i++)
		assert_string_equal(doc(&o, "", same[i], 0, "\n"),
				    (strcat(strcpy((char[128]){ 0 }, same[i]), "\n")));
	buf_release(&o);
}

static void md__markup_is_escaped(void **state)
{
	struct buf o = BUF_INIT;

	(void)state;
	assert_string_equal(doc(&o, "", "*bold* and __init__", 0, "\n"),
			    "\\*bold\\* and \\_\\_init\\_\\_\n");
	assert_string_equal(doc(&o, "", "2*3*4", 0, "\n"), "2\\*3\\*4\n");
	assert_string_equal(doc(&o, "", "run `ls -l` then ``x``", 0, "\n"),
			    "run \\`ls -l\\` then \\`\\`x\\`\\`\n");
	assert_string_equal(doc(&o, "", "~~gone~~", 0, "\n"), "\\~\\~gone\\~\\~\n");
	assert_string_equal(doc(&o, "", "[l](javascript:x) ![i][r]", 0, "\n"),
			    "[l\\](javascript:x) ![i\\][r]\n");
	assert_string_equal(doc(&o, "", "<b>x</b> <http://e> <!-- c", 0, "\n"),
			    "\\<b>x\\</b> \\<http://e> \\<!-- c\n");
	assert_string_equal(doc(&o, "", "&amp; &#38; &x", 0, "\n"), "\\&amp; \\&#38; &x\n");
	assert_string_equal(doc(&o, "", "a\\*b c\\", 0, "\n"), "a\\\\*b c\\\\\n");
	/* in a table cell every pipe */
	assert_string_equal(doc(&o, "| ", "a | b", MD_CELL, " |\n"), "| a \\| b |\n");
	/* a pair across two pieces of the same paragraph */
	struct buf b = BUF_INIT;
	buf_adds(&b, "The cause was ");
	md_texts(&b, "*the pool", 0);
	buf_adds(&b, ". The fix was ");
	md_texts(&b, "a restart*", 0);
	buf_adds(&b, ".\n");
	buf_reset(&o);
	md_finish(&o, b.s, b.len, NULL);
	assert_string_equal(buf_cstr(&o), "The cause was \\*the pool. The fix was a restart\\*.\n");
	buf_release(&b);
	/* more runs than are weighed one by one: every one escaped */
	struct buf many = BUF_INIT, want = BUF_INIT;
	for (int i = 0; i < 5000; i++) {
		buf_adds(&many, "a*b ");
		buf_adds(&want, "a\\*b ");
	}
	buf_adds(&want, "x\n");
	buf_adds(&many, "x");
	assert_string_equal(doc(&o, "", many.s, 0, "\n"), want.s);
	buf_release(&many);
	buf_release(&want);
	buf_release(&o);
}

static void md__line_starts(void **state)
{
	struct buf o = BUF_INIT;

	(void)state;
	assert_string_equal(doc(&o, "", "# h\n## x\n#tag\n> q\n- item\n-> arrow\n+ y\n* z\n"
				"12. list\n3) x\n3.5 hours\n---\n===\n```sh\n~~~\n| a\n--|--\n"
				"[x]: http://e\n    code", 0, "\n"),
			    "\\# h\n\\## x\n#tag\n\\> q\n\\- item\n-> arrow\n\\+ y\n\\* z\n"
			    "12\\. list\n3\\) x\n3.5 hours\n\\---\n\\===\n\\`\\`\\`sh\n\\~\\~\\~\n\\| a\n\\--|--\n"
			    "\\[x]: http://e\ncode\n");
	/* a list item's text starts a block too; after a label it does not */
	assert_string_equal(doc(&o, "- ", "# not a heading", 0, "\n"), "- \\# not a heading\n");
	assert_string_equal(doc(&o, "**Cause:** ", "# five", 0, "\n"), "**Cause:** # five\n");
	/* a heading's closing hashes */
	assert_string_equal(doc(&o, "# ", "C# #", 0, "\n"), "# C# \\#\n");
	/* blanks that would make a line break or code, blank lines */
	assert_string_equal(doc(&o, "", "  a  \n\n\n   b", 0, "\n"), "a\nb\n");
	assert_string_equal(doc(&o, "", "a\nb", MD_ONE_LINE, "\n"), "a b\n");
	buf_release(&o);
}

static void md__own_code_and_controls(void **state)
{
	struct buf o = BUF_INIT, b = BUF_INIT, lines = BUF_INIT;

	(void)state;
	/* record text in the document's own fence is left alone */
	buf_adds(&b, "```mermaid\n");
	md_texts(&b, "*x* <b>", 0);
	buf_adds(&b, "\n```\n\n");
	md_texts(&b, "a\033]0;t\a\033[31m*x*\rOK\xe2\x80\xae", 0);
	buf_adds(&b, "\nplain\x07\n");
	md_finish(&o, b.s, b.len, &lines);
	assert_string_equal(buf_cstr(&o),
			    "```mermaid\n*x* <b>\n```\n\na^[]0;t^G^[[31m\\*x\\*^MOK\\<U+202E>\nplain\n");
	assert_string_equal(buf_cstr(&lines), "010010");
	buf_release(&b);
	buf_release(&o);
	buf_release(&lines);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(md__prose_stays_as_written),
		cmocka_unit_test(md__markup_is_escaped),
		cmocka_unit_test(md__line_starts),
		cmocka_unit_test(md__own_code_and_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
