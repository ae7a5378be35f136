# The project's corpus of hostile strings (sourced by tests): the
# classes of STORAGE-AND-INPUT.md, each with a distinctive payload so a
# test can look for it in the bytes a terminal received.  HOSTILE holds
# the payloads; BANNED the byte strings that must never reach a terminal
# raw (as grep -F patterns, one per element).
HOSTILE=(
	$'osc title \e]0;PWNED-TITLE\a end'
	$'osc clipboard \e]52;c;UFdORUQtQ0xJUA==\a end'
	$'osc hyperlink \e]8;;http://evil.example/\aclick\e]8;;\a end'
	$'dcs \eP+q544e\e\\ end'
	$'device query \e[6n and \e[21t and \e[c end'
	$'resize \e[8;1;1t end'
	$'clear \e[3J\e[999;999H end'
	$'sgr blink \e[5;7;31;52m red end'
	$'c1 csi \xc2\x9b31m and raw 8-bit \x9b end'
	$'cr trick FAILED\rOK end'
	$'bs trick abc\b\b\bxyz end'
	$'bidi \xe2\x80\xaeevil\xe2\x80\xac end'
	$'zero width a\xe2\x80\x8bb tag \xf3\xa0\x80\x81 end'
	$'invalid utf8 \xff\xfe end'
	$'absurd \e[99999999999999999999m end'
	$'markdown *bold* _u_ # h | t | <script>x</script> [l](javascript:x) `c` end'
	$'json \xe2\x80\xa8 line sep \\u0000 end'
)
BANNED=(
	$'\e]0;PWNED'
	$'\e]52;c;UFdORUQ'
	$'\e]8;;http://evil'
	$'\eP+q'
	$'\e[6n'
	$'\e[21t'
	$'\e[8;1;1t'
	$'\e[3J'
	$'\e[999;999H'
	$'\e[5;7;31;52m'
	$'\xc2\x9b31m'
	$'FAILED\rOK'
	$'abc\b'
	$'\xe2\x80\xae'
	$'\xe2\x80\x8b'
	$'\xf3\xa0\x80\x81'
	$'\e[99999999999999999999m'
)
