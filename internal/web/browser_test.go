package web_test

// Browser tests: the pages in a real headless Chromium (internal/browsertest),
// over a small library that the test writes. They skip when no Chromium is
// installed (and fail under CI, which installs it). Set EMEND_SCREENSHOTS to
// a directory (docs/screenshots) to write the pages' screenshots there.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/browsertest"
	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/server"
)

// The test library: two shows, one with audio.
const (
	audioShow   = "Pulse"        // its episodes have audio
	noAudioShow = "Bytes Weekly" // no audio
	audioRate   = 8000           // samples per second of the generated audio
	audioLength = 300            // seconds
)

// libEpisode is one episode of the test library.
type libEpisode struct {
	file, title string
	date        string // YYYY-MM-DD, set as the file's modification time
	lines       []string
}

// testLibrary is a small show pair about Python tooling, realistic enough
// for facets (two shows, three years, several speakers), highlights, long
// transcripts that scroll, and a trend over the years.
func testLibrary() map[string][]libEpisode {
	long := func(topic string, n int) []string {
		speakers := []string{"Maya", "Tom"}
		var out []string
		for i := range n {
			s := speakers[i%2]
			switch i % 5 {
			case 0:
				out = append(out, s+"|Let's talk about "+topic+" and how people use it day to day.")
			case 1:
				out = append(out, s+"|I switched our build to uv last spring and the CI got three times faster.")
			case 2:
				out = append(out, s+"|The lock file is the part I care about: everyone gets the same versions.")
			case 3:
				out = append(out, s+"|Pydantic validates the settings, and FastAPI reads them at start-up.")
			default:
				out = append(out, s+"|Nobody reads the docs until something breaks, so make the errors good.")
			}
		}
		return out
	}
	return map[string][]libEpisode{
		audioShow: {
			{"010-packaging.vtt", "Packaging in 2023", "2023-03-14", long("packaging", 40)},
			{"011-type-hints.vtt", "Type hints everywhere", "2024-05-02", long("type hints", 30)},
			{"012-uv-deep-dive.vtt", "A deep dive into uv", "2025-01-20", long("uv", 36)},
		},
		noAudioShow: {
			{"001-news.vtt", "News of the week", "2024-02-09", long("the news", 24)},
			{"002-ruff.vtt", "Ruff, uv and friends", "2025-06-30", long("ruff", 30)},
		},
	}
}

// vtt writes an episode as WebVTT, one cue every ten seconds.
func (e libEpisode) vtt() string {
	var b strings.Builder
	b.WriteString("WEBVTT - " + e.title + "\n\n")
	for i, l := range e.lines {
		speaker, text, _ := strings.Cut(l, "|")
		t := i * 10
		fmt.Fprintf(&b, "%02d:%02d:%02d.000 --> %02d:%02d:%02d.000\n<v %s>%s\n\n", t/3600, t/60%60, t%60, (t+9)/3600, (t+9)/60%60, (t+9)%60, speaker, text)
	}
	return b.String()
}

// newLibraryServer writes the test library, indexes it and serves it the
// way emend serve does, with the audio of the audio show served beside
// it as a generated silent WAV (with range requests, so it can seek).
func newLibraryServer(t testing.TB) *httptest.Server {
	t.Helper()
	root := t.TempDir()
	var sources []search.Source
	for show, eps := range testLibrary() {
		dir := filepath.Join(root, strings.ToLower(strings.ReplaceAll(show, " ", "-")))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range eps {
			p := filepath.Join(dir, e.file)
			if err := os.WriteFile(p, []byte(e.vtt()), 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := time.Parse("2006-01-02", e.date)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, d, d); err != nil {
				t.Fatal(err)
			}
		}
		s := search.Show{Name: show}
		if show == audioShow {
			s.AudioURL = "/audio/{episode}.wav"
		}
		sources = append(sources, search.Source{Show: s, Paths: []string{dir}})
	}
	ix, _, err := search.Build(sources, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wav := silentWAV(audioLength)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /audio/{file}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/wav")
		http.ServeContent(w, r, r.PathValue("file"), time.Time{}, bytes.NewReader(wav))
	})
	mux.Handle("/", server.New(ix, 4).Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// silentWAV returns a WAV file of silence: 8-bit mono PCM.
func silentWAV(seconds int) []byte {
	n := audioRate * seconds
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + n))
	b.WriteString("WAVEfmt ")
	le(uint32(16))        // size of the fmt chunk
	le(uint16(1))         // PCM
	le(uint16(1))         // mono
	le(uint32(audioRate)) // sample rate
	le(uint32(audioRate)) // bytes per second
	le(uint16(1))         // block align
	le(uint16(8))         // bits per sample
	b.WriteString("data")
	le(uint32(n))
	b.Write(bytes.Repeat([]byte{0x80}, n)) // 8-bit PCM is unsigned: 128 is silence
	return b.Bytes()
}

// TestBrowserSearchAsYouType types a query into the search box and sees
// the results come without a new page: a marker set on window survives,
// and the address bar follows the query.
func TestBrowserSearchAsYouType(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	p.Open("/")
	browsertest.Eval[bool](p, `window.emendMarker = "still here"; true`)
	if n := p.Count(".group"); n != 0 {
		t.Fatalf("the empty search page shows %d results", n)
	}
	p.Type("#q", "talk about")
	p.WaitFor("results appear", `document.querySelectorAll("#results .group").length > 0`)
	marker := browsertest.Eval[string](p, `String(window.emendMarker)`)
	if marker != "still here" {
		t.Errorf("window marker = %q after typing: the page was reloaded", marker)
	}
	if n := p.Count("#results .group"); n != 5 {
		t.Errorf("%d episodes shown, want all 5 (every episode opens with its topic)", n)
	}
	if got := p.Text("#summary"); !strings.Contains(got, "in 5 episodes") {
		t.Errorf("summary %q", got)
	}
	if n := p.Count("#results mark"); n == 0 {
		t.Error("no highlighted words")
	}
	p.WaitFor("the address follows the query", `location.search.includes("q=talk+about")`)

	// Typing more narrows the results, still without a reload.
	p.Type("#q", " ruff")
	p.WaitFor("the narrower results", `/in 1 episodes/.test(document.querySelector("#summary").textContent)`)
	if got := p.Text("#results .group h2"); got != "Ruff, uv and friends" {
		t.Errorf("the one episode left is %q", got)
	}
	marker = browsertest.Eval[string](p, `String(window.emendMarker)`)
	if marker != "still here" {
		t.Errorf("window marker = %q after typing more", marker)
	}
	if title := browsertest.Eval[string](p, `document.title`); !strings.HasPrefix(title, "talk about ruff") {
		t.Errorf("title %q", title)
	}
}
