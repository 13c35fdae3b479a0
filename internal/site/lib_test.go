package site_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/search"
)

// The test library: two shows, one with audio, in the shapes transcripts
// come in: WebVTT with voices, "HH:MM:SS text" paragraphs, a file without
// an episode number, curly apostrophes, possessives, hyphenated names,
// markup and characters that need escaping.
const (
	audioShow   = "Pulse"
	noAudioShow = "Bytes Weekly"
	audioRate   = 8000 // samples per second of the generated audio
	audioLength = 400  // seconds
)

type libFile struct{ name, date, text string }

func vtt(title string, lines []string) string {
	var b strings.Builder
	b.WriteString("WEBVTT - " + title + "\n\n")
	for i, l := range lines {
		speaker, text, _ := strings.Cut(l, "|")
		t := i * 10
		fmt.Fprintf(&b, "%02d:%02d:%02d.000 --> %02d:%02d:%02d.000\n<v %s>%s\n\n", t/3600, t/60%60, t%60, (t+9)/3600, (t+9)/60%60, (t+9)%60, speaker, text)
	}
	return b.String()
}

func paragraphs(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		t := i * 7
		fmt.Fprintf(&b, "%02d:%02d:%02d %s\n\n", t/3600, t/60%60, t%60, l)
	}
	return b.String()
}

// talk makes n lines about a topic, in turns.
func talk(topic string, n int) []string {
	speakers := []string{"Maya", "Tom"}
	var out []string
	for i := range n {
		s := speakers[i%2]
		switch i % 6 {
		case 0:
			out = append(out, s+"|Let’s talk about "+topic+" and how people use it day to day.")
		case 1:
			out = append(out, s+"|I switched our build to uv last spring and the CI got three times faster.")
		case 2:
			out = append(out, s+"|The lock file is the part I care about: everyone gets the same versions.")
		case 3:
			out = append(out, s+"|Pydantic's validation reads the settings, and FastAPI reads them at start-up.")
		case 4:
			out = append(out, s+"|We trained it with scikit-learn & a little <b>numpy</b>; type hints helped.")
		default:
			out = append(out, s+"|Nobody reads the docs until something breaks, so make the errors good.")
		}
	}
	return out
}

func testFiles() map[string][]libFile {
	return map[string][]libFile{
		audioShow: {
			{"010-packaging.vtt", "2023-03-14", vtt("Packaging in 2023", talk("packaging", 40))},
			{"011-type-hints.vtt", "2024-05-02", vtt("Type hints everywhere", talk("type hints", 30))},
			{"012-uv-deep-dive.vtt", "2025-01-20", vtt("A deep dive into uv", talk("uv", 36))},
		},
		noAudioShow: {
			{"001-news.txt", "2024-02-09", paragraphs(append([]string{"Welcome to Bytes Weekly, the news of the week: Python 3.13 is out."}, talk("the news", 20)...))},
			{"002-ruff-and-friends.txt", "2025-06-30", paragraphs(append([]string{"Ruff, uv and friends: the Astral tools."}, talk("ruff", 30)...))},
			{"bonus-live-q-and-a.txt", "2025-07-04", paragraphs([]string{"A live Q&A: what's next for polars?", "Polars is fast; Pandas is everywhere."})},
			// No times at all: plain paragraphs, as a copied web page.
			{"003-untimed-notes.txt", "2025-08-01", "Notes without times, about Granian & Litestar.\n\nThe <script>alert(1)</script> tag is text here.\n"},
		},
	}
}

// writeLibrary writes the test library and indexes it.
func writeLibrary(t testing.TB) (*search.Index, string) {
	t.Helper()
	root := t.TempDir()
	var sources []search.Source
	for _, show := range []string{audioShow, noAudioShow} {
		dir := filepath.Join(root, strings.ToLower(strings.ReplaceAll(show, " ", "-")))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range testFiles()[show] {
			p := filepath.Join(dir, f.name)
			if err := os.WriteFile(p, []byte(f.text), 0o644); err != nil {
				t.Fatal(err)
			}
			d, _ := time.Parse("2006-01-02", f.date)
			if err := os.Chtimes(p, d, d); err != nil {
				t.Fatal(err)
			}
		}
		s := search.Show{Name: show}
		if show == audioShow {
			s.AudioURL = "/audio/{episode}.wav#t={t}"
		}
		sources = append(sources, search.Source{Show: s, Paths: []string{dir}})
	}
	ix, _, err := search.Build(sources, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix, root
}

// silentWAV returns a WAV file of silence: 8-bit mono PCM.
func silentWAV(seconds int) []byte {
	n := audioRate * seconds
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + n))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1))
	le(uint16(1))
	le(uint32(audioRate))
	le(uint32(audioRate))
	le(uint16(1))
	le(uint16(8))
	b.WriteString("data")
	le(uint32(n))
	b.Write(bytes.Repeat([]byte{0x80}, n))
	return b.Bytes()
}
