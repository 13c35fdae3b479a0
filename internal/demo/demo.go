// Package demo writes a small, synthetic podcast library for trying emend
// out: a show's .txt + .vtt transcript pairs, a YouTube copy, and episodes in
// the other formats emend reads, with the kinds of mistakes and
// disagreements real libraries have. Everything in it is made up.
package demo

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/transcript"
)

// Marker is the file that marks a directory as a demo library, so that
// Create may write over an earlier demo but never over anything else.
const Marker = ".emend-demo"

// Show is the demo show's name.
const Show = "Python Pulse"

var hosts = []string{"Maya Patel", "Tom Reyes"}

var guests = []string{"Priya Raman", "Jonas Berg", "Lucía Ortega", "Kwame Mensah", "Hannah Vogel", "Daniel Okafor"}

type episodeSpec struct {
	number int
	slug   string
	title  string
	topic  []string // sentences of the episode's own
}

var episodes = []episodeSpec{
	{1, "welcome-to-python-pulse", "Welcome to Python Pulse", []string{
		"This is the very first episode, so let me say what the show is about.",
		"Every week we talk to people who build the Python tools you use every day.",
	}},
	{2, "notebooks-everywhere", "Notebooks everywhere with Jupyter", []string{
		"We use Jupiter notebooks for almost all of our exploratory work.",
		"The notebook format is just JSON, which makes diffs painful in git.",
		"Tools like nbstripout keep the outputs out of your commits.",
	}},
	{3, "typed-data-with-pydantic", "Typed data with Pydantic", []string{
		"pedantic gives you validation from plain type hints.",
		"Version two rewrote the core in Rust and it got a lot faster.",
		"We moved all our settings classes over in an afternoon.",
	}},
	{4, "linting-at-the-speed-of-rust", "Linting at the speed of Rust", []string{
		"We replaced flake8 and isort with rough last spring.",
		"You just run pip install rough and then rough check in your project.",
		"That was a rough idea at first, but the speed won everyone over.",
	}},
	{5, "orchestrating-data-pipelines", "Orchestrating data pipelines", []string{
		"Our pipelines run on Daxter now, with assets instead of tasks.",
		"Before that we had a pile of cron jobs and a lot of hope.",
		"The UI shows you which assets are stale, which is the part people love.",
	}},
	{6, "packaging-in-2026", "Packaging in 2026", []string{
		"These days I start every project with uv init.",
		"The lock file means the build server gets exactly what I tested.",
		"Scikit learn and NumPy wheels install in a second or two.",
	}},
}

var common = []string{
	"That's a great question, and honestly it depends on the team.",
	"We tried a few things before we landed on this.",
	"The documentation has gotten so much better over the last year.",
	"If you're just getting started, pick the boring option.",
	"Testing was the part that surprised us the most.",
	"We run the whole suite on every pull request.",
	"People underestimate how much the community matters.",
	"I'd love to hear from listeners who have tried this.",
	"There's a link to the talk in the show notes.",
	"Let's take a quick break and then come back to that.",
	"Performance was fine for us until the data got big.",
	"It's open source, so anyone can go read how it works.",
}

// Create writes the demo library into dir, which must not exist, be empty,
// or hold an earlier demo. It returns the files written.
func Create(dir string) ([]string, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	var written []string
	write := func(rel string, data []byte) error {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		written = append(written, p)
		return safefile.WriteFile(p, data, 0o644)
	}
	if err := write(Marker, []byte("This directory was made by 'emend demo' and may be rewritten by it.\n")); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	for _, spec := range episodes {
		ep := makeEpisode(spec, rng)
		base := fmt.Sprintf("transcripts/%03d-%s", spec.number, spec.slug)
		switch spec.number {
		case 6:
			// An episode that came from other tools: SRT with speaker
			// names, and Podcasting 2.0 JSON for podcast apps.
			for _, f := range []transcript.Format{transcript.SRT, transcript.JSON} {
				out, err := transcript.Marshal(ep, f)
				if err != nil {
					return nil, err
				}
				if err := write(fmt.Sprintf("other-tools/%03d-%s.%s", spec.number, spec.slug, f), out); err != nil {
					return nil, err
				}
			}
			if err := write(fmt.Sprintf("other-tools/%03d-copied-captions.txt", spec.number), copiedCaptions(ep)); err != nil {
				return nil, err
			}
			continue
		}
		vtt, err := transcript.Marshal(ep, transcript.VTT)
		if err != nil {
			return nil, err
		}
		txtEp := joinLines(ep, rng)
		if spec.number == 2 {
			// Someone corrected the .txt and forgot the .vtt.
			for i := range txtEp.Segments {
				txtEp.Segments[i].Text = strings.ReplaceAll(txtEp.Segments[i].Text, "Jupiter", "Jupyter")
			}
		}
		txt, err := transcript.Marshal(txtEp, transcript.TimedText)
		if err != nil {
			return nil, err
		}
		if err := write(base+".vtt", vtt); err != nil {
			return nil, err
		}
		if err := write(base+".txt", txt); err != nil {
			return nil, err
		}
		if spec.number == 4 {
			// The live stream's captions, another recording of the episode.
			yt := makeEpisode(spec, rand.New(rand.NewPCG(4, 4)))
			for i := range yt.Segments {
				yt.Segments[i].Speaker = ""
				yt.Segments[i].Text = strings.ToLower(strings.TrimRight(yt.Segments[i].Text, "."))
			}
			out, err := transcript.Marshal(yt, transcript.VTT)
			if err != nil {
				return nil, err
			}
			if err := write(fmt.Sprintf("youtube/%03d-live-stream.vtt", spec.number), out); err != nil {
				return nil, err
			}
		}
	}
	return written, nil
}

func checkDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	return fmt.Errorf("%s exists and is not an emend demo library: choose another directory", dir)
}

// makeEpisode writes an episode's cues: an intro, the episode's own
// sentences and common ones, alternating speakers.
func makeEpisode(spec episodeSpec, rng *rand.Rand) *transcript.Episode {
	ep := transcript.NewEpisode()
	ep.Show, ep.Number, ep.Slug, ep.Title = Show, spec.number, spec.slug, spec.title
	host := hosts[spec.number%len(hosts)]
	guest := guests[(spec.number-1)%len(guests)]
	lines := []string{
		fmt.Sprintf("Welcome to %s, episode %d.", Show, spec.number),
		fmt.Sprintf("I'm %s, and today I'm talking with %s about %s.", host, guest, strings.ToLower(spec.title)),
	}
	speakers := []string{host, host}
	order := rng.Perm(len(common))
	for i, s := range spec.topic {
		lines = append(lines, s, common[order[i%len(order)]])
		speakers = append(speakers, guest, host)
	}
	for _, k := range order[:6] {
		lines = append(lines, common[k])
		speakers = append(speakers, []string{host, guest}[rng.IntN(2)])
	}
	lines = append(lines, fmt.Sprintf("Thanks for listening to %s.", Show))
	speakers = append(speakers, host)
	at := transcript.Millis(1 + rng.IntN(400))
	for i, text := range lines {
		d := transcript.Millis(len(strings.Fields(text))*330 + rng.IntN(700))
		ep.Segments = append(ep.Segments, transcript.Segment{Start: at, End: at + d, Speaker: speakers[i], Text: text})
		at += d + transcript.Millis(rng.IntN(900))
	}
	return ep
}

// joinLines makes the .txt form of a transcript: each line joins one or
// two consecutive cues and starts at the first one's time, floored to the
// second.
func joinLines(ep *transcript.Episode, rng *rand.Rand) *transcript.Episode {
	out := transcript.NewEpisode()
	out.Show, out.Number, out.Slug, out.Title = ep.Show, ep.Number, ep.Slug, ep.Title
	for i := 0; i < len(ep.Segments); i++ {
		s := ep.Segments[i]
		seg := transcript.Segment{Start: s.Start - s.Start%1000, End: transcript.NoTime, Text: s.Text}
		if i+1 < len(ep.Segments) && rng.IntN(3) == 0 {
			i++
			seg.Text += " " + ep.Segments[i].Text
		}
		out.Segments = append(out.Segments, seg)
	}
	return out
}

// copiedCaptions renders an episode the way a caption panel copies: "m:ss
// text" lines of a few lowercase words, no punctuation.
func copiedCaptions(ep *transcript.Episode) []byte {
	var b strings.Builder
	for _, s := range ep.Segments {
		words := strings.Fields(strings.ToLower(strings.NewReplacer(".", "", ",", "", "?", "").Replace(s.Text)))
		at := s.Start
		for i := 0; i < len(words); i += 5 {
			j := min(len(words), i+5)
			sec := int(at / 1000)
			fmt.Fprintf(&b, "%d:%02d %s\n", sec/60, sec%60, strings.Join(words[i:j], " "))
			at += 1700
		}
	}
	return []byte(b.String())
}
