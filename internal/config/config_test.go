package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const example = `# The library of two shows.
rules = "emend.rules"   # applied by emend fix
allow_hosts = ["search.example.org", "192.168.1.5"]  # emend serve answers to these too

[[show]]
name = "Talk Python To Me"
paths = ["transcripts", 'youtube_transcripts']
episode_url = "https://talkpython.fm/episodes/show/{episode}/{slug}?t={t}"
audio_url = "https://talkpython.fm/episodes/download/{episode}/{slug}.mp3#t={t}"

[[show]]  # second
name = "Python \"Bytes\" \u00e9"
paths = "pb"
`

func TestParse(t *testing.T) {
	c, err := Parse("lib/emend.toml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if c.Rules != "emend.rules" || c.Dir != "lib" || len(c.Shows) != 2 || !reflect.DeepEqual(c.AllowHosts, []string{"search.example.org", "192.168.1.5"}) {
		t.Fatalf("got %+v", c)
	}
	s := c.Shows[0]
	if s.Name != "Talk Python To Me" || !reflect.DeepEqual(s.Paths, []string{"transcripts", "youtube_transcripts"}) ||
		s.EpisodeURL != "https://talkpython.fm/episodes/show/{episode}/{slug}?t={t}" || s.Line != 5 {
		t.Errorf("show 0: %+v", s)
	}
	if s := c.Shows[1]; s.Name != `Python "Bytes" é` || !reflect.DeepEqual(s.Paths, []string{"pb"}) || s.AudioURL != "" {
		t.Errorf("show 1: %+v", s)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"rules = 3", "x.toml:1: rules: expected a quoted string"},
		{"\ndatabase = 5432", "x.toml:2: database: expected a quoted postgres:// URL or a file's path, got an integer"},
		{"database = ''", "x.toml:1: database: expected a quoted postgres:// URL"},
		{"\n[server]", "x.toml:2: unknown table [server]"},
		{"colour = \"red\"", `x.toml:1: unknown key "colour"`},
		{"[[show]]\nname = \"a\"\nname = \"b\"\npaths=[\"x\"]", "x.toml:3: name given twice"},
		{"[[show]]\nname = \"a\"\npaths = [\"x\",", "x.toml:3: paths: unexpected EOF; expected value"},
		{"[[show]]\nname = \"a\"\npaths = [\"x\"]\nepisode_url = \"http://x/\"", "x.toml:4: episode_url has no {t} placeholder"},
		{"[[show]]\npaths = [\"x\"]", "x.toml:1: [[show]] has no name"},
		{"[[show]]\nname = \"a\"", `x.toml:1: show "a" has no paths`},
		{"[[show]]\nname='a'\npaths='x'\n[[show]]\nname='a'\npaths='y'", `x.toml:4: show "a" already defined on line 1`},
		{"rules = \"a\\q\"", `x.toml:1: rules: invalid escape in string '\q'`},
		{"rules = \"abc", "x.toml:1: rules: unexpected EOF"},
		{"rules = \"a\" b", "x.toml:1: expected a top-level item to end with a newline, comment, or EOF, but got 'b'"},
		{"just words", "x.toml:1: expected '.' or '='"},
		{"a b = 'x'", "x.toml:1: expected '.' or '=', but got 'b'"},
		{"rules = 'a'\n\xff", "x.toml:2: invalid UTF-8"},
		{"[[show]]\nname = \"a\"\npaths = [\"x\"]\nepisode_url = \"http://x/{episod}?t={t}\"", "x.toml:4: episode_url: unknown placeholder {episod} (known: {t}, {episode}, {slug}, {show})"},
		{"[[show]]\nname = \"a\"\npaths = [\"x\"]\n\naudio_url = \"http://x/{Episode}.mp3#t={t}\"", "x.toml:5: audio_url: unknown placeholder {Episode}"},
		{"[[show]]\nname = \"a\"\npaths = [\"x\"]\nhost = [\"Maya\"]", `x.toml:4: unknown key "host" in [[show]] (keys: name, paths, episode_url, audio_url, hosts, handles, domains)`},
		{"rules = 'r'\n\n[[show]]\nname = \"a\"\npaths = [\"x\", 3]", "x.toml:5: paths: "},
		{"[[show]]\nname = \"a\"\npaths = [\n  \"x\",\n  \"y\"\n]\n[[show]]\nname = 4\npaths = 'z'", "x.toml:8: name: expected a quoted string, got an integer"},
		{"[show]\nname = \"a\"", "x.toml:1: show must be [[show]] tables"},
		{"rules = \"a\"\n\n[server]\nport = 8", "x.toml:3: unknown table [server]"},
	} {
		_, err := Parse("x.toml", []byte(tc.in))
		var ce *Error
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s", tc.in, err, tc.want)
		}
	}
}

func TestReadFileResolvesPaths(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte("rules='r.rules'\n[[show]]\nname='s'\npaths=['t', '/abs']\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != p {
		t.Fatalf("Find = %q, want %q", got, p)
	}
	c, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rules != filepath.Join(dir, "r.rules") || c.Shows[0].Paths[0] != filepath.Join(dir, "t") || c.Shows[0].Paths[1] != "/abs" {
		t.Errorf("got %+v %+v", c, c.Shows[0])
	}
	if Find(t.TempDir()) != "" && os.Getenv("HOME") != "" {
		// A parent of the temporary directory may hold one; not an error.
		t.Log("an emend.toml exists above the temporary directory")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(example)
	f.Add("[[show]]\nname='a'\npaths=[]\n")
	f.Add("rules = \"\\U0001F600\"")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse("f.toml", []byte(s))
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, sh := range c.Shows {
			if sh.Name == "" || len(sh.Paths) == 0 {
				t.Fatalf("accepted show %+v", sh)
			}
		}
	})
}

// TestParseTOML: what real TOML allows and people write: multi-line
// arrays with trailing commas and comments, inline comments, literal and
// multi-line strings, keys in any order.
func TestParseTOML(t *testing.T) {
	const in = `# emend library
rules = 'names.rules' # inline comment

[[show]]
paths = [
  "transcripts",          # the .txt and .vtt pairs
  "youtube_transcripts",  # trailing comma next
]
name = "Talk Python To Me"
episode_url = """https://talkpython.fm/episodes/show/{episode}/{slug}?t={t}"""
hosts = ["Michael Kennedy",
         "Brian Okken"]

[[show]]
name = 'Python Bytes'
paths = []
domains = ["pythonbytes.fm"]
`
	_, err := Parse("lib/emend.toml", []byte(in))
	if err == nil || err.Error() != `lib/emend.toml:14: show "Python Bytes" has no paths` {
		t.Errorf("a show with an empty array of paths: %v", err)
	}
	c, err := Parse("lib/emend.toml", []byte(strings.Replace(in, "paths = []", "paths = [ 'pb' ]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Shows[0]
	if c.Rules != "names.rules" || s.Line != 4 || s.Name != "Talk Python To Me" ||
		!reflect.DeepEqual(s.Paths, []string{"transcripts", "youtube_transcripts"}) ||
		!reflect.DeepEqual(s.Hosts, []string{"Michael Kennedy", "Brian Okken"}) ||
		s.EpisodeURL != "https://talkpython.fm/episodes/show/{episode}/{slug}?t={t}" {
		t.Errorf("show 0: %+v", s)
	}
	if s := c.Shows[1]; s.Line != 14 || !reflect.DeepEqual(s.Paths, []string{"pb"}) || !reflect.DeepEqual(s.Domains, []string{"pythonbytes.fm"}) {
		t.Errorf("show 1: %+v", s)
	}
}

func TestDatabase(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ in, want string }{
		{`database = "postgres://emend@db.internal/emend?sslmode=verify-full"`, "postgres://emend@db.internal/emend?sslmode=verify-full"},
		{`database = "postgresql:///emend?host=/run/postgresql"`, "postgresql:///emend?host=/run/postgresql"},
		{`database = "state/review.db"`, filepath.Join(dir, "state", "review.db")},
		{`database = "/srv/emend.db"`, "/srv/emend.db"},
		{``, ""},
	} {
		p := filepath.Join(dir, FileName)
		if err := os.WriteFile(p, []byte(c.in+"\n[[show]]\nname = 'a'\npaths = 'x'\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := ReadFile(p)
		if err != nil || cfg.Database != c.want {
			t.Errorf("%s: database %q, %v; want %q", c.in, cfg.Database, err, c.want)
		}
	}
}

func TestShowTerms(t *testing.T) {
	c, err := Parse("x.toml", []byte("[[show]]\nname = \"Talk Python\"\npaths = \"tp\"\nhosts = [\"Michael Kennedy\"]\nhandles = \"@mkennedy\"\ndomains = [\"talkpython.fm\", \"training.talkpython.fm\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.Terms(), "|")
	if want := "Talk Python|Michael Kennedy|@mkennedy|talkpython.fm|training.talkpython.fm"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
