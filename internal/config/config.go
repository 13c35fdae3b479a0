// Package config owns emend.toml, the small file that describes a library:
// its shows (name, transcript paths, deep-link templates) and its rules
// file. It reads the subset of TOML that file needs: comments, top-level
// keys, [[show]] tables, and string or string-array values. It owns .emend
// too, the directory beside it where emend keeps what it builds.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FileName is the name of a library's configuration file.
const FileName = "emend.toml"

// Config is a library's configuration.
type Config struct {
	// Path is the file the configuration was read from; Dir its directory,
	// against which relative paths are resolved.
	Path, Dir string
	// Rules is the rules file, resolved against Dir; empty when none.
	Rules string
	// AllowHosts are the Host names emend serve answers to besides the
	// loopback names (allow_hosts).
	AllowHosts []string
	Shows      []*Show
}

// Show is one show of a library.
type Show struct {
	Name string
	// Paths are the show's transcript files or directories, resolved
	// against the configuration's directory.
	Paths []string
	// EpisodeURL and AudioURL are deep-link templates: {t} is replaced by
	// the time in whole seconds, {episode} by the episode number, {slug}
	// by the slug of its file name and {show} by the show's name.
	EpisodeURL, AudioURL string
	// Hosts, Handles and Domains are names the show spells its own way
	// ("Michael Kennedy", "@mkennedy", "talkpython.fm"): with Name, they
	// are the show's spellings from its configuration.
	Hosts, Handles, Domains []string
	Line                    int // line of the [[show]] header
}

// Terms returns the names of every show with their hosts, handles and
// domains, as the spellings take them.
func (c *Config) Terms() []string {
	var out []string
	for _, s := range c.Shows {
		out = append(out, s.Name)
		out = append(out, s.Hosts...)
		out = append(out, s.Handles...)
		out = append(out, s.Domains...)
	}
	return out
}

// Error is a problem in a configuration file, with its place.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ReadFile reads and checks a configuration file.
func ReadFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	c.resolve()
	return c, nil
}

// Find looks for emend.toml in dir and its parents, and returns its path,
// or "" when there is none.
func Find(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(abs, FileName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

func (c *Config) resolve() {
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(c.Dir, p)
	}
	c.Rules = abs(c.Rules)
	for _, s := range c.Shows {
		for i, p := range s.Paths {
			s.Paths[i] = abs(p)
		}
	}
}

// Parse reads a configuration from data; name is the file name used in
// errors and to set Path and Dir. Relative paths are left as written.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{Path: name, Dir: filepath.Dir(name)}
	if !utf8.Valid(data) {
		return nil, &Error{name, 1 + strings.Count(string(data[:firstInvalid(data)]), "\n"), "invalid UTF-8"}
	}
	var show *Show
	seen := map[string]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		fail := func(format string, args ...any) error {
			return &Error{name, n, fmt.Sprintf(format, args...)}
		}
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			body, _, _ := strings.Cut(line, "#")
			body = strings.TrimSpace(body)
			if body != "[[show]]" {
				return nil, fail("unknown table %s (only [[show]] is allowed)", body)
			}
			show = &Show{Line: n}
			c.Shows = append(c.Shows, show)
			seen = map[string]bool{}
			continue
		}
		key, rest, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fail("expected key = value")
		}
		key = strings.TrimSpace(key)
		if !bareKey(key) {
			return nil, fail("bad key %q", key)
		}
		if seen[key] {
			return nil, fail("%s given twice", key)
		}
		seen[key] = true
		val, err := parseValue(strings.TrimSpace(rest))
		if err != nil {
			return nil, fail("%s: %v", key, err)
		}
		str, isStr := val.(string)
		list, isList := val.([]string)
		wantStr := func() error {
			if !isStr {
				return fail("%s must be a string", key)
			}
			return nil
		}
		if show == nil {
			switch key {
			case "rules":
				if err := wantStr(); err != nil {
					return nil, err
				}
				c.Rules = str
			case "allow_hosts":
				switch {
				case isList:
					c.AllowHosts = list
				case isStr:
					c.AllowHosts = []string{str}
				}
			default:
				return nil, fail("unknown key %q (top-level keys: rules, allow_hosts; shows go in [[show]] tables)", key)
			}
			continue
		}
		switch key {
		case "name":
			if err := wantStr(); err != nil {
				return nil, err
			}
			show.Name = str
		case "paths":
			switch {
			case isList:
				show.Paths = list
			case isStr:
				show.Paths = []string{str}
			}
		case "episode_url", "audio_url":
			if err := wantStr(); err != nil {
				return nil, err
			}
			if str != "" && !strings.Contains(str, "{t}") {
				return nil, fail("%s has no {t} placeholder for the time", key)
			}
			if key == "episode_url" {
				show.EpisodeURL = str
			} else {
				show.AudioURL = str
			}
		case "hosts", "handles", "domains":
			l := list
			if isStr {
				l = []string{str}
			}
			switch key {
			case "hosts":
				show.Hosts = l
			case "handles":
				show.Handles = l
			default:
				show.Domains = l
			}
		default:
			return nil, fail("unknown key %q in [[show]] (keys: name, paths, episode_url, audio_url, hosts, handles, domains)", key)
		}
	}
	names := map[string]int{}
	for _, s := range c.Shows {
		if s.Name == "" {
			return nil, &Error{name, s.Line, "[[show]] has no name"}
		}
		if len(s.Paths) == 0 {
			return nil, &Error{name, s.Line, fmt.Sprintf("show %q has no paths", s.Name)}
		}
		if prev, ok := names[s.Name]; ok {
			return nil, &Error{name, s.Line, fmt.Sprintf("show %q already defined on line %d", s.Name, prev)}
		}
		names[s.Name] = s.Line
	}
	return c, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func bareKey(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// parseValue reads a string or an array of strings, followed by nothing
// but an optional comment.
func parseValue(s string) (any, error) {
	if s == "" {
		return nil, fmt.Errorf("missing value")
	}
	var val any
	var rest string
	if s[0] == '[' {
		var list []string
		rest = strings.TrimSpace(s[1:])
		for {
			if rest == "" {
				return nil, fmt.Errorf("array not closed on its line")
			}
			if rest[0] == ']' {
				rest = rest[1:]
				break
			}
			str, r, err := parseString(rest)
			if err != nil {
				return nil, err
			}
			list = append(list, str)
			rest = strings.TrimSpace(r)
			if strings.HasPrefix(rest, ",") {
				rest = strings.TrimSpace(rest[1:])
			} else if rest == "" {
				return nil, fmt.Errorf("array not closed on its line")
			} else if !strings.HasPrefix(rest, "]") {
				return nil, fmt.Errorf("expected , or ] in array")
			}
		}
		if list == nil {
			list = []string{}
		}
		val = list
	} else {
		str, r, err := parseString(s)
		if err != nil {
			return nil, err
		}
		val, rest = str, r
	}
	rest = strings.TrimSpace(rest)
	if rest != "" && rest[0] != '#' {
		return nil, fmt.Errorf("unexpected %q after value", rest)
	}
	return val, nil
}

// parseString reads a basic "..." or literal '...' string at the start of
// s and returns it and what follows.
func parseString(s string) (string, string, error) {
	switch {
	case strings.HasPrefix(s, "'"):
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", "", fmt.Errorf("unterminated string")
		}
		return s[1 : 1+end], s[end+2:], nil
	case strings.HasPrefix(s, `"`):
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			c := s[i]
			switch c {
			case '"':
				return b.String(), s[i+1:], nil
			case '\\':
				if i+1 >= len(s) {
					return "", "", fmt.Errorf("unterminated string")
				}
				i++
				switch s[i] {
				case '"', '\\':
					b.WriteByte(s[i])
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				case 'u', 'U':
					n := 4
					if s[i] == 'U' {
						n = 8
					}
					if i+n >= len(s) {
						return "", "", fmt.Errorf("short \\%c escape", s[i])
					}
					v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
					if err != nil || !utf8.ValidRune(rune(v)) {
						return "", "", fmt.Errorf("bad \\%c escape", s[i])
					}
					b.WriteRune(rune(v))
					i += n
				default:
					return "", "", fmt.Errorf("unknown escape \\%c", s[i])
				}
			default:
				if c < 0x20 && c != '\t' {
					return "", "", fmt.Errorf("control character in string")
				}
				b.WriteByte(c)
			}
		}
		return "", "", fmt.Errorf("unterminated string")
	}
	return "", "", fmt.Errorf("expected a quoted string")
}
