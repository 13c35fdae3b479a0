package patch

import (
	"mime"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestIsMboxFrom(t *testing.T) {
	for line, want := range map[string]bool{
		"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001": true,
		"From 10:30:00 1999 on we used Jupiter":                                  true,
		"From the top of the show, welcome back everyone":                        false,
		"From 10:30 we talk about pandas and 1999":                               false, // the year must follow the time
		"From 10:30:00 1980 on":                                                  true,
		"From 10:30:00 42 on":                                                    false, // git takes numbers up to 90 for no year
		"From 12:00:00":                                                          false, // too short
		"from 10:30:00 1999 on we used Jupiter":                                  false,
	} {
		if got := isMboxFrom(line); got != want {
			t.Errorf("isMboxFrom(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestIsPatchBreak(t *testing.T) {
	for line, want := range map[string]bool{
		"---":               true,
		"--- a/file":        true,
		"----":              true,
		"---\tx":            true,
		"---x":              false,
		"-- ":               false,
		"diff --git a b":    true,
		"diff -u a b":       true,
		"different":         false,
		"Index: foo.c":      true,
		"Index of episodes": false,
	} {
		if got := isPatchBreak(line); got != want {
			t.Errorf("isPatchBreak(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestEncodeWords(t *testing.T) {
	dec := new(mime.WordDecoder)
	for _, s := range []string{
		"Corrige « Jupiter » en Jupyter",
		strings.Repeat("é", 80),
		strings.Repeat("日本語のポッドキャスト", 10),
		"under_score = equals? question",
		"=?UTF-8?q?not_encoded?=",
		"x",
	} {
		for _, phrase := range []bool{false, true} {
			enc := encodeWords(s, len("Subject: [PATCH] "), phrase)
			for i, line := range strings.Split(enc, "\n") {
				if i > 0 && !strings.HasPrefix(line, " ") {
					t.Errorf("%q: continuation line %q does not start with a space", s, line)
				}
				for _, w := range strings.Fields(line) {
					if len(w) > 75 {
						t.Errorf("%q: encoded word of %d characters: %s", s, len(w), w)
					}
					d, err := dec.Decode(w)
					if err != nil || !utf8.ValidString(d) {
						t.Errorf("%q: word %s decodes to %q, %v", s, w, d, err)
					}
				}
			}
			got, err := dec.DecodeHeader(strings.ReplaceAll(enc, "\n", ""))
			if err != nil || got != s {
				t.Errorf("encodeWords(%q) = %s, decodes to %q, %v", s, enc, got, err)
			}
		}
	}
}

func TestFromHeader(t *testing.T) {
	for _, tc := range []struct{ name, email, want string }{
		{"Ada Lovelace", "ada@example.com", "Ada Lovelace <ada@example.com>"},
		{"", "ada@example.com", "<ada@example.com>"},
		{"Smith, John", "j@example.com", `"Smith, John" <j@example.com>`},
		{`Back\slash "Q"`, "q@example.com", `"Back\\slash \"Q\"" <q@example.com>`},
		{"Zoë", "z@example.com", "=?UTF-8?q?Zo=C3=AB?= <z@example.com>"},
		{"Ada\nLovelace", " ada@example.com ", "Ada Lovelace <ada@example.com>"},
	} {
		got, err := fromHeader(tc.name, tc.email)
		if err != nil || got != tc.want {
			t.Errorf("fromHeader(%q, %q) = %q, %v; want %q", tc.name, tc.email, got, err, tc.want)
		}
	}
}
