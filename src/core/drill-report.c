/*
 * drill-report.c - a drill's score written out: as text for a terminal
 * (the caller's output makes it inert) and as one JSON object for
 * `--json` and for keeping beside the drill.
 */
#include "calm/drill.h"

#include "calm/jsonw.h"

/* How each item is named in the text report. */
static const char *const labels[SCORE_ITEM_COUNT] = {
	[SCORE_FIRST_INTERNAL] = "first internal update",
	[SCORE_FIRST_EXTERNAL] = "first external update",
	[SCORE_GATES] = "gates",
	[SCORE_BLAME] = "blame check",
	[SCORE_DATA_LOST] = "data lost",
	[SCORE_OUTSTANDING] = "outstanding issues",
	[SCORE_FIX_LOG] = "fix attempts",
};

static const char *const verdicts[DRILL_VERDICT_COUNT] = {
	[DRILL_MET] = "met",
	[DRILL_MISSED] = "missed",
};

/* Columns: verdict, then label, then the finding. */
#define VERDICT_W 8
#define LABEL_W 23

void drill_report_text(struct buf *out, const struct drill_report *r)
{
	buf_addf(out, "drill score: %d of %d met\n", r->met, SCORE_ITEM_COUNT);
	for (int i = 0; i < SCORE_ITEM_COUNT; i++) {
		const struct drill_line *l = &r->line[i];
		buf_addf(out, "  %-*s%-*s%s\n", VERDICT_W, verdicts[l->verdict], LABEL_W,
			 labels[l->item], l->text);
		if (l->guidance)
			buf_addf(out, "  %-*s%s\n", VERDICT_W, "", l->guidance);
	}
}

static void add_num(struct buf *out, const char *key, long long v)
{
	buf_addf(out, ",\"%s\":", key);
	if (v < 0)
		buf_adds(out, "null");
	else
		buf_addf(out, "%lld", v);
}

void drill_report_json(struct buf *out, const struct drill_report *r)
{
	buf_addf(out, "{\"met\":%d,\"of\":%d,\"items\":[", r->met, SCORE_ITEM_COUNT);
	for (int i = 0; i < SCORE_ITEM_COUNT; i++) {
		const struct drill_line *l = &r->line[i];
		if (i > 0)
			buf_addc(out, ',');
		buf_adds(out, "{\"item\":");
		jsonw_str(out, score_item_name(l->item));
		buf_adds(out, ",\"label\":");
		jsonw_str(out, labels[l->item]);
		buf_adds(out, ",\"verdict\":");
		jsonw_str(out, verdicts[l->verdict]);
		buf_adds(out, ",\"text\":");
		jsonw_str(out, l->text);
		buf_adds(out, ",\"guidance\":");
		jsonw_str(out, l->guidance);
		add_num(out, "drill_ms", l->drill_ms);
		add_num(out, "original_ms", l->original_ms);
		add_num(out, "target_ms", l->target_ms);
		add_num(out, "count", l->count);
		add_num(out, "total", l->total);
		add_num(out, "original_count", l->original_count);
		buf_addc(out, '}');
	}
	buf_adds(out, "]}");
}
