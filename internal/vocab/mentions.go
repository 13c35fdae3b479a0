package vocab

import (
	"net/url"
	"strings"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/rules"
)

// The notes' weaker evidence: names their running text gives outside
// links and emphasis ("from Gregory Szorc", "PythonParse which parses"),
// the names their links' addresses hold (github.com/deliro/moka-py gives
// "deliro" and "moka-py"; automatisch.io gives "automatisch.io"), and how
// often the notes write each word as they spell it, which tells the
// show's spellings how this episode spells a term ("uv" eleven times,
// never "UV").

// maxURL bounds an address read from a line of notes.
const maxURL = 500

// codeHosts are the hosts whose addresses name a project as
// /OWNER/PROJECT.
var codeHosts = map[string]bool{"github.com": true, "gitlab.com": true, "codeberg.org": true, "bitbucket.org": true, "sr.ht": true, "git.sr.ht": true}

// packageHosts are the hosts whose addresses name a package as
// /project/NAME or /package/NAME.
var packageHosts = map[string]bool{"pypi.org": true, "www.npmjs.com": true, "npmjs.com": true, "crates.io": true, "anaconda.org": true}

// mentions collects a line's weaker evidence: the names in its plain
// text and those of the addresses in its Markdown.
func (p *notesParser) mentions(raw, plain string) {
	for _, w := range rules.Words(plain) {
		p.words[w]++
	}
	for _, part := range splitNames(clauses(plain)) {
		for _, t := range namesIn(cleanName(part)) {
			if plainName(t) {
				p.mention(t)
			}
		}
	}
	for _, u := range urlsIn(raw) {
		for _, t := range URLNames(u) {
			p.words[t]++
			p.mention(t)
		}
	}
}

// plainName judges a name the running text gives: not a handle or an
// address written out ("@mkennedy@fosstodon.org"), at most four words, and
// not words joined by hyphens that are all English ("hand-crafted",
// "time-to-idle").
func plainName(t string) bool {
	if strings.ContainsAny(t, "@.") || len(strings.Fields(t)) > 4 {
		return false
	}
	if strings.Contains(t, "-") {
		for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == ' ' }) {
			if english.Lookup(part) != english.Common {
				return true
			}
		}
		return false
	}
	return true
}

func (p *notesParser) mention(t string) {
	t = strings.Join(strings.Fields(t), " ")
	if t == "" || p.seen[t] || p.mentioned[t] || !acceptable(t) {
		return
	}
	p.mentioned[t] = true
	p.n.Mentions = append(p.n.Mentions, t)
}

// urlsIn returns the http(s) addresses in a line of Markdown.
func urlsIn(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "http")
		if i < 0 {
			return out
		}
		s = s[i:]
		if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
			s = s[4:]
			continue
		}
		j := strings.IndexAny(s, " \t)]>\"'<")
		if j < 0 {
			j = len(s)
		}
		if j <= maxURL {
			out = append(out, s[:j])
		}
		s = s[j:]
	}
}

// URLNames returns the names an address gives: a code host's owner and
// project (github.com/deliro/moka-py: "deliro", "moka-py"), a package
// index's package (pypi.org/project/jiter: "jiter"), a project's own
// documentation host (jiter.readthedocs.io: "jiter"). Other hosts give
// nothing: a domain said aloud is an address, and a person's domain
// ("gregoryszorc.com") is their name joined.
func URLNames(addr string) []string {
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" {
		return nil
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	var out []string
	add := func(s string) {
		s = strings.TrimSuffix(s, ".git")
		if s != "" && hasTwoLetters(s) && !strings.ContainsAny(s, "%?#=&@~") {
			out = append(out, s)
		}
	}
	switch {
	case codeHosts[host]:
		if len(segs) >= 1 && !siteSections[strings.ToLower(segs[0])] {
			add(segs[0])
			if len(segs) >= 2 {
				add(segs[1])
			}
		}
	case packageHosts[host]:
		if len(segs) >= 2 && (segs[0] == "project" || segs[0] == "package" || segs[0] == "crates") {
			add(segs[1])
		}
	case strings.HasSuffix(host, ".readthedocs.io") || strings.HasSuffix(host, ".github.io"):
		add(host[:strings.IndexByte(host, '.')])
	}
	return out
}

// siteSections are a code host's own pages, not an owner.
var siteSections = map[string]bool{"orgs": true, "topics": true, "features": true, "sponsors": true, "marketplace": true, "settings": true, "about": true, "explore": true}

// Count is how often the notes write w exactly so, in their text and
// addresses' names.
func (n *Notes) Count(w string) int {
	if n == nil {
		return 0
	}
	return n.Words[w]
}
