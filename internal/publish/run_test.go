package publish

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/library"
)

// writeLib makes a library of files and returns its directory.
func writeLib(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func plan(t *testing.T, dir string, fixed map[string][]byte) []Output {
	t.Helper()
	lib, err := library.Scan([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	outs, _, err := Plan(lib, fixed)
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

const (
	pairTxt = "00:00:00 We open Jupiter notebooks.\n\n00:00:04 And close them.\n"
	pairVTT = "WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nWe open Jupiter notebooks.\n\n00:00:04.000 --> 00:00:06.000\nAnd close them.\n"
	ytVTT   = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nwe open jupiter notebooks and close them\n"
)

func TestBest(t *testing.T) {
	dir := writeLib(t, map[string]string{
		"show/transcripts/101-notebooks.txt": pairTxt,
		"show/transcripts/101-notebooks.vtt": pairVTT,
		"show/youtube/101-notebooks.vtt":     ytVTT,
		"show/transcripts/102-only-text.txt": pairTxt,
		"show/transcripts/103-broken.vtt":    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nfine\n\nbad timing here\n",
		"show/youtube/103-broken.vtt":        ytVTT,
	})
	lib, err := library.Scan([]string{filepath.Join(dir, "show")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"101": "transcripts/101-notebooks.vtt", // the pair's .vtt, not the lone YouTube copy
		"102": "transcripts/102-only-text.txt",
		"103": "youtube/103-broken.vtt", // read without problems first
	}
	for _, ep := range lib.Episodes {
		f := Best(ep)
		rel, _ := filepath.Rel(filepath.Join(dir, "show"), f.Path)
		if rel != want[ep.Key] {
			t.Errorf("episode %s: Best = %s, want %s", ep.Key, rel, want[ep.Key])
		}
	}
}

func TestWriteOnlyWhatChanged(t *testing.T) {
	lib := writeLib(t, map[string]string{
		"show/101-notebooks.txt": pairTxt,
		"show/101-notebooks.vtt": pairVTT,
		"show/102-untimed.txt":   "Transcript: Untimed\n\nJust words here.\n",
	})
	out := filepath.Join(t.TempDir(), "site")
	ctx := context.Background()
	outs := plan(t, filepath.Join(lib, "show"), nil)
	res, err := Write(ctx, out, outs, false)
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"show/101-notebooks.vtt", "show/101-notebooks.srt", "show/101-notebooks.json", "show/101-notebooks.html", "show/101-notebooks.txt",
		"show/102-untimed.html", "show/102-untimed.txt", ManifestName}
	if !reflect.DeepEqual(res.Written, wantNames) || res.Unchanged != 0 {
		t.Fatalf("first run wrote %v (%d unchanged), want %v", res.Written, res.Unchanged, wantNames)
	}
	var m Manifest
	data, _ := os.ReadFile(filepath.Join(out, ManifestName))
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Episodes) != 2 || m.Episodes[0].Files[1].Type != "application/x-subrip" || *m.Episodes[0].Number != 101 {
		t.Fatalf("manifest %s", data)
	}
	for _, e := range m.Episodes {
		for _, f := range e.Files {
			b, err := os.ReadFile(filepath.Join(out, f.Path))
			if err != nil || len(b) != f.Bytes {
				t.Fatalf("%s: %d bytes on disk, manifest says %d (%v)", f.Path, len(b), f.Bytes, err)
			}
		}
	}
	// The same again: nothing written, no file touched.
	before, _ := os.Stat(filepath.Join(out, "show/101-notebooks.vtt"))
	res, err = Write(ctx, out, plan(t, filepath.Join(lib, "show"), nil), false)
	if err != nil || len(res.Written) != 0 || res.Unchanged != len(wantNames) {
		t.Fatalf("second run: %+v, %v", res, err)
	}
	after, _ := os.Stat(filepath.Join(out, "show/101-notebooks.vtt"))
	if !after.ModTime().Equal(before.ModTime()) {
		t.Fatal("an unchanged file was written again")
	}
	// A correction: the episode's five files and the manifest change.
	fixed := map[string][]byte{filepath.Join(lib, "show/101-notebooks.vtt"): []byte(strings.ReplaceAll(pairVTT, "Jupiter", "Jupyter"))}
	outs = plan(t, filepath.Join(lib, "show"), fixed)
	res, err = Write(ctx, out, outs, true)
	if err != nil || len(res.Written) != 6 {
		t.Fatalf("dry run: %+v, %v", res, err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "show/101-notebooks.vtt")); strings.Contains(string(b), "Jupyter") {
		t.Fatal("a dry run wrote")
	}
	res, err = Write(ctx, out, outs, false)
	if err != nil || len(res.Written) != 6 || res.Unchanged != 2 {
		t.Fatalf("corrected run: %+v, %v", res, err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "show/101-notebooks.srt")); !strings.Contains(string(b), "Jupyter") {
		t.Fatalf("the correction was not published:\n%s", b)
	}
	if src, _ := os.ReadFile(filepath.Join(lib, "show/101-notebooks.vtt")); string(src) != pairVTT {
		t.Fatal("the source was changed")
	}
	// An episode gone from the library: its files are named stale.
	os.Remove(filepath.Join(lib, "show/102-untimed.txt"))
	res, err = Write(ctx, out, plan(t, filepath.Join(lib, "show"), fixed), false)
	if err != nil || !reflect.DeepEqual(res.Stale, []string{"show/102-untimed.html", "show/102-untimed.txt"}) {
		t.Fatalf("after a removal: %+v, %v", res, err)
	}
}

// TestWriteAllOrNothing: when one file cannot be written, none is, and
// the files the run made are gone.
func TestWriteAllOrNothing(t *testing.T) {
	lib := writeLib(t, map[string]string{"a/101-x.vtt": pairVTT, "b/202-y.vtt": pairVTT})
	out := t.TempDir()
	// b's output directory cannot be made: a file has its name.
	if err := os.WriteFile(filepath.Join(out, "b"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	libA, _ := library.Scan([]string{filepath.Join(lib, "a"), filepath.Join(lib, "b")}, nil)
	outs, _, err := Plan(libA, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), out, outs, false); err == nil {
		t.Fatal("no error")
	}
	entries, _ := os.ReadDir(filepath.Join(out, "a"))
	if len(entries) != 0 {
		t.Fatalf("files left after a failed run: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(out, ManifestName)); err == nil {
		t.Fatal("a manifest after a failed run")
	}
}

func TestWriteFailsMidRun(t *testing.T) {
	// A file to replace that is a directory: the journal refuses it
	// before anything changes, and the new files made for the run go.
	lib := writeLib(t, map[string]string{"a/101-x.vtt": pairVTT})
	out := t.TempDir()
	if err := os.MkdirAll(filepath.Join(out, "a", "101-x.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	outs := plan(t, filepath.Join(lib, "a"), nil)
	if _, err := Write(context.Background(), out, outs, false); err == nil {
		t.Fatal("no error")
	}
	entries, _ := os.ReadDir(filepath.Join(out, "a"))
	if len(entries) != 1 || entries[0].Name() != "101-x.txt" {
		t.Fatalf("after a failed run: %v", entries)
	}
}

// TestWriteInterrupted: a run stopped by a signal (ctx cancelled) leaves
// the output directory as it was: the old files old, no new file.
func TestWriteInterrupted(t *testing.T) {
	lib := writeLib(t, map[string]string{"a/101-x.vtt": pairVTT, "a/102-y.vtt": pairVTT})
	out := t.TempDir()
	outs := plan(t, filepath.Join(lib, "a"), nil)
	if _, err := Write(context.Background(), out, outs[:1], false); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, ManifestName))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, out, outs, false); !errors.Is(err, journal.ErrInterrupted) {
		t.Fatalf("err = %v, want an interruption", err)
	}
	if after, _ := os.ReadFile(filepath.Join(out, ManifestName)); string(after) != string(before) {
		t.Fatal("the manifest changed")
	}
	if _, err := os.Stat(filepath.Join(out, "a", "102-y.vtt")); err == nil {
		t.Fatal("a file of the interrupted run is there")
	}
}
