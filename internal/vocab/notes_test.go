package vocab

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// formatNotes writes Notes as the golden files hold them.
func formatNotes(n *Notes) string {
	var b strings.Builder
	b.WriteString("title: " + n.Title + "\n")
	for _, g := range n.Guests {
		b.WriteString("guest: " + g + "\n")
	}
	for _, t := range n.Terms {
		b.WriteString("term: " + t + "\n")
	}
	for _, t := range n.Mentions {
		b.WriteString("mention: " + t + "\n")
	}
	return b.String()
}

func TestParseNotesGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/notes-*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/notes-*.md: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := ParseNotes(data, f)
			if err != nil {
				t.Fatal(err)
			}
			got := formatNotes(n)
			golden := strings.TrimSuffix(f, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("ParseNotes(%s) differs from %s:\n got:\n%s\nwant:\n%s", f, golden, got, want)
			}
		})
	}
}

// TestParseNotesPromises states what the golden files show, so that an
// update cannot quietly lose it.
func TestParseNotesPromises(t *testing.T) {
	data, err := os.ReadFile("testdata/notes-412.md")
	if err != nil {
		t.Fatal(err)
	}
	n, err := ParseNotes(data, "notes-412.md")
	if err != nil {
		t.Fatal(err)
	}
	if n.Title != "Python Pulse 412" {
		t.Errorf("Title = %q", n.Title)
	}
	if want := []string{"Sebastián Ramírez", "Dana O’Neil"}; !slices.Equal(n.Guests, want) {
		t.Errorf("Guests = %q, want %q", n.Guests, want)
	}
	for _, want := range []string{
		"Python Pulse",      // the heading, without its number
		"Acme Cloud",        // the sponsor
		"Sebastián Ramírez", // a guest is a term too
		"uv", "pipx",        // bold link texts, "A and B"
		"pyproject.toml",          // inline code that is one name
		"Pydantic v2", "Pydantic", // with and without the version
		"msgspec",              // italic
		"FastAPI", "Starlette", // names inside a title; "&" between links
		"scikit-learn", "Node.js", // joined names
		"Hugging Face",         // a name of two words
		"Talk Python Training", // a name inside a phrase
		"Dagster", "Airflow",   // "A vs B"
		"Guido van Rossum",
		"Michael", // the host of a news item
	} {
		if !slices.Contains(n.Terms, want) {
			t.Errorf("no term %q in %q", want, n.Terms)
		}
	}
	for _, bad := range []string{
		"here", "this article", "pythonpulse.fm/acme", "pythonpulse.fm/live",
		"@michael@example.social", "Tuesday", "Sponsored by", "Connect with the hosts",
		"Extras", "Joke", "notaname_from_code", "NotBold", "Sorting in the dark",
		"Error Messages in Python 3.14", "My CLI World", "uv pip install -r requirements.txt",
		"a screenshot of Jupyter", "Python 3.14.0b2 is out", "Python 3.14.0b2",
		"Calibration", "Asterisks in Python", "/usr/bin/env", "/usr/local/bin",
	} {
		if slices.Contains(n.Terms, bad) {
			t.Errorf("term %q should not be taken", bad)
		}
	}
	seen := map[string]bool{}
	for _, term := range n.Terms {
		if seen[term] {
			t.Errorf("term %q twice", term)
		}
		seen[term] = true
	}
}

func TestParseNotesFrontMatterAndLists(t *testing.T) {
	data, err := os.ReadFile("testdata/notes-413.md")
	if err != nil {
		t.Fatal(err)
	}
	n, err := ParseNotes(data, "notes-413.md")
	if err != nil {
		t.Fatal(err)
	}
	if n.Title != "Talking DuckDB with Hannes" {
		t.Errorf("Title = %q, want the front matter's", n.Title)
	}
	if want := []string{"Hannes Mühleisen", "Kojo Idrissa"}; !slices.Equal(n.Guests, want) {
		t.Errorf("Guests = %q, want %q (a placeholder is no guest)", n.Guests, want)
	}
	for _, want := range []string{"DuckDB", "MotherDuck", "Polars"} {
		if !slices.Contains(n.Terms, want) {
			t.Errorf("no term %q in %q", want, n.Terms)
		}
	}
	for _, term := range n.Terms {
		if strings.Contains(term, "case") || strings.Contains(term, "GUEST") {
			t.Errorf("term %q from a snake_case word or a placeholder", term)
		}
	}
}

func TestParseNotesErrors(t *testing.T) {
	_, err := ParseNotes([]byte("# Title\nfine line\nbad \xff byte\n"), "ep/7.md")
	if err == nil || !strings.Contains(err.Error(), "ep/7.md:3:") {
		t.Errorf("error = %v, want one naming ep/7.md:3", err)
	}
	for _, in := range []string{"", "\n\n", "---\n", "---\ntitle: x\n", "[", "**", "`", "[a](", "![x](y", "# ", "***a***"} {
		if _, err := ParseNotes([]byte(in), "x.md"); err != nil {
			t.Errorf("ParseNotes(%q): %v", in, err)
		}
	}
}

func TestTitleTerms(t *testing.T) {
	for _, c := range []struct {
		title string
		want  []string
	}{
		{"Python Bytes 438", []string{"Python Bytes"}},
		{"Pydantic v2 and the Rust core", []string{"Pydantic v2", "Pydantic", "Rust"}},
		{"Goodbye Virtual Environments", nil},
		{"", nil},
	} {
		if got := TitleTerms(c.title); !slices.Equal(got, c.want) {
			t.Errorf("TitleTerms(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

func FuzzParseNotes(f *testing.F) {
	for _, name := range []string{"testdata/notes-412.md", "testdata/notes-413.md"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "[**a**](b) **c** *d* `e`", "[[[]]](((", "**[x](y)**", "Special guests:\n* [**A B**](c)\n",
		"---\ntitle: 'T'\n---\n# H", "```\n**x**\n", "\\*not\\*", "<a href=x>y</a>", "_a_b_ __c__",
		"**Brian #1:** [X](y)", "#1 (Brian): x", "Sponsored by Acme: x", "[a][b] ![c](d)",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseNotes(data, "fuzz.md")
		if err != nil {
			return
		}
		for _, term := range n.Terms {
			if term == "" || strings.TrimSpace(term) != term || strings.Contains(term, "\n") {
				t.Errorf("term %q is empty or has blanks around it", term)
			}
		}
		for _, g := range n.Guests {
			if !slices.Contains(n.Terms, g) {
				t.Errorf("guest %q is not among the terms", g)
			}
		}
	})
}

// TestParseNotesHostile: inputs built to make a Markdown scanner search
// far for closing marks must still parse quickly.
func TestParseNotesHostile(t *testing.T) {
	for name, in := range map[string]string{
		"brackets":  strings.Repeat("[", 100000),
		"nested":    strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
		"stars":     strings.Repeat("*a ", 50000),
		"mixed":     strings.Repeat("**[*_`", 20000),
		"links":     strings.Repeat("[a](", 30000),
		"emphasis":  strings.Repeat("*", 3) + strings.Repeat("a *b ", 30000),
		"backticks": strings.Repeat("`a ``", 30000),
		"lines":     strings.Repeat("Special guests:\n* [**A B**](c)\n", 20000),
	} {
		start := time.Now()
		if _, err := ParseNotes([]byte(in), name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s (%d bytes): %v", name, len(in), d)
		} else {
			t.Logf("%s (%d bytes): %v", name, len(in), d)
		}
	}
}
