package library

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/transcript"
)

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello there, world.\n\n00:01:00.000 --> 01:00:00.000\nA long cue.\n\n"
const txt = "00:00:00 Hello there, world.\n\n00:01:00 A long cue.\n\n"

func TestScanGroupsCopiesPerShow(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "show-a"), filepath.Join(root, "show-b")
	write(t, a, "transcripts/301-deploying-django.vtt", vtt)
	write(t, a, "transcripts/301-deploying-django.txt", txt)
	write(t, a, "youtube/301-deploying-and-running-django-live.vtt", vtt)
	write(t, a, "transcripts/notes.md", "not a transcript")
	write(t, a, ".git/objects/x.txt", "hidden")
	write(t, a, "intro.txt", txt) // no number: an episode of its own
	write(t, b, "301-same-number-other-show.vtt", vtt)

	lib, err := Scan([]string{a, b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(lib.Files) != 5 {
		t.Fatalf("found %d files, want 5", len(lib.Files))
	}
	if len(lib.Episodes) != 3 {
		t.Fatalf("found %d episodes, want 3", len(lib.Episodes))
	}
	e := lib.Episodes[0]
	if e.Show != "show-a" || e.Number != 301 || len(e.Copies) != 2 || len(e.Copies[0].Files) != 2 {
		t.Errorf("first episode: show %q number %d, %d copies", e.Show, e.Number, len(e.Copies))
	}
	if e := lib.Episodes[1]; e.Show != "show-a" || e.Number != -1 {
		t.Errorf("second episode: show %q number %d, want the unnumbered intro", e.Show, e.Number)
	}
	if e := lib.Episodes[2]; e.Show != "show-b" || e.Number != 301 {
		t.Errorf("third episode: show %q number %d", e.Show, e.Number)
	}
	st := lib.Stats()
	// Words and hours count each episode once, from its longest copy:
	// two hour-long episodes and a .txt whose last line starts at 1:00.
	if st.Episodes != 3 || st.Files != 5 || st.Words != 3*6 || st.Hours < 2.016 || st.Hours > 2.017 {
		t.Errorf("stats %+v", st)
	}
	if st.Formats["vtt"] != 3 || st.Formats["txt"] != 2 {
		t.Errorf("formats %v", st.Formats)
	}
}

func TestScanErrors(t *testing.T) {
	if _, err := Scan([]string{filepath.Join(t.TempDir(), "missing")}, nil); err == nil {
		t.Error("want an error for a missing path")
	}
	dir := t.TempDir()
	write(t, dir, "001-binary.vtt", "WEBVTT\x00\x01\x02")
	lib, err := Scan([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lib.Files[0].Episode != nil || lib.Files[0].Err == nil || lib.Stats().Unreadable != 1 {
		t.Errorf("a binary file must be unreadable, got %+v", lib.Files[0])
	}
}

func TestCountWords(t *testing.T) {
	for _, c := range []struct {
		s string
		n int
	}{
		{"", 0},
		{"Hello, world.", 2},
		{"don't stop — scikit-learn’s fine", 4},
		{"  - Yeah, let's do it. ", 4},
		{"3.12 is out", 4},
		{"Ça va très bien", 4},
	} {
		if got := CountWords(c.s); got != c.n {
			t.Errorf("CountWords(%q) = %d, want %d", c.s, got, c.n)
		}
	}
}

func TestEpisodeOrder(t *testing.T) {
	var keys []string
	paths := []string{"s/b-talk.txt", "s/010-ten.vtt", "s/a-talk.txt", "s/2-two.txt", "s/010-ten.txt"}
	nums := map[string]int{}
	for _, p := range paths {
		n, _ := transcript.ParseName(p)
		k := EpisodeKey(p, n)
		if _, ok := nums[k]; !ok {
			keys = append(keys, k)
		}
		nums[k] = n
	}
	sort.Slice(keys, func(i, j int) bool { return CompareEpisodes(nums[keys[i]], keys[i], nums[keys[j]], keys[j]) < 0 })
	if got, want := strings.Join(keys, " "), "2 10 s/a-talk s/b-talk"; got != want {
		t.Errorf("episodes in order %q, want %q", got, want)
	}
}

func TestWithout(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"301-a.txt", "301-a.vtt", "public/show/301-a.vtt", "public/show/301-a.srt", "publicity/302-b.txt"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("00:00:00 Hello there.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lib, err := Scan([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := lib.Without(filepath.Join(dir, "public"))
	if len(got.Files) != 3 || len(got.Episodes) != 2 || len(got.Episodes[0].Copies) != 1 {
		t.Fatalf("Without: %d files, %d episodes, %d copies of the first", len(got.Files), len(got.Episodes), len(got.Episodes[0].Copies))
	}
	if lib.Without(filepath.Join(dir, "elsewhere")) != lib {
		t.Fatal("Without an absent directory made a new library")
	}
}
