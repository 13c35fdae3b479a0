package patch

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gitRepo makes a repository in a temporary directory holding the Old
// contents of changes, committed, or skips the test when git is missing.
func gitRepo(t *testing.T, changes []FileChange) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git(t, dir, nil, "init", "-q")
	git(t, dir, nil, "config", "user.name", "Test")
	git(t, dir, nil, "config", "user.email", "test@example.com")
	git(t, dir, nil, "config", "core.autocrlf", "false")
	git(t, dir, nil, "config", "commit.gpgsign", "false")
	for _, c := range changes {
		p := filepath.Join(dir, filepath.FromSlash(c.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, c.Old, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, nil, "add", "-A")
	git(t, dir, nil, "commit", "-q", "--allow-empty", "-m", "old transcripts")
	return dir
}

// git runs git in dir with stdin and returns its standard output; it fails
// the test on error.
func git(t *testing.T, dir string, stdin []byte, args ...string) string {
	t.Helper()
	out, err := gitErr(dir, stdin, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitErr(dir string, stdin []byte, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	// Keep the user's and system's configuration out of the test.
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"HOME="+dir, "LC_ALL=C")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.String(), err
}

// checkFiles fails the test unless every file in dir holds its New content.
func checkFiles(t *testing.T, dir string, changes []FileChange) {
	t.Helper()
	for _, c := range changes {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, c.New) {
			t.Errorf("%s after applying:\n%q\nwant\n%q", c.Path, got, c.New)
		}
	}
}

// roundTripCases are the ugly cases every applier must get right.
var roundTripCases = []struct {
	name    string
	changes []FileChange
}{
	{"one fix in a vtt", []FileChange{{
		Path: "transcripts/301-notebooks.vtt",
		Old:  []byte(vttOld),
		New:  []byte(strings.Replace(vttOld, "Jupiter", "Jupyter", 1)),
	}}},
	{"space in path", []FileChange{{
		Path: "transcripts/049_ Microsofts_JIT_based_Python_Project_Pyjion.vtt",
		Old:  []byte("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nWe talk about pie jion today.\n"),
		New:  []byte("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nWe talk about Pyjion today.\n"),
	}}},
	{"space before extension", []FileChange{{
		Path: "transcripts/078_game-and-tools-in-python .txt",
		Old:  []byte("00:00:01 Welcome to the show.\n\n00:00:05 We use pie game.\n"),
		New:  []byte("00:00:01 Welcome to the show.\n\n00:00:05 We use Pygame.\n"),
	}}},
	{"non-ASCII path and content", []FileChange{{
		Path: "transcripts/café-épisode.txt",
		Old:  []byte("00:00:01 Bonjour, c'est l'épisode sur pandas.\n00:00:09 On parle de Jupiter.\n"),
		New:  []byte("00:00:01 Bonjour, c'est l'épisode sur pandas.\n00:00:09 On parle de Jupyter — enfin.\n"),
	}}},
	{"quote and backslash in path", []FileChange{{
		Path: `odd/say "hi"\there.txt`,
		Old:  []byte("a\nb\n"),
		New:  []byte("a\nB\n"),
	}}},
	{"CRLF", []FileChange{{
		Path: "youtube_transcripts/302-live.vtt",
		Old:  []byte(strings.ReplaceAll(vttOld, "\n", "\r\n")),
		New:  []byte(strings.ReplaceAll(strings.Replace(vttOld, "Jupiter", "Jupyter", 1), "\n", "\r\n")),
	}}},
	{"CRLF to LF", []FileChange{{
		Path: "t.vtt",
		Old:  []byte("WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nHello\r\n"),
		New:  []byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n"),
	}}},
	{"no newline at end, old side", []FileChange{{
		Path: "a.txt",
		Old:  []byte("00:00:01 We use Jupiter.\n00:00:05 Thanks."),
		New:  []byte("00:00:01 We use Jupyter.\n00:00:05 Thanks.\n"),
	}}},
	{"no newline at end, new side", []FileChange{{
		Path: "a.txt",
		Old:  []byte("00:00:01 We use Jupiter.\n00:00:05 Thanks.\n"),
		New:  []byte("00:00:01 We use Jupyter.\n00:00:05 Thanks."),
	}}},
	{"no newline at end, both sides", []FileChange{{
		Path: "a.txt",
		Old:  []byte("00:00:01 We use Jupiter.\n00:00:05 Thanks to pedantic."),
		New:  []byte("00:00:01 We use Jupiter.\n00:00:05 Thanks to Pydantic."),
	}}},
	{"no newline, context only", []FileChange{{
		Path: "a.txt",
		Old:  []byte("one\ntwo\nJupiter\nfour"),
		New:  []byte("one\ntwo\nJupyter\nfour"),
	}}},
	{"file emptied and filled", []FileChange{
		{Path: "gone.txt", Old: []byte("00:00:01 Only line.\n"), New: nil},
		{Path: "filled.txt", Old: nil, New: []byte("00:00:01 New line.\n")},
	}},
	{"several files and an unchanged one", []FileChange{
		{Path: "transcripts/301.txt", Old: []byte("We use rough.\n"), New: []byte("We use Ruff.\n")},
		{Path: "transcripts/301.vtt", Old: []byte("WEBVTT\n\nWe use rough.\n"), New: []byte("WEBVTT\n\nWe use Ruff.\n")},
		{Path: "transcripts/302.txt", Old: []byte("Unchanged.\n"), New: []byte("Unchanged.\n")},
	}},
	{"lines that look like mail", []FileChange{{
		Path: "notes.txt",
		Old:  []byte("From 10:30:00 1999 on we used Jupiter\n---\n-- \ndiff --git a/x b/x\nFrom: someone\n"),
		New:  []byte("From 10:30:00 1999 on we used Jupyter\n---\n--\ndiff --git a/x b/x\nFrom: someone\n"),
	}}},
}

const vttOld = `WEBVTT

00:00:00.000 --> 00:00:04.000
Welcome to Talk Python To Me, episode 301.

00:00:04.000 --> 00:00:09.000
Today we're talking about Jupiter notebooks and pandas.

00:00:09.000 --> 00:00:13.000
My guest built a tool on top of pedantic.

00:00:13.000 --> 00:00:18.000
Let's get started.
`

func TestGitApplyUnified(t *testing.T) {
	for _, tc := range roundTripCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepo(t, tc.changes)
			var buf bytes.Buffer
			if err := Unified(&buf, tc.changes, Options{}); err != nil {
				t.Fatal(err)
			}
			git(t, dir, buf.Bytes(), "apply", "--check", "-")
			git(t, dir, buf.Bytes(), "apply", "-")
			checkFiles(t, dir, tc.changes)
		})
	}
}

func TestPatchApplyUnified(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("patch not installed")
	}
	for _, tc := range roundTripCases {
		if strings.Contains(tc.name, "quote") || strings.Contains(tc.name, "emptied") {
			continue // GNU patch does not read git's quoted names; it removes emptied files
		}
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepo(t, tc.changes)
			var buf bytes.Buffer
			if err := Unified(&buf, tc.changes, Options{Context: 2}); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("patch", "-p1", "--batch", "--no-backup-if-mismatch")
			cmd.Dir = dir
			cmd.Stdin = &buf
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("patch -p1: %v\n%s", err, out)
			}
			checkFiles(t, dir, tc.changes)
		})
	}
}

func TestGitAmMbox(t *testing.T) {
	msgs := []Message{
		{Author: "Ada Lovelace", Email: "ada@example.com", Subject: "Fix misheard names: Jupiter -> Jupyter",
			Body: "Learned from 14 earlier commits.\n\nApplied by emend fix."},
		{Author: "Müller, Zoë (ß)", Email: "zoe@example.com", Subject: "Corrige « Jupiter » en Jupyter — épisode 301 über alles, with a subject long enough to need folding",
			Body: "Détails:\n---\ndiff -u is not the patch\nFrom 10:30:00 1999 on we said Jupiter\nIndex: nope\n"},
		{Author: "Smith, John (QA)", Email: "john@example.com", Subject: "Subject: with =?odd?= text_and ? marks",
			Body: "From: not a header\nSubject: not either\n-- \nnot a signature either"},
		{Email: "anon@example.com", Subject: "  multi\nline\tsubject  "},
	}
	for _, tc := range roundTripCases {
		for mi, m := range msgs {
			if mi > 1 && tc.name != "one fix in a vtt" {
				continue // every file case runs with an 8-bit and a quoted-printable mail
			}
			t.Run(tc.name+"/"+strings.Fields(m.Subject)[0], func(t *testing.T) {
				m.Date = time.Date(2024, 3, 5, 9, 7, 0, 0, time.FixedZone("", 3600))
				dir := gitRepo(t, tc.changes)
				var buf bytes.Buffer
				if err := Mbox(&buf, tc.changes, m); err != nil {
					t.Fatal(err)
				}
				if out, err := gitErr(dir, buf.Bytes(), "am", "-q"); err != nil {
					t.Fatalf("git am: %v\n%s\nmbox:\n%s", err, out, buf.String())
				}
				checkFiles(t, dir, tc.changes)
				if tc.name != "one fix in a vtt" {
					return // the message checks below need to run once per message
				}
				gotSubject := git(t, dir, nil, "log", "-1", "--format=%s")
				if want := oneLine(m.Subject); strings.TrimSpace(gotSubject) != want {
					t.Errorf("subject %q, want %q", strings.TrimSpace(gotSubject), want)
				}
				gotAuthor := strings.TrimSpace(git(t, dir, nil, "log", "-1", "--format=%an <%ae> %aI"))
				name := m.Author
				if name == "" {
					name = m.Email // git am's choice when the mail names no one
				}
				if want := name + " <" + m.Email + "> 2024-03-05T09:07:00+01:00"; gotAuthor != want {
					t.Errorf("author %q, want %q", gotAuthor, want)
				}
				gotBody := strings.Trim(git(t, dir, nil, "log", "-1", "--format=%b"), "\n")
				if want := strings.Trim(m.Body, "\n"); !sameBody(gotBody, want) {
					t.Errorf("body\n%s\nwant\n%s", gotBody, want)
				}
			})
		}
	}
}

// sameBody compares commit bodies, allowing the one-space indent Mbox puts
// before lines git am would misread and the trailing spaces git removes.
func sameBody(got, want string) bool {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		w[i] = strings.TrimRight(w[i], " ")
		if g[i] != w[i] && g[i] != " "+w[i] {
			return false
		}
	}
	return true
}

// TestMboxIsFormatPatchShaped checks the parts of the mbox that git
// format-patch writes and other mail tools look for.
func TestMboxIsFormatPatchShaped(t *testing.T) {
	var buf bytes.Buffer
	err := Mbox(&buf, roundTripCases[0].changes, Message{
		Author: "Ada Lovelace", Email: "ada@example.com",
		Date:    time.Date(2024, 3, 5, 9, 7, 0, 0, time.UTC),
		Subject: "Fix Jupiter", Body: "One fix.",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n" +
		"From: Ada Lovelace <ada@example.com>\n" +
		"Date: Tue, 5 Mar 2024 09:07:00 +0000\n" +
		"Subject: [PATCH] Fix Jupiter\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=UTF-8\n" +
		"Content-Transfer-Encoding: 8bit\n" +
		"\n" +
		"One fix.\n" +
		"---\n" +
		" transcripts/301-notebooks.vtt | 2 +-\n" +
		" 1 file changed, 1 insertion(+), 1 deletion(-)\n" +
		"\n" +
		"diff --git a/transcripts/301-notebooks.vtt b/transcripts/301-notebooks.vtt\n"
	if !strings.HasPrefix(buf.String(), want) {
		t.Errorf("mbox starts\n%s\nwant\n%s", buf.String(), want)
	}
	if !strings.HasSuffix(buf.String(), "\n-- \n"+Version+"\n\n") {
		t.Errorf("mbox does not end with the signature:\n%s", buf.String())
	}
}
