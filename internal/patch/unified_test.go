package patch

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// transcript returns a synthetic "HH:MM:SS text" transcript of n lines.
func transcript(n int) string {
	words := []string{"Jupiter", "pandas", "notebooks", "pedantic", "rough", "async", "Django", "Flask", "the", "we", "really", "data"}
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "%02d:%02d:%02d Line %d: we talk about %s and %s.\n", i/3600, i/60%60, i%60, i, words[i%len(words)], words[(i*7)%len(words)])
	}
	return sb.String()
}

// replaceLine replaces line i (0-based) of s.
func replaceLine(s string, i int, with string) string {
	lines := strings.SplitAfter(s, "\n")
	lines[i] = with
	return strings.Join(lines, "")
}

var goldenCases = []struct {
	name    string
	opt     Options
	changes []FileChange
}{
	{"one-change", Options{}, []FileChange{{Path: "transcripts/301-notebooks.vtt", Old: []byte(vttOld),
		New: []byte(strings.Replace(vttOld, "Jupiter", "Jupyter", 1))}}},
	{"merged-hunk", Options{}, []FileChange{{Path: "t.txt", Old: []byte(transcript(20)),
		New: []byte(replaceLine(replaceLine(transcript(20), 5, "00:00:05 Jupyter!\n"), 11, "00:00:11 Pydantic!\n"))}}},
	{"two-hunks", Options{}, []FileChange{{Path: "t.txt", Old: []byte(transcript(20)),
		New: []byte(replaceLine(replaceLine(transcript(20), 3, "00:00:03 Jupyter!\n"), 11, "00:00:11 Pydantic!\n"))}}},
	{"edges", Options{}, []FileChange{{Path: "t.txt", Old: []byte(transcript(10)),
		New: []byte("00:00:00 A new first line.\n" + strings.TrimSuffix(transcript(9), "\n"))}}},
	{"no-newline-old", Options{}, []FileChange{{Path: "a.txt", Old: []byte("00:00:01 We use Jupiter.\n00:00:05 Thanks."),
		New: []byte("00:00:01 We use Jupyter.\n00:00:05 Thanks.\n")}}},
	{"no-newline-both", Options{}, []FileChange{{Path: "a.txt", Old: []byte("one\ntwo\nJupiter\nfour"),
		New: []byte("one\ntwo\nJupyter\nfour")}}},
	{"crlf", Options{}, []FileChange{{Path: "live.vtt", Old: []byte("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nWe use rough.\r\n"),
		New: []byte("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nWe use Ruff.\r\n")}}},
	{"context-0", Options{Context: -1}, []FileChange{{Path: "t.txt", Old: []byte(transcript(12)),
		New: []byte(replaceLine(replaceLine(transcript(12), 2, ""), 8, "00:00:08 Jupyter!\n00:00:08 More.\n"))}}},
	{"context-1", Options{Context: 1}, []FileChange{{Path: "t.txt", Old: []byte(transcript(12)),
		New: []byte(replaceLine(replaceLine(transcript(12), 4, "00:00:04 Jupyter!\n"), 6, "00:00:06 Pydantic!\n"))}}},
	{"paths", Options{}, []FileChange{
		{Path: "transcripts/049_ Microsofts_JIT_Pyjion.vtt", Old: []byte("pie jion\n"), New: []byte("Pyjion\n")},
		{Path: "transcripts/unchanged.txt", Old: []byte("same\n"), New: []byte("same\n")},
		{Path: "transcripts/café.txt", Old: []byte("Jupiter\n"), New: []byte("Jupyter\n")},
		{Path: "odd/tab\there \"quoted\".txt", Old: []byte("x\n"), New: []byte("y\n")},
	}},
	{"empty-old", Options{}, []FileChange{{Path: "new.txt", Old: nil, New: []byte("00:00:01 Hello.\n")}}},
	{"empty-new", Options{}, []FileChange{{Path: "old.txt", Old: []byte("00:00:01 Hello.\n00:00:02 Bye."), New: []byte{}}}},
	{"color", Options{Color: true}, []FileChange{{Path: "live.vtt", Old: []byte("WEBVTT\r\n\r\nWe use rough.\r\nBye\n"),
		New: []byte("WEBVTT\r\n\r\nWe use Ruff.\r\nBye")}}},
}

func TestUnifiedGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Unified(&buf, tc.changes, tc.opt); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".diff")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("diff differs from %s:\n%s\nwant\n%s", golden, buf.Bytes(), want)
			}
			if tc.opt.Color {
				return
			}
			// Every golden must also apply.
			for _, c := range tc.changes {
				var one bytes.Buffer
				if err := Unified(&one, []FileChange{c}, tc.opt); err != nil {
					t.Fatal(err)
				}
				got, err := applyOne(c.Old, one.String())
				if err != nil {
					t.Fatalf("%s: %v", c.Path, err)
				}
				if !bytes.Equal(got, c.New) {
					t.Errorf("%s: applying gives %q, want %q", c.Path, got, c.New)
				}
			}
		})
	}
}

func TestUnifiedNothing(t *testing.T) {
	for _, changes := range [][]FileChange{nil, {}, {{Path: "a.txt", Old: []byte("x\n"), New: []byte("x\n")}}, {{Path: "b.txt"}}} {
		var buf bytes.Buffer
		if err := Unified(&buf, changes, Options{}); err != nil {
			t.Errorf("%v: %v", changes, err)
		}
		if err := Mbox(&buf, changes, Message{Email: "a@example.com", Subject: "x"}); err != nil {
			t.Errorf("%v: %v", changes, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%v: wrote %q, want nothing", changes, buf.String())
		}
	}
}

func TestBadInput(t *testing.T) {
	ch := func(p string) []FileChange { return []FileChange{{Path: p, Old: []byte("a\n"), New: []byte("b\n")}} }
	for _, tc := range []struct {
		changes []FileChange
		msg     Message
		want    string
	}{
		{ch(""), Message{}, "empty path"},
		{ch("/etc/passwd"), Message{}, "relative"},
		{ch("../outside.txt"), Message{}, "inside the repository"},
		{ch("a//b.txt"), Message{}, "inside the repository"},
		{ch("dir/"), Message{}, "directory"},
		{ch("a\x00b"), Message{}, "NUL"},
		{append(ch("a.txt"), ch("a.txt")...), Message{}, "twice"},
		{ch("a.txt"), Message{Subject: "x"}, "email is empty"},
		{ch("a.txt"), Message{Email: "Ada <ada@example.com>", Subject: "x"}, "plain address"},
		{ch("a.txt"), Message{Email: "ada@example.com", Subject: " \n "}, "empty subject"},
	} {
		var buf bytes.Buffer
		err := Mbox(&buf, tc.changes, tc.msg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Mbox(%q, %+v) = %v, want an error with %q", tc.changes[0].Path, tc.msg, err, tc.want)
		}
		if buf.Len() != 0 {
			t.Errorf("Mbox(%q) wrote output despite the error", tc.changes[0].Path)
		}
		if tc.msg == (Message{}) {
			if err := Unified(&buf, tc.changes, Options{}); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Unified(%q) = %v, want an error with %q", tc.changes[0].Path, err, tc.want)
			}
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	changes := roundTripCases[0].changes
	if err := Unified(failWriter{}, changes, Options{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Unified to a failing writer: %v", err)
	}
	if err := Mbox(failWriter{}, changes, Message{Email: "a@example.com", Subject: "x"}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Mbox to a failing writer: %v", err)
	}
}

func TestStat(t *testing.T) {
	files, ins, del := Stat(goldenCases[len(goldenCases)-4].changes) // paths: 3 changed of 4
	if files != 3 || ins != 3 || del != 3 {
		t.Errorf("Stat = %d files, +%d -%d; want 3, +3 -3", files, ins, del)
	}
	files, ins, del = Stat([]FileChange{{Path: "a", Old: []byte("a\nb\nc\n"), New: []byte("a\nB\nB2\nc")}})
	if files != 1 || ins != 3 || del != 2 {
		t.Errorf("Stat = %d files, +%d -%d; want 1, +3 -2", files, ins, del)
	}
	if files, ins, del = Stat(nil); files+ins+del != 0 {
		t.Errorf("Stat(nil) = %d %d %d", files, ins, del)
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		files, ins, del int
		want            string
	}{
		{1, 1, 1, "1 file changed, 1 insertion(+), 1 deletion(-)"},
		{2, 3, 0, "2 files changed, 3 insertions(+)"},
		{1, 0, 4, "1 file changed, 4 deletions(-)"},
	} {
		if got := summary(tc.files, tc.ins, tc.del); got != tc.want {
			t.Errorf("summary(%d, %d, %d) = %q, want %q", tc.files, tc.ins, tc.del, got, tc.want)
		}
	}
}

func TestQuotePath(t *testing.T) {
	for in, want := range map[string]string{
		"a/transcripts/301.vtt":  "a/transcripts/301.vtt",
		"a/049_ Microsofts.vtt":  "a/049_ Microsofts.vtt",
		"a/café.txt":             "a/café.txt",
		"a/tab\there.txt":        `"a/tab\there.txt"`,
		`a/say "hi".txt`:         `"a/say \"hi\".txt"`,
		`a/back\slash`:           `"a/back\\slash"`,
		"a/latin1-caf\xe9.txt":   `"a/latin1-caf\351.txt"`,
		"a/bell\a\x01\x7f.txt":   `"a/bell\a\001\177.txt"`,
		"a/new\nline\r.txt":      `"a/new\nline\r.txt"`,
		"a/é\"quoted\" é.txt":    `"a/é\"quoted\" é.txt"`,
		"a/vertical\v\f\b.txt":   `"a/vertical\v\f\b.txt"`,
		"a/ordinary-name_1.json": "a/ordinary-name_1.json",
	} {
		if got := quotePath(in); got != want {
			t.Errorf("quotePath(%q) = %s, want %s", in, got, want)
		}
	}
}

// lcsLen is the textbook O(NM) longest common subsequence length.
func lcsLen(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			default:
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkDiff checks that the diff of old and new applies back to new, that
// Stat agrees with its lines, and, for small inputs, that it is minimal.
func checkDiff(t *testing.T, old, new []byte, context int) {
	t.Helper()
	var buf bytes.Buffer
	if err := Unified(&buf, []FileChange{{Path: "f.txt", Old: old, New: new}}, Options{Context: context}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(old, new) {
		if buf.Len() != 0 {
			t.Fatalf("diff of equal contents: %q", buf.String())
		}
		return
	}
	got, err := applyOne(old, buf.String())
	if err != nil {
		t.Fatalf("applying the diff: %v\nold %q\nnew %q\ndiff:\n%s", err, old, new, buf.String())
	}
	if !bytes.Equal(got, new) {
		t.Fatalf("applying the diff gives %q, want %q\ndiff:\n%s", got, new, buf.String())
	}
	_, ins, del := Stat([]FileChange{{Path: "f.txt", Old: old, New: new}})
	plus, minus := 0, 0
	for _, l := range strings.Split(buf.String(), "\n")[4:] {
		switch {
		case strings.HasPrefix(l, "+"):
			plus++
		case strings.HasPrefix(l, "-"):
			minus++
		}
	}
	if plus != ins || minus != del {
		t.Errorf("Stat says +%d -%d, the diff has +%d -%d", ins, del, plus, minus)
	}
	a, b := splitLines(string(old)), splitLines(string(new))
	if len(a)*len(b) <= 250000 {
		if l := lcsLen(a, b); ins+del != len(a)+len(b)-2*l {
			t.Errorf("diff has %d changed lines, a minimal one has %d\nold %q\nnew %q", ins+del, len(a)+len(b)-2*l, old, new)
		}
	}
}

// TestRandomEdits applies random edits of several kinds to transcripts
// and checks every diff.
func TestRandomEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"\n", "a\n", "b\n", "c\n", "00:00:01 Jupiter\n", "a\r\n", "b", ""}
	for n := range 400 {
		var a []string
		if n%2 == 0 {
			a = strings.SplitAfter(transcript(r.IntN(60)), "\n")
		} else {
			for range r.IntN(40) {
				a = append(a, alphabet[r.IntN(len(alphabet))])
			}
		}
		b := append([]string(nil), a...)
		for range r.IntN(8) {
			i := r.IntN(len(b) + 1)
			line := alphabet[r.IntN(len(alphabet)-2)]
			switch r.IntN(3) {
			case 0:
				b = append(b[:i], append([]string{line}, b[i:]...)...)
			case 1:
				if i < len(b) {
					b = append(b[:i], b[i+1:]...)
				}
			case 2:
				if i < len(b) {
					b[i] = line
				}
			}
		}
		checkDiff(t, fixLast(a), fixLast(b), r.IntN(5)-1)
	}
}

// fixLast joins lines into content; only the last may lack a newline.
func fixLast(lines []string) []byte {
	var sb strings.Builder
	for i, l := range lines {
		if i < len(lines)-1 && !strings.HasSuffix(l, "\n") {
			l += "\n"
		}
		sb.WriteString(l)
	}
	return []byte(sb.String())
}

// TestGitApplyRandom checks random transcript edits with git apply.
func TestGitApplyRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var changes []FileChange
	for i := range 20 {
		old := transcript(50 + r.IntN(300))
		lines := strings.SplitAfter(old, "\n")
		for range 1 + r.IntN(10) {
			j := r.IntN(len(lines) - 1)
			switch r.IntN(3) {
			case 0:
				lines[j] = strings.Replace(lines[j], "Jupiter", "Jupyter", 1)
			case 1:
				lines[j] = ""
			case 2:
				lines[j] += "00:00:00 An inserted line.\r\n"
			}
		}
		newText := strings.Join(lines, "")
		if i%3 == 0 {
			newText = strings.TrimSuffix(newText, "\n")
		}
		changes = append(changes, FileChange{Path: fmt.Sprintf("transcripts/%03d ep.txt", i), Old: []byte(old), New: []byte(newText)})
	}
	dir := gitRepo(t, changes)
	var buf bytes.Buffer
	if err := Unified(&buf, changes, Options{}); err != nil {
		t.Fatal(err)
	}
	git(t, dir, buf.Bytes(), "apply", "-")
	checkFiles(t, dir, changes)
}

// TestDiffIsCanonical checks that an inserted paragraph comes out as
// people and git write it, ending with its blank line.
func TestDiffIsCanonical(t *testing.T) {
	old := "00:00:01 One.\n\n00:00:02 Two.\n"
	new := "00:00:01 One.\n\n00:00:01 Inserted.\n\n00:00:02 Two.\n"
	var buf bytes.Buffer
	if err := Unified(&buf, []FileChange{{Path: "a.txt", Old: []byte(old), New: []byte(new)}}, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "@@ -1,3 +1,5 @@\n 00:00:01 One.\n \n+00:00:01 Inserted.\n+\n 00:00:02 Two.\n"
	if !strings.HasSuffix(buf.String(), want) {
		t.Errorf("diff:\n%s\nwant it to end\n%s", buf.String(), want)
	}
}

func FuzzUnified(f *testing.F) {
	f.Add([]byte(vttOld), []byte(strings.Replace(vttOld, "Jupiter", "Jupyter", 1)))
	f.Add([]byte("a\nb\nc"), []byte("a\nc\n"))
	f.Add([]byte("a\r\nb\r\n"), []byte("a\nb\r\n"))
	f.Add([]byte(""), []byte("x"))
	f.Add([]byte("\n\n\n"), []byte("\n"))
	f.Add([]byte(transcript(40)), []byte(replaceLine(transcript(40), 20, "")))
	f.Fuzz(func(t *testing.T, old, new []byte) {
		checkDiff(t, old, new, len(old)%5-1)
	})
}
