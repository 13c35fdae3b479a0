package history

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestPatch(t *testing.T) {
	tests := []struct {
		name  string
		patch string
		want  []string // changeString of each Change
		err   string   // part of the error, if one is expected
	}{
		{"empty", "", nil, ""},
		{"diff -ru with timestamps", `diff -ru before/ep1.txt after/ep1.txt
--- before/ep1.txt	2024-01-02 10:00:00.000000000 +0000
+++ after/ep1.txt	2024-01-02 10:05:00.000000000 +0000
@@ -1,5 +1,5 @@
 00:00:01 Welcome.
 
-00:00:05 We use Jupiter.
+00:00:05 We use Jupyter.
 
 00:00:09 Bye.
Only in after: ep2.txt
diff -ru before/sub/ep3.vtt after/sub/ep3.vtt
--- before/sub/ep3.vtt	2024-01-02 10:00:00.000000000 +0000
+++ after/sub/ep3.vtt	2024-01-02 10:05:00.000000000 +0000
@@ -3 +3 @@
-We lint with rough.
+We lint with ruff.
`, []string{
			"ep1.txt: 3,3 [00:00:05 We use Jupiter.] -> [00:00:05 We use Jupyter.]",
			"sub/ep3.vtt: 3,3 [We lint with rough.] -> [We lint with ruff.]",
		}, ""},
		{"two regions in one hunk, blank context written empty", `--- ep.txt
+++ ep.txt
@@ -1,5 +1,6 @@
-00:00:01 Hello from pie test.

 00:00:05 Middle.
+00:00:06 Inserted.

-00:00:09 Bye, pedantic.
+00:00:09 Bye, Pydantic.
+00:00:10 Really.
`, []string{
			"ep.txt: 1,1 [00:00:01 Hello from pie test.] -> []; 4,3 [] -> [00:00:06 Inserted.]; 5,5 [00:00:09 Bye, pedantic.] -> [00:00:09 Bye, Pydantic. 00:00:10 Really.]",
		}, ""},
		{"lines that look like file headers", `--- a.txt
+++ b.txt
@@ -1,2 +1,2 @@
--- signed
-plain
+++ signed
+plain text
`, []string{"b.txt (from a.txt): 1,1 [-- signed plain] -> [++ signed plain text]"}, ""},
		{"no newline at end of file", `--- a/x.txt
+++ b/x.txt
@@ -1 +1 @@
-Guido van Rossom
\ No newline at end of file
+Guido van Rossum
\ No newline at end of file
`, []string{"x.txt: 1,1 [Guido van Rossom] -> [Guido van Rossum]"}, ""},
		{"only a final newline added", `--- a/x.txt
+++ b/x.txt
@@ -2 +2 @@
-Last line.
\ No newline at end of file
+Last line.
`, nil, ""},
		{"final newline added with a new line", `--- a/x.txt
+++ b/x.txt
@@ -2 +2,2 @@
-Last line.
\ No newline at end of file
+Last line.
+One more.
`, []string{"x.txt: 3,3 [] -> [One more.]"}, ""},
		{"git diff, quoted non-ASCII path", `diff --git "a/caf\303\251 ep.txt" "b/caf\303\251 ep.txt"
index 3b18e51..a9c3f5a 100644
--- "a/caf\303\251 ep.txt"
+++ "b/caf\303\251 ep.txt"
@@ -2,0 +3 @@ 00:00:01 Intro
+00:00:04 An added line.
`, []string{"café ep.txt: 3,3 [] -> [00:00:04 An added line.]"}, ""},
		{"git diff, path with spaces and a rename", "diff --git a/old name.txt b/new name.txt\nsimilarity index 90%\nrename from old name.txt\nrename to new name.txt\nindex 1..2 100644\n--- a/old name.txt\t\n+++ b/new name.txt\t\n@@ -1 +1 @@\n-numbie\n+NumPy\n",
			[]string{"new name.txt (from old name.txt): 1,1 [numbie] -> [NumPy]"}, ""},
		{"additions, deletions, binaries, modes, combined diffs", `diff --git a/new.txt b/new.txt
new file mode 100644
index 0000000..1111111
--- /dev/null
+++ b/new.txt
@@ -0,0 +1 @@
+fresh
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
--- a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-old
diff --git a/logo.png b/logo.png
index 1..2 100644
Binary files a/logo.png and b/logo.png differ
diff --git a/run.txt b/run.txt
old mode 100644
new mode 100755
diff --cc merged.txt
index 1,2..3
--- a/merged.txt
+++ b/merged.txt
@@@ -1,1 -1,1 +1,1 @@@
- one
 -two
++three
diff --git a/kept.txt b/kept.txt
--- a/kept.txt
+++ b/kept.txt
@@ -1 +1 @@
-Jupiter
+Jupyter
`, []string{"kept.txt: 1,1 [Jupiter] -> [Jupyter]"}, ""},
		{"CRLF patch", "--- a/ep.txt\r\n+++ b/ep.txt\r\n@@ -1,3 +1,3 @@\r\n 00:00:01 Hi.\r\n\r\n-00:00:05 numbie\r\n+00:00:05 NumPy\r\n",
			[]string{"ep.txt: 3,3 [00:00:05 numbie] -> [00:00:05 NumPy]"}, ""},
		{"text around the diff", "Some mail text.\n@@ not a hunk\n--- a/x.txt\nnot a +++ line\n", nil, ""},
		{"bad hunk header", "--- a/x.txt\n+++ b/x.txt\n@@ -x +1 @@\n", nil, "test.diff:3: malformed diff: bad hunk header"},
		{"more lines than the header says", "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-a\n-b\n+c\n", nil, "test.diff:5: malformed diff: more removed lines"},
		{"hunk cut short", "--- a/x.txt\n+++ b/x.txt\n@@ -1,2 +1,2 @@\n-a\nsomething else\n", nil, "test.diff:5: malformed diff: hunk ends early"},
		{"bad quoted path", "--- \"a/x\\3\n+++ b/x.txt\n", nil, "bad octal escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := Patch(strings.NewReader(tt.patch), "test.diff", func(c Change) error {
				got = append(got, changeString(c))
				if c.Commit != nil {
					t.Errorf("commit %+v in a plain diff", c.Commit)
				}
				return nil
			})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one containing %q", err, tt.err)
				}
				if !errors.Is(err, errMalformed) && !strings.Contains(tt.err, "escape") {
					t.Errorf("error %v is not errMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestPatchMbox reads the history of the test repository as a git
// format-patch mbox: the changes must be those Git reads, with the commits'
// details from the mail headers.
func TestPatchMbox(t *testing.T) {
	r, want := buildHistory(t)
	mbox := r.git(day(10), "-c", "core.quotePath=true", "format-patch", "--stdout", "-M", "--root", "HEAD", "--", "transcripts")
	var got []string
	var commits []*Commit
	err := Patch(strings.NewReader(mbox+"\n"), "history.mbox", func(c Change) error {
		got = append(got, changeString(c))
		if len(commits) == 0 || commits[len(commits)-1] != c.Commit {
			commits = append(commits, c.Commit)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var fromGit []*Commit
	if err := Git(r.dir, Options{}, func(c Change) error {
		if len(fromGit) == 0 || fromGit[len(fromGit)-1] != c.Commit {
			fromGit = append(fromGit, c.Commit)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(commits) != len(fromGit) {
		t.Fatalf("%d commits from the mbox, %d from git", len(commits), len(fromGit))
	}
	for i, c := range commits {
		g := fromGit[i]
		if c.Hash != g.Hash || c.Author != g.Author || !c.Date.Equal(g.Date) || c.Subject != g.Subject {
			t.Errorf("mbox commit %+v, git commit %+v", *c, *g)
		}
	}
}

// TestPatchMboxHeaders covers encoded and folded headers and a signature
// after the last patch.
func TestPatchMboxHeaders(t *testing.T) {
	mbox := `From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001
From: =?UTF-8?q?Zo=C3=AB=20Editor?= <zoe@example.com>
Date: Tue, 2 Jan 2024 12:00:00 +0100
Subject: [PATCH 2/7] Fix the spelling of
 Jupyter in episode 12

A message line.
---
 ep12.txt | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/ep12.txt b/ep12.txt
index 1..2 100644
--- a/ep12.txt
+++ b/ep12.txt
@@ -4 +4 @@
-Jupiter
+Jupyter
-- 
2.39.5

`
	var got []Change
	if err := Patch(strings.NewReader(mbox), "one.mbox", func(c Change) error {
		got = append(got, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Commit == nil {
		t.Fatalf("got %+v", got)
	}
	c := got[0].Commit
	if c.Hash != "1234567890abcdef1234567890abcdef12345678" || c.Author != "Zoë Editor" ||
		c.Subject != "Fix the spelling of Jupyter in episode 12" || c.Date.UTC().Hour() != 11 {
		t.Errorf("commit %+v", *c)
	}
	if s := changeString(got[0]); !strings.HasSuffix(s, "ep12.txt: 4,4 [Jupiter] -> [Jupyter]") {
		t.Errorf("change %s", s)
	}
}

func TestPatchStop(t *testing.T) {
	stop := errors.New("stop")
	p := "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-a\n+b\n--- a/y.txt\n+++ b/y.txt\n@@ -1 +1 @@\n-a\n+b\n"
	n := 0
	err := Patch(strings.NewReader(p), "p", func(Change) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d calls", err, n)
	}
}

// TestPatchDiffU reads the output of diff -u itself, when installed.
func TestPatchDiffU(t *testing.T) {
	if _, err := exec.LookPath("diff"); err != nil {
		t.Skip("diff not installed")
	}
	before, after := t.TempDir(), t.TempDir()
	writeFile(t, before, "ep 1.txt", "00:00:01 Welcome.\n\n00:00:05 We use Jupiter.\n\n00:00:09 Bye.\n")
	writeFile(t, after, "ep 1.txt", "00:00:01 Welcome.\n\n00:00:05 We use Jupyter.\n\n00:00:09 Bye.\n")
	var out bytes.Buffer
	cmd := exec.Command("diff", "-ru", before, after)
	cmd.Stdout = &out
	_ = cmd.Run() // exit status 1: differences found
	var got []string
	if err := Patch(&out, "diff -ru", func(c Change) error {
		got = append(got, changeString(c))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := "ep 1.txt: 3,3 [00:00:05 We use Jupiter.] -> [00:00:05 We use Jupyter.]"
	if strings.Join(got, "\n") != want {
		t.Errorf("got %q, want %q\n%s", got, want, out.String())
	}
}

// TestPatchMboxQuotedDiff: a diff in a mail's message is no change; the
// patch after it is.
func TestPatchMboxQuotedDiff(t *testing.T) {
	mbox := `From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001
From: Editor <ed@example.com>
Date: Tue, 2 Jan 2024 12:00:00 +0100
Subject: [PATCH] Undo a wrong fix

The earlier commit did this, which was wrong:

--- a/ep12.txt
+++ b/ep12.txt
@@ -4 +4 @@
-Python
+Pyton

---
 ep12.txt | 2 +-

diff --git a/ep12.txt b/ep12.txt
--- a/ep12.txt
+++ b/ep12.txt
@@ -4 +4 @@
-Pyton
+Python
`
	var got []string
	if err := Patch(strings.NewReader(mbox), "one.mbox", func(c Change) error {
		got = append(got, changeString(c))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.HasSuffix(got[0], "[Pyton] -> [Python]") {
		t.Errorf("got %q, want the one change of the patch", got)
	}
}

// TestPatchMboxLongHeader: 20,000 continuation lines are read in time
// linear in them (joining each to the header took 5 s).
func TestPatchMboxLongHeader(t *testing.T) {
	var b strings.Builder
	b.WriteString("From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n")
	for range 20_000 {
		b.WriteString(" a folded subject line of some length to make it long\n")
	}
	b.WriteString("\n---\ndiff --git a/e.txt b/e.txt\n--- a/e.txt\n+++ b/e.txt\n@@ -1 +1 @@\n-a\n+b\n")
	start := time.Now()
	var subject string
	if err := Patch(strings.NewReader(b.String()), "long.mbox", func(c Change) error {
		subject = c.Commit.Subject
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.HasPrefix(subject, "x a folded") || len(subject) < 20_000*50 {
		t.Errorf("subject of %d bytes: %.40q", len(subject), subject)
	}
}
