package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A show with no history: fix runs without a rules file, with the show's
// spellings from the starter list, emend.toml and the spellings file.
func TestFixSpellingsWithoutRules(t *testing.T) {
	lib := t.TempDir()
	for name, data := range map[string]string{
		"emend.toml":           "[[show]]\nname = \"Python Bytes\"\npaths = \"show\"\nhosts = [\"Brian Okken\"]\n",
		"emend.spellings":      "!Pep\n",
		"show/001-intro.txt":   "00:00:01 Welcome to python bytes, I'm brian okken. this is Python Bytes, on Python Bytes, Python Bytes.\n00:00:09 Code on Github, see github.com/numpy. The Pep talk, and PEP8 too. It is a black box.\n",
		"show/002-another.txt": "00:00:01 Uv is fast. We use fast API.\n",
	} {
		p := filepath.Join(lib, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := run(t, "", "spellings", filepath.Join(lib, "show"))
	if code != 0 || !strings.Contains(out, "GitHub") || !strings.Contains(out, "kept: rejected") {
		t.Errorf("spellings: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "fix", filepath.Join(lib, "show")); code != 0 {
		t.Fatalf("fix: exit %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(filepath.Join(lib, "show/001-intro.txt"))
	want := "00:00:01 Welcome to Python Bytes, I'm Brian Okken. this is Python Bytes, on Python Bytes, Python Bytes.\n00:00:09 Code on GitHub, see github.com/numpy. The Pep talk, and PEP 8 too. It is a black box.\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got, _ = os.ReadFile(filepath.Join(lib, "show/002-another.txt"))
	if want := "00:00:01 Uv is fast. We use FastAPI.\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// --review writes the decisions to the spellings file, and fix then
// makes the edits they decide.
func TestSpellingsReview(t *testing.T) {
	lib := t.TempDir()
	show := filepath.Join(lib, "show")
	if err := os.MkdirAll(show, 0o755); err != nil {
		t.Fatal(err)
	}
	txt := filepath.Join(show, "001-intro.txt")
	if err := os.WriteFile(txt, []byte("00:00:01 We talk about python bytes and Github today.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lib, "emend.toml"), []byte("[[show]]\nname = \"Python Bytes\"\npaths = \"show\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "a\na\n", "spellings", "--review", show)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(lib, "emend.spellings"))
	if err != nil || !strings.Contains(string(data), "Python Bytes = python bytes") || !strings.Contains(string(data), "GitHub = Github") {
		t.Fatalf("spellings file: %v\n%s\n%s", err, data, out)
	}
	if code, _, errOut := run(t, "", "fix", show); code != 0 {
		t.Fatalf("fix: %s", errOut)
	}
	if got, _ := os.ReadFile(txt); string(got) != "00:00:01 We talk about Python Bytes and GitHub today.\n" {
		t.Errorf("got %q", got)
	}
}
