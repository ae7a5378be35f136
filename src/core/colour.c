/*
 * colour.c - colours as themes write them, and the nearest colour a
 * terminal can show (see theme.h).
 *
 * Pure functions over xterm's default palette.  Fallback goes from the
 * written value straight to the depth asked for, by squared RGB
 * distance: to the 240 fixed colours of the 256 palette (16-255; 0-15
 * are whatever the user's terminal scheme makes them, so an RGB value
 * never lands there), to 0-15, or to 0-7.
 */
#include "calm/theme.h"

#include <stdio.h>
#include <string.h>

/* xterm's defaults for the 16 ANSI colours. */
static const unsigned ansi_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static const char *const names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"brightblack", "brightred", "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan", "brightwhite",
};

/* The six levels of each axis of the 6x6x6 cube. */
static const unsigned cube[6] = { 0, 95, 135, 175, 215, 255 };

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool colour_parse(const char *s, int *out)
{
	if (!s || !s[0])
		return false;
	if (strcmp(s, "default") == 0) {
		*out = COLOUR_DEFAULT;
		return true;
	}
	for (int i = 0; i < 16; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return true;
		}
	}
	if (s[0] == '#') {
		unsigned v = 0;
		if (strlen(s) != 7)
			return false;
		for (int i = 1; i < 7; i++) {
			int h = hexval(s[i]);
			if (h < 0)
				return false;
			v = v << 4 | (unsigned)h;
		}
		*out = (int)(COLOUR_RGB_FLAG | v);
		return true;
	}
	if (strlen(s) <= 3) {
		int v = 0;
		for (const char *p = s; *p; p++) {
			if (*p < '0' || *p > '9')
				return false;
			v = v * 10 + (*p - '0');
		}
		if (v > 255 || (s[0] == '0' && s[1] != '\0'))
			return false;
		*out = v;
		return true;
	}
	return false;
}

void colour_format(int colour, char *buf, size_t n)
{
	if (colour == COLOUR_DEFAULT || colour == COLOUR_UNSET)
		snprintf(buf, n, "%s", colour == COLOUR_DEFAULT ? "default" : "unset");
	else if (COLOUR_IS_RGB(colour))
		snprintf(buf, n, "#%06x", (unsigned)colour & 0xffffffu);
	else if (colour < 16)
		snprintf(buf, n, "%s", names[colour]);
	else
		snprintf(buf, n, "%d", colour);
}

unsigned colour_index_rgb(int index)
{
	if (index < 0 || index > 255)
		return 0;
	if (index < 16)
		return ansi_rgb[index];
	if (index < 232) {
		int i = index - 16;
		return cube[i / 36] << 16 | cube[i / 6 % 6] << 8 | cube[i % 6];
	}
	unsigned g = 8 + 10 * (unsigned)(index - 232);
	return g << 16 | g << 8 | g;
}

static unsigned long dist(unsigned a, unsigned b)
{
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);
	return (unsigned long)(dr * dr + dg * dg + db * db);
}

/* A grey (or near one): its channels differ by less than this. */
#define GREY_SPREAD 24

static bool is_grey(unsigned rgb)
{
	unsigned r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	unsigned hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
	unsigned lo = r < g ? (r < b ? r : b) : (g < b ? g : b);

	return hi - lo < GREY_SPREAD;
}

/*
 * The index in [lo, hi] nearest to rgb; the lowest wins a tie.  Among
 * the 16 a grey goes to a grey (black, white, bright black or white):
 * by distance alone mid grey is nearer yellow than white.
 */
static int nearest(unsigned rgb, int lo, int hi)
{
	bool grey = hi < 16 && is_grey(rgb);
	int best = lo;
	unsigned long bestd = dist(rgb, colour_index_rgb(lo));

	for (int i = lo + 1; i <= hi && bestd > 0; i++) {
		unsigned long d;

		if (grey && i % 8 != 0 && i % 8 != 7)
			continue;
		d = dist(rgb, colour_index_rgb(i));
		if (d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

int colour_fit(int colour, enum colour_depth depth)
{
	unsigned rgb;

	if (colour < 0 || depth == DEPTH_MONO)
		return COLOUR_DEFAULT;
	if (!COLOUR_IS_RGB(colour) && colour > 255)
		return COLOUR_DEFAULT; /* not a colour */
	rgb = COLOUR_IS_RGB(colour) ? (unsigned)colour & 0xffffffu
				    : colour_index_rgb(colour);
	switch (depth) {
	case DEPTH_TRUE:
		if (!COLOUR_IS_RGB(colour) && colour < 8)
			return colour;
		return (int)(COLOUR_RGB_FLAG | rgb);
	case DEPTH_256:
		return COLOUR_IS_RGB(colour) ? nearest(rgb, 16, 255) : colour;
	case DEPTH_16:
		return !COLOUR_IS_RGB(colour) && colour < 16 ? colour : nearest(rgb, 0, 15);
	case DEPTH_8:
		return !COLOUR_IS_RGB(colour) && colour < 8 ? colour : nearest(rgb, 0, 7);
	default:
		return COLOUR_DEFAULT;
	}
}
