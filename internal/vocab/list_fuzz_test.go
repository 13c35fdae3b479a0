package vocab

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseList: a vocabulary list of any bytes never panics; every term
// read is one trimmed line of the input with a letter or digit, and every
// problem names the list and a line of it.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{
		"# Python\nFastAPI\nscikit-learn\nBlack !common\nC#\n",
		"\uFEFFNumPy\r\npandas !common !common\r\n",
		"!common\nfoo !rare\n---\n" + strings.Repeat("x", 200) + "\n",
		"Sebastián Ramírez  # a guest\n\n\t\n",
		"\xff\xfe bad\n",
		"WSGI ~ whiskey, wiz gee\nBlack ~ blag !common\n~ x\nY ~\nZ ~ a,,b\nQ ~ a ~ b\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es, err := ParseList(strings.NewReader(s), "list.txt")
		lines := strings.Count(s, "\n") + 1
		for _, e := range es {
			if e.Text == "" || e.Text != strings.TrimSpace(e.Text) || !utf8.ValidString(e.Text) {
				t.Fatalf("bad term %q", e.Text)
			}
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("term %q on line %d of %d", e.Text, e.Line, lines)
			}
			if len(e.Text) > maxTermLen {
				t.Fatalf("term of %d bytes", len(e.Text))
			}
			if len(e.SoundsLike) > MaxSoundsLike {
				t.Fatalf("term %q with %d aliases", e.Text, len(e.SoundsLike))
			}
			for _, a := range e.SoundsLike {
				if a == "" || a != strings.Join(strings.Fields(a), " ") || strings.ContainsAny(a, "~,") {
					t.Fatalf("term %q: bad alias %q", e.Text, a)
				}
			}
		}
		if err != nil {
			for _, msg := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(msg, "list.txt:") {
					t.Fatalf("problem %q names no line of list.txt", msg)
				}
			}
		}
	})
}
