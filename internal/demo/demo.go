// Package demo writes a small, synthetic podcast library for trying emend
// out: a git repository of a show's .txt + .vtt transcript pairs, a YouTube
// copy and files from other tools, whose history holds the corrections a
// maintainer made to some episodes (and forgot in one copy), with the same
// mistakes left in the others. Everything in it is made up.
package demo

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
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
	{2, "notebooks-everywhere", "Notebooks everywhere", []string{
		"The notebook format is just JSON, which makes diffs painful in git.",
		"Tools like nbstripout keep the outputs out of your commits.",
	}},
	{3, "typed-data", "Typed data", []string{
		"Version two rewrote the core in Rust and it got a lot faster.",
		"We moved all our settings classes over in an afternoon.",
	}},
	{4, "linting-at-the-speed-of-rust", "Linting at the speed of Rust", []string{
		"We replaced flake8 and isort last spring.",
		"The speed won everyone over in a week.",
	}},
	{5, "orchestrating-data-pipelines", "Orchestrating data pipelines", []string{
		"Before that we had a pile of cron jobs and a lot of hope.",
		"The UI shows you which assets are stale, which is the part people love.",
	}},
	{6, "packaging-in-2026", "Packaging in 2026", []string{
		"These days I start every project with uv init.",
		"The lock file means the build server gets exactly what I tested.",
		// Mistakes nobody has fixed yet, for emend suggest: the show
		// notes name both terms.
		"We test every package with pie test before it goes up to pie pie.",
	}},
}

// libraryConfig describes the demo library for emend index, search, trend
// and serve.
const libraryConfig = `# The library: its shows and where their transcripts are, for emend
# index, search, trend and serve; {episode}, {slug} and {t} (seconds) make
# links to the second.
rules = "emend.rules"

[[show]]
name = "` + Show + `"
paths = ["transcripts", "youtube"]
episode_url = "https://pythonpulse.example/episodes/{episode}-{slug}?t={t}"
`

// notes6 are episode 6's show notes, which name terms its transcript
// misheard.
const notes6 = `# ` + Show + ` 6: Packaging in 2026

**Special guest:** Daniel Okafor

- [uv](https://docs.astral.sh/uv/), from one tool to all of packaging
- [pytest](https://docs.pytest.org/) on every package before a release
- Publishing to [PyPI](https://pypi.org/) with trusted publishers
`

// mistakes are sentences as speech recognition heard them, with the words
// a maintainer corrects. Each episode says some of them.
var mistakes = []struct{ heard, fixed string }{
	{"We use Jupiter notebooks for almost all of our exploratory work.", "We use Jupyter notebooks for almost all of our exploratory work."},
	{"pedantic gives you validation from plain type hints.", "Pydantic gives you validation from plain type hints."},
	{"You just run pip install rough and then rough check in your project.", "You just run pip install ruff and then ruff check in your project."},
	{"Honestly, it was a rough idea at first.", "Honestly, it was a rough idea at first."},
	{"Our pipelines run on Daxter now, with assets instead of tasks.", "Our pipelines run on Dagster now, with assets instead of tasks."},
	{"The API is built on fast API with async views.", "The API is built on FastAPI with async views."},
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
}

// Create writes the demo library into dir, which must not exist, be empty,
// or hold an earlier demo, and returns the files written. When git is
// installed the library is a repository whose history holds the fixes a
// maintainer made to episodes 1 to 3; withHistory reports whether it is.
func Create(dir string) (files []string, withHistory bool, err error) {
	if err := checkDir(dir); err != nil {
		return nil, false, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, false, err
	}
	w := &writer{dir: dir}
	w.write(Marker, []byte("This directory was made by 'emend demo' and may be rewritten by it.\n"))
	w.write(".gitignore", []byte(Marker+"\n.emend/\n"))
	w.write("emend.toml", []byte(libraryConfig))
	w.write("show_notes/006.md", []byte(notes6))
	_, gitErr := exec.LookPath("git")
	git := gitErr == nil
	if git {
		w.git("init", "-q", "-b", "main")
		w.git("config", "user.name", "A Maintainer")
		w.git("config", "user.email", "maintainer@example.com")
		w.git("config", "commit.gpgsign", "false")
	}
	// The transcripts as they came from speech recognition.
	eps := make([]*transcript.Episode, len(episodes))
	for i, spec := range episodes {
		eps[i] = makeEpisode(spec, rand.New(rand.NewPCG(uint64(spec.number), 2026)))
		w.episode(spec, eps[i], false)
	}
	// Files from other tools, and the live stream's captions.
	sixth := eps[5]
	for _, f := range []transcript.Format{transcript.SRT, transcript.JSON} {
		w.marshal(fmt.Sprintf("other-tools/%03d-%s.%s", 6, episodes[5].slug, f), sixth, f)
	}
	w.write(fmt.Sprintf("other-tools/%03d-copied-captions.txt", 6), copiedCaptions(sixth))
	live := makeEpisode(episodes[3], rand.New(rand.NewPCG(4, 4)))
	for i := range live.Segments {
		live.Segments[i].Speaker = ""
		live.Segments[i].Text = strings.ToLower(strings.TrimRight(live.Segments[i].Text, "."))
	}
	w.marshal("youtube/004-live-stream.vtt", live, transcript.VTT)
	if git {
		w.commit("2026-01-05T10:00:00Z", "Add the first six episodes' transcripts")
		// A maintainer corrects episodes 1 to 3, and forgets one .vtt.
		for i := 0; i < 3; i++ {
			w.episode(episodes[i], eps[i], true)
		}
		w.marshal(vttPath(episodes[1]), eps[1], transcript.VTT) // episode 2's .vtt stays as heard
		w.commit("2026-02-10T18:30:00Z", "Fix names and products in episodes 1-3")
	}
	return w.files, git, w.err
}

// writer writes the demo's files, remembering the first error.
type writer struct {
	dir   string
	files []string
	err   error
}

func (w *writer) write(rel string, data []byte) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.files = append(w.files, p)
	w.err = safefile.WriteFile(p, data, 0o644)
}

func (w *writer) marshal(rel string, ep *transcript.Episode, f transcript.Format) {
	out, err := transcript.Marshal(ep, f)
	if err != nil {
		w.err = err
		return
	}
	w.write(rel, out)
}

func vttPath(spec episodeSpec) string {
	return fmt.Sprintf("transcripts/%03d-%s.vtt", spec.number, spec.slug)
}

// episode writes an episode's .vtt and .txt, with the mistakes as heard
// or fixed.
func (w *writer) episode(spec episodeSpec, ep *transcript.Episode, fixed bool) {
	if fixed {
		c := *ep
		c.Segments = append([]transcript.Segment(nil), ep.Segments...)
		for i := range c.Segments {
			for _, m := range mistakes {
				if c.Segments[i].Text == m.heard {
					c.Segments[i].Text = m.fixed
				}
			}
		}
		ep = &c
	}
	w.marshal(vttPath(spec), ep, transcript.VTT)
	w.marshal(strings.TrimSuffix(vttPath(spec), ".vtt")+".txt", joinLines(ep), transcript.TimedText)
}

func (w *writer) git(args ...string) {
	w.gitAt("", args...)
}

func (w *writer) gitAt(date string, args ...string) {
	if w.err != nil {
		return
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		w.err = fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

func (w *writer) commit(date, msg string) {
	w.gitAt(date, "add", "-A")
	w.gitAt(date, "commit", "-q", "-m", msg)
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

// makeEpisode writes an episode's cues: an intro, three of the mistakes,
// the episode's own sentences and common ones, alternating speakers.
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
	for k := 0; k < 5; k++ {
		// Every mistake is heard in five of the six episodes.
		lines = append(lines, mistakes[(spec.number+k)%len(mistakes)].heard)
		speakers = append(speakers, guest)
	}
	for i, s := range spec.topic {
		lines = append(lines, s, common[order[i]])
		speakers = append(speakers, guest, host)
	}
	for _, k := range order[len(spec.topic) : len(spec.topic)+4] {
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
// second. Which cues join depends on the episode only, so the .txt of an
// episode keeps its lines when its text is corrected.
func joinLines(ep *transcript.Episode) *transcript.Episode {
	rng := rand.New(rand.NewPCG(uint64(ep.Number), 99))
	out := transcript.NewEpisode()
	out.Show, out.Number, out.Slug, out.Title = ep.Show, ep.Number, ep.Slug, ep.Title
	for i := 0; i < len(ep.Segments); i++ {
		s := ep.Segments[i]
		seg := transcript.Segment{Start: s.Start.Floor(), End: transcript.NoTime, Text: s.Text}
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
