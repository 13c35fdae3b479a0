package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs emend in-process and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code := Main(args, env)
	return code, out.String(), errOut.String()
}

const episode = "WEBVTT\n\n00:00:00.001 --> 00:00:04.000\n<v Maya Patel>Welcome to Python Pulse.\n\n00:00:04.000 --> 00:00:07.500\nToday: Jupiter &amp; friends.\n\n"

func TestUsage(t *testing.T) {
	for _, c := range []struct {
		args     []string
		code     int
		inStderr string
		inStdout string
	}{
		{nil, ExitUsage, "Usage: emend COMMAND", ""},
		{[]string{"help"}, ExitOK, "", "Commands:"},
		{[]string{"--help"}, ExitOK, "", "convert"},
		{[]string{"help", "convert"}, ExitOK, "", "usage: emend convert IN --to FORMAT"},
		{[]string{"help", "nope"}, ExitUsage, `unknown command "nope"`, ""},
		{[]string{"frobnicate"}, ExitUsage, `unknown command "frobnicate"`, ""},
		{[]string{"convert", "--help"}, ExitOK, "", "-to format"},
		{[]string{"check", "-h"}, ExitOK, "", "duplicate"},
		{[]string{"convert", "x.vtt"}, ExitUsage, "--to is required", ""},
		{[]string{"convert", "x.vtt", "--to", "docx"}, ExitUsage, `unknown format "docx"`, ""},
		{[]string{"convert", "--to", "srt"}, ExitUsage, "missing arguments", ""},
		{[]string{"convert", "a", "b", "--to", "srt"}, ExitUsage, "too many arguments: b", ""},
		{[]string{"convert", "--bogus"}, ExitUsage, "flag provided but not defined: -bogus", ""},
		{[]string{"stats"}, ExitUsage, "missing arguments", ""},
		{[]string{"version"}, ExitOK, "", "emend "},
		{[]string{"convert", "/no/such/file.vtt", "--to", "srt"}, ExitFailure, "no such file", ""},
		{[]string{"convert", "-", "--to", "webpage"}, ExitFailure, "does not write", ""},
	} {
		code, out, errOut := run(t, episode, c.args...)
		if code != c.code || !strings.Contains(errOut, c.inStderr) || !strings.Contains(out, c.inStdout) {
			t.Errorf("emend %s: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
				strings.Join(c.args, " "), code, clipOut(out), clipOut(errOut), c.code, c.inStdout, c.inStderr)
		}
	}
}

// TestUnknownFlag: every command refuses an option it does not know, with
// exit status 2 and its usage, before it does anything.
func TestUnknownFlag(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{"--no-such-flag"}, {".", "--no-such-flag"}, {"-x", "."}} {
			code, out, errOut := run(t, "", append([]string{c.name}, args...)...)
			if code != ExitUsage || !strings.Contains(errOut, "flag provided but not defined") || !strings.Contains(errOut, "usage: emend "+c.name) || out != "" {
				t.Errorf("emend %s %s: exit %d, stdout %q, stderr %q; want exit 2 and the usage", c.name, strings.Join(args, " "), code, clipOut(out), clipOut(errOut))
			}
		}
	}
}

func clipOut(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

func TestConvert(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "012-pulse.vtt")
	if err := os.WriteFile(in, []byte(episode), 0o644); err != nil {
		t.Fatal(err)
	}
	// To its own format: the file itself.
	code, out, _ := run(t, "", "convert", in, "--to", "vtt")
	if code != 0 || out != episode {
		t.Errorf("vtt to vtt: exit %d, output %q", code, out)
	}
	// To SRT, flags before or after the file, written atomically with -o.
	dst := filepath.Join(dir, "out.srt")
	if code, _, errOut := run(t, "", "convert", "--to", "srt", in, "-o", dst); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	srt, _ := os.ReadFile(dst)
	if !strings.Contains(string(srt), "00:00:04,000 --> 00:00:07,500") || !strings.Contains(string(srt), "Jupiter & friends") {
		t.Errorf("SRT output:\n%s", srt)
	}
	// From standard input to the HH:MM:SS text form.
	code, out, _ = run(t, episode, "convert", "-", "--to", "txt")
	if code != 0 || !strings.HasPrefix(out, "00:00:00 Maya Patel: Welcome to Python Pulse.\n\n00:00:04 Today: Jupiter & friends.\n") {
		t.Errorf("txt output: exit %d\n%s", code, out)
	}
}

func TestConvertRefusesToLoseText(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "bad.vtt")
	os.WriteFile(in, []byte("WEBVTT\n\n00:00:01.000 --> soon\nLost words.\n\n00:00:02.000 --> 00:00:03.000\nKept.\n"), 0o644)
	dst := filepath.Join(dir, "out.srt")
	code, _, errOut := run(t, "", "convert", in, "--to", "srt", "-o", dst)
	if code != ExitFailure || !strings.Contains(errOut, "bad.vtt:3: bad cue timing") || !strings.Contains(errOut, "nothing written") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Error("output written despite problems")
	}
	if code, _, _ := run(t, "", "convert", in, "--to", "srt", "-o", dst, "--force"); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
}

func TestCheckAndStats(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "012-pulse.vtt"), []byte(episode), 0o644)
	os.WriteFile(filepath.Join(dir, "012-pulse.txt"), []byte("00:00:00 Welcome to Python Pulse.\n\n00:00:04 Today: Jupyter & friends.\n\n"), 0o644)
	code, out, errOut := run(t, "", "check", dir)
	if code != ExitFailure || !strings.Contains(out, `012-pulse.txt:3: text: .txt "Jupyter", .vtt "Jupiter"`) || !strings.Contains(errOut, "checked 2 files, 1 .txt/.vtt pair (0 agree): 1 text") {
		t.Errorf("check: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	code, out, _ = run(t, "", "check", "--json", dir)
	var f map[string]any
	if code != ExitFailure || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &f) != nil || f["Kind"] != "text" {
		t.Errorf("check --json: exit %d, %s", code, out)
	}
	code, out, _ = run(t, "", "stats", "--json", dir)
	var st map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st["episodes"] != 1.0 || st["files"] != 2.0 || st["words"] != 7.0 {
		t.Errorf("stats --json: exit %d, %s", code, out)
	}
	if formats, _ := st["formats"].(map[string]any); len(formats) != 2 || formats["vtt"] != 1.0 || formats["txt"] != 1.0 {
		t.Errorf("stats --json formats: %v", st["formats"])
	}
	os.Remove(filepath.Join(dir, "012-pulse.txt"))
	if code, _, errOut := run(t, "", "check", dir); code != 0 || !strings.Contains(errOut, "no problems") {
		t.Errorf("check of a clean library: exit %d, %s", code, errOut)
	}
}

func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, out, errOut := run(t, "", "demo", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"$ emend stats", "episodes", `.txt "Jupyter", .vtt "Jupiter"`,
		"$ emend learn", "rough => ruff; if", "-0:08 we use jupiter notebooks for", "+0:08 we use Jupyter notebooks for",
		"made 65 edits in 12 files", "6 .txt/.vtt pairs (6 agree): no problems", "$ emend convert",
		`"pie test" -> "pytest"`, `"pie pie" -> "PyPI"`, "indexed 6 episodes",
		"https://pythonpulse.example/episodes/6-packaging-in-2026?t=42", "pytest~ also found as: pie test"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// Running it again rewrites the demo; it never writes over other files.
	if code, _, _ := run(t, "", "demo", dir); code != 0 {
		t.Errorf("second demo run: exit %d", code)
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "precious.txt"), []byte("keep me"), 0o644)
	if code, _, errOut := run(t, "", "demo", other); code != ExitFailure || !strings.Contains(errOut, "not an emend demo library") {
		t.Errorf("demo over another directory: exit %d, %s", code, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(other, "precious.txt")); string(data) != "keep me" {
		t.Error("demo touched another directory's files")
	}
}

// TestFix runs emend fix on a small library in each of its modes.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	vtt := "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe use Jupiter and pip install rough.\n\n"
	txt := "00:00:01 We use Jupiter and pip install rough.\n\n"
	os.WriteFile(filepath.Join(dir, "012-pulse.vtt"), []byte(vtt), 0o644)
	os.WriteFile(filepath.Join(dir, "012-pulse.txt"), []byte(txt), 0o644)
	rulesFile := filepath.Join(dir, "emend.rules")
	os.WriteFile(rulesFile, []byte("Jupiter => Jupyter\nrough => ruff; if \"pip install _\"\n"), 0o644)

	// --dry-run: a diff, nothing written.
	code, out, errOut := run(t, "", "fix", "--dry-run", dir)
	if code != 0 || !strings.Contains(out, "-We use Jupiter and pip install rough.") || !strings.Contains(out, "+We use Jupyter and pip install ruff.") ||
		!strings.Contains(errOut, "would make 4 edits in 2 files, with 2 rules") {
		t.Errorf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "012-pulse.vtt")); string(data) != vtt {
		t.Error("--dry-run changed a file")
	}
	// --patch: an mbox. --json --dry-run: the edits alone.
	code, out, _ = run(t, "", "fix", "--patch", "--rules", rulesFile, dir)
	if code != 0 || !strings.Contains(out, "Subject: [PATCH] Correct 4 transcript errors in 2 files") {
		t.Errorf("--patch: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "", "fix", "--json", "--dry-run", "--rules", rulesFile, dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var e map[string]any
	if code != 0 || json.Unmarshal([]byte(lines[0]), &e) != nil || e["before"] != "Jupiter" || e["after"] != "Jupyter" || e["line"] != 1.0 || e["column"] != 17.0 {
		t.Errorf("--json: exit %d, %s", code, out)
	}
	if len(lines) != 4 || strings.Contains(out, "diff --git") {
		t.Errorf("--json --dry-run: want 4 edits and no diff:\n%s", out)
	}
	// In place.
	if code, _, errOut := run(t, "", "fix", dir); code != 0 || !strings.Contains(errOut, "made 4 edits in 2 files") {
		t.Errorf("fix: exit %d, %s", code, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "012-pulse.txt")); string(data) != "00:00:01 We use Jupyter and pip install ruff.\n\n" {
		t.Errorf("fixed .txt: %q", data)
	}
	// Errors: no rules anywhere, a bad rules file, conflicting flags.
	empty := t.TempDir()
	unclosed, undo := filepath.Join(empty, "unclosed.rules"), filepath.Join(empty, "undo.rules")
	os.WriteFile(unclosed, []byte("Jupiter => \"Jupyter\n"), 0o644)
	os.WriteFile(undo, []byte("Jupiter => Jupyter\nJupyter => Jupiter\n"), 0o644)
	back := filepath.Join(empty, "back.rules") // settles alone, not with rulesFile
	os.WriteFile(back, []byte("Jupyter => Jupiter\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"fix", "--no-spellings", empty}, ExitFailure, "no rules: give --rules FILE"},
		{[]string{"fix", "--dry-run", "--patch", dir}, ExitUsage, "choose one of"},
		{[]string{"fix", "--json", "--patch", dir}, ExitUsage, "choose one of"},
		{[]string{"fix", "--rules", filepath.Join(dir, "012-pulse.txt"), dir}, ExitFailure, `012-pulse.txt:1: no "=>"`},
		{[]string{"fix", "--rules", unclosed, dir}, ExitFailure, "unclosed.rules:1: after \"=>\": unclosed quote in `\"Jupyter`"},
		{[]string{"fix", "--rules", undo, dir}, ExitFailure, "undo.rules:2: Jupyter => Jupiter: Jupiter => Jupyter (line 1) undoes it"},
		{[]string{"fix", "--rules", rulesFile, "--rules", back, "--dry-run", dir}, ExitFailure, "emend.rules:1: Jupiter => Jupyter: Jupyter => Jupiter (" + back + ":1) undoes it"},
	} {
		if code, _, errOut := run(t, "", c.args...); code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%v: exit %d, %s", c.args, code, errOut)
		}
	}
}

// Without --rules, fix finds the rules file a library's emend.toml names.
func TestFixRulesFromConfig(t *testing.T) {
	lib := t.TempDir()
	for name, data := range map[string]string{
		"emend.toml":              "# the library\nrules = \"names.rules\"\n[[show]]\nname = \"Python Pulse\"\npaths = [\"transcripts\"]\n",
		"names.rules":             "Jupiter => Jupyter\n",
		"transcripts/001-a.vtt":   episode,
		"transcripts/sub/keep.md": "not a transcript\n",
	} {
		p := filepath.Join(lib, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := run(t, "", "fix", "--dry-run", filepath.Join(lib, "transcripts"))
	if code != 0 || !strings.Contains(out, "+Today: Jupyter &amp; friends.") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// A broken emend.toml is an error naming its line, not a silent skip.
	if err := os.WriteFile(filepath.Join(lib, "emend.toml"), []byte("rules = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "", "fix", "--dry-run", filepath.Join(lib, "transcripts")); code == 0 || !strings.Contains(errOut, "emend.toml:1") {
		t.Errorf("broken emend.toml: exit %d, %s", code, errOut)
	}
}

// TestFixWarnsOncePerReason: of many files left alone for the same reason,
// a few are named and the rest counted; each other reason is said too.
func TestFixWarnsOncePerReason(t *testing.T) {
	dir := t.TempDir()
	for i := 1; i <= 5; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d_paragraphs.json", i)), []byte(`{"sentences": [{"text": "We use Jupiter.", "start": 0, "end": 900}]}`), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "006-broken.vtt"), []byte("WEBVTT\n\n00:00:01.000 --> soon\nJupiter.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "007-ok.txt"), []byte("00:00:00 We use Jupiter.\n"), 0o644)
	rulesFile := filepath.Join(dir, "emend.rules")
	os.WriteFile(rulesFile, []byte("Jupiter => Jupyter\n"), 0o644)
	code, _, errOut := run(t, "", "fix", "--rules", rulesFile, "--dry-run", dir)
	if code != ExitFailure || !strings.Contains(errOut, "1 file not fixed: emend could not read it safely") {
		t.Fatalf("a file left unfixed: exit %d, want 1: %s", code, errOut)
	}
	if n := strings.Count(errOut, "left alone: emend reads AssemblyAI JSON"); n != 4 {
		t.Errorf("%d warnings of AssemblyAI files, want 3 named and 1 counted:\n%s", n, errOut)
	}
	if !strings.Contains(errOut, "warning: 2 more files: left alone: emend reads AssemblyAI JSON") {
		t.Errorf("no count of the others:\n%s", errOut)
	}
	if !strings.Contains(errOut, "006-broken.vtt: not fixed") || !strings.Contains(errOut, "would make 1 edit in 1 file") {
		t.Errorf("the broken file, or the summary, is missing:\n%s", errOut)
	}
}

// TestNothingToDo: a command given nothing to work on says so and fails,
// instead of reporting a success over nothing; learn writes nothing then.
func TestNothingToDo(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "emptydir")
	os.Mkdir(empty, 0o755)
	os.WriteFile(filepath.Join(empty, "notes.md"), []byte("not a transcript\n"), 0o644)
	one := filepath.Join(dir, "001-one.txt")
	os.WriteFile(one, []byte("00:00:01 We use Jupiter.\n"), 0o644)
	rulesFile := filepath.Join(dir, "keep.rules")
	os.WriteFile(rulesFile, []byte("Jupiter => Jupyter\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"check", empty}, ExitFailure, "no transcripts in " + empty + ": emend reads .vtt, .srt, .txt"},
		{[]string{"check", one, empty}, ExitFailure, "no transcripts in " + empty},
		{[]string{"stats", empty}, ExitFailure, "no transcripts in"},
		{[]string{"fix", "--rules", rulesFile, empty}, ExitFailure, "no transcripts in"},
		{[]string{"spellings", empty}, ExitFailure, "no transcripts in"},
		{[]string{"check", filepath.Join(dir, "absent")}, ExitFailure, "absent: no such file or directory"},
		{[]string{"learn", "/nonexistent"}, ExitFailure, "emend learn: /nonexistent: no such file or directory\n"},
		{[]string{"learn", empty + "=" + filepath.Join(dir, "nope")}, ExitFailure, "nope: no such file or directory"},
		{[]string{"learn", one, "-o", rulesFile}, ExitFailure, "nothing to learn from " + one + ": no corrections of transcripts found"},
		{[]string{"fix", "--rules", empty, one}, ExitFailure, "emend fix: " + empty + " is a directory, not a rules file\n"},
		{[]string{"check", one}, ExitOK, "checked 1 file, 0 .txt/.vtt pairs"},
	} {
		code, _, errOut := run(t, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("emend %s: exit %d, %q; want exit %d, %q", strings.Join(c.args, " "), code, errOut, c.code, c.msg)
		}
	}
	if data, _ := os.ReadFile(rulesFile); string(data) != "Jupiter => Jupyter\n" {
		t.Errorf("learn with nothing learned wrote over the rules file: %q", data)
	}
}
