package spelling

import (
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

// notesOf parses show notes for a test.
func notesOf(t *testing.T, md string) *vocab.Notes {
	t.Helper()
	n, err := vocab.ParseNotes([]byte(md), "test.md")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEpisodeRules(t *testing.T) {
	s := New(Sources{Starter: true, Config: []string{"Talk Python To Me", "Python Bytes"}}, Options{})
	uvNotes := notesOf(t, "# Episode 413\n\n**Brian #4:** [uv: An In-Depth Guide](https://example.com/uv/)\n\n- used by uv python install and uv venv and uv sync\n")
	restNotes := notesOf(t, "# Episode 9\n\n- [REST](https://example.com) APIs: REST, REST and more REST\n")
	tests := []struct {
		name  string
		notes *vocab.Notes
		in    []string
		want  []string
	}{
		{"notes spell uv", uvNotes, []string{"so UV is great, UV sync and UV pip"}, []string{"so uv is great, uv sync and uv pip"}},
		{"without notes UV stays", nil, []string{"so UV is great, UV sync and UV pip"}, []string{"so UV is great, UV sync and UV pip"}},
		{"UV light stays despite notes", uvNotes, []string{"UV light is bad, and UV is fast"}, []string{"UV light is bad, and UV is fast"}},
		{"the UV index stays", uvNotes, []string{"check the UV index"}, []string{"check the UV index"}},
		{"a common word needs a decision whatever the notes", restNotes, []string{"the rest of it"}, []string{"the rest of it"}},
		{"shouted name", nil, []string{"I use PIPX for that"}, []string{"I use pipx for that"}},
		{"short acronym stays", nil, []string{"use FD to find"}, []string{"use FD to find"}},
		{"capital inside a sentence is a name", nil, []string{"we used Spacy and Numpy"}, []string{"we used spaCy and NumPy"}},
		{"a capital after a full stop is no longer name", nil, []string{"NLP and Spacy. Vincent knows Spacy"}, []string{"NLP and spaCy. Vincent knows spaCy"}},
		{"a word of a longer name stays", nil, []string{"a Palm Pilot, and Spacy Models"}, []string{"a Palm Pilot, and Spacy Models"}},
		{"capitalised word of an acronym stays", nil, []string{"the Rest of it, Rapids"}, []string{"the Rest of it, Rapids"}},
		{"capital at a sentence start stays", nil, []string{"It was fun. Spacy was the tool."}, []string{"It was fun. Spacy was the tool."}},
		{"lower-case ordinary word stays", nil, []string{"it felt a bit spacy"}, []string{"it felt a bit spacy"}},
		{"show name in title case", nil, []string{"welcome to Talk Python to Me, episode 463"}, []string{"welcome to Talk Python To Me, episode 463"}},
		{"show name words in their own sense", nil, []string{"you can talk Python to me any time"}, []string{"you can talk Python to me any time"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := s.EpisodeRules(tt.in, tt.notes)
			m, err := rules.Compile(rs)
			if err != nil {
				t.Fatal(err)
			}
			got := rules.Apply(tt.in, m.Match(tt.in, ""))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q (rules %v)", got, tt.want, rs)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	s := New(Sources{Starter: true}, Options{})
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"git pull", []string{"I use Git a lot: get pull, then get log."}, []string{"I use Git a lot: git pull, then git log."}},
		{"across cues", []string{"we use Git, so get", "clone the repo"}, []string{"we use Git, so git clone", "the repo"}},
		{"sentence start", []string{"Git is great. Get commit often."}, []string{"Git is great. Git commit often."}},
		{"no git in the episode", []string{"so get pull, then get log"}, []string{"so get pull, then get log"}},
		{"verb and object", []string{"with Git, you get pull requests merged"}, []string{"with Git, you get pull requests merged"}},
		{"verb and object blocks the episode", []string{"with Git: get pull, and get pull requests"}, []string{"with Git: get pull, and get pull requests"}},
		{"commit access", []string{"in Git, how do I get commit access"}, []string{"in Git, how do I get commit access"}},
		{"HTTP GET", []string{"Git and a GET log"}, []string{"Git and a GET log"}},
		{"git said right", []string{"git pull and git log"}, []string{"git pull and git log"}},
		{"digit is no git", []string{"a digit, get pull"}, []string{"a digit, get pull"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := s.EpisodeRules(tt.in, nil)
			m, err := rules.Compile(rs)
			if err != nil {
				t.Fatal(err)
			}
			got := rules.Apply(tt.in, m.Match(tt.in, ""))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q (rules %v)", got, tt.want, rs)
			}
		})
	}
}
