package vocab

import (
	"slices"
	"testing"
)

func TestURLNames(t *testing.T) {
	tests := []struct {
		url  string
		want []string
	}{
		{"https://github.com/deliro/moka-py", []string{"deliro", "moka-py"}},
		{"https://github.com/pydantic/jiter/tree/main/crates/jiter-python", []string{"pydantic", "jiter"}},
		{"https://gitlab.com/owner/project.git", []string{"owner", "project"}},
		{"https://github.com/orgs/astral-sh", nil},
		{"https://pypi.org/project/pip-tools/", []string{"pip-tools"}},
		{"https://www.npmjs.com/package/left-pad", []string{"left-pad"}},
		{"https://jiter.readthedocs.io/en/latest/", []string{"jiter"}},
		{"https://automatisch.io", nil},
		{"https://gregoryszorc.com/blog/2024/", nil},
		{"https://fosstodon.org/@mkennedy", nil},
		{"not a url", nil},
		{"https://github.com/%zz", nil},
	}
	for _, tt := range tests {
		if got := URLNames(tt.url); !slices.Equal(got, tt.want) {
			t.Errorf("URLNames(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestMentions(t *testing.T) {
	md := "# Python Bytes 413\n\n" +
		"**Michael #3:** [moka-py](https://github.com/deliro/moka-py)\n\n" +
		"- See also [Transferring](https://gregoryszorc.com/blog/) from Gregory Szorc\n" +
		"- PythonParse which parses a JSON string, hand-crafted and time-to-idle\n" +
		"- Michael: [**@mkennedy@fosstodon.org**](https://fosstodon.org/@mkennedy)\n" +
		"- used by uv python install and uv venv, uv sync\n" +
		"- Hynek’s video: [the Future of Packaging](https://www.youtube.com/watch?v=8UuW8o4bHbw)\n" +
		"- Working with pathlib is nicer\n" +
		"```\nInsideFence here\n```\n"
	n, err := ParseNotes([]byte(md), "413.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"deliro", "Gregory Szorc", "PythonParse", "Hynek"} {
		if !slices.Contains(n.Mentions, want) {
			t.Errorf("no mention %q in %q", want, n.Mentions)
		}
	}
	for _, bad := range []string{"moka-py", "hand-crafted", "time-to-idle", "fosstodon.org", "InsideFence", "gregoryszorc.com", "Working"} {
		if slices.Contains(n.Mentions, bad) {
			t.Errorf("mention %q in %q (a term already, a handle, English words or code)", bad, n.Mentions)
		}
	}
	if got := n.Count("uv"); got != 3 {
		t.Errorf(`Count("uv") = %d, want 3`, got)
	}
	if got := n.Count("UV"); got != 0 {
		t.Errorf(`Count("UV") = %d, want 0`, got)
	}
	var none *Notes
	if none.Count("uv") != 0 {
		t.Error("nil notes count words")
	}
}
