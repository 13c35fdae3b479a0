// Package config owns emend.toml, the small file that describes a library:
// its shows (name, transcript paths, deep-link templates) and its rules
// file. The file is TOML, read by github.com/BurntSushi/toml; this package
// checks its keys and values and names the file and line of each problem.
// It owns .emend too, the directory beside it where emend keeps what it
// builds.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
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
	// TrustProxy are the proxies whose X-Forwarded-For emend serve
	// believes (trust_proxy).
	TrustProxy []string
	// Addr, LogFormat and Private are emend serve's listening address,
	// log format and --private (addr, log_format, private); empty or nil
	// when the file does not set them. See ResolveServe.
	Addr, LogFormat string
	Private         *bool
	// Database is the review's database (database): a postgres:// URL,
	// or a SQLite file's path, resolved against Dir; empty: the default
	// file in .emend.
	Database string
	Shows    []*Show
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
	if !IsDatabaseURL(c.Database) {
		c.Database = abs(c.Database)
	}
	for _, s := range c.Shows {
		for i, p := range s.Paths {
			s.Paths[i] = abs(p)
		}
	}
}

// IsDatabaseURL reports whether a database name is a PostgreSQL URL
// rather than a file's path.
func IsDatabaseURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Keys are the keys emend.toml may hold, at its top level and in each
// [[show]] table.
var (
	TopKeys  = []string{"rules", "allow_hosts", "addr", "log_format", "private", "trust_proxy", "database"}
	ShowKeys = []string{"name", "paths", "episode_url", "audio_url", "hosts", "handles", "domains"}
)

// Placeholders are what a link template may hold: {t} (required) is the
// time in whole seconds, {episode} the episode number, {slug} the rest of
// the file name, {show} the show's name in lower case with hyphens.
var Placeholders = []string{"{t}", "{episode}", "{slug}", "{show}"}

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// Parse reads a configuration from data; name is the file name used in
// errors and to set Path and Dir. Relative paths are left as written.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{Path: name, Dir: filepath.Dir(name)}
	if !utf8.Valid(data) {
		return nil, &Error{name, 1 + strings.Count(string(data[:firstInvalid(data)]), "\n"), "invalid UTF-8"}
	}
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line := pe.Position.Line
			if line < 1 {
				line = 1
			}
			return nil, &Error{name, line, tomlMessage(pe)}
		}
		return nil, &Error{name, 1, err.Error()}
	}
	lines := keyLines(string(data))
	fail := func(show, key string, format string, args ...any) error {
		return &Error{name, lines.at(show, key), fmt.Sprintf(format, args...)}
	}
	for _, key := range sortedKeys(doc) {
		v := doc[key]
		switch {
		case key == "show":
			tables, ok := v.([]map[string]any)
			if !ok {
				return nil, fail("", key, "show must be [[show]] tables, one a show")
			}
			for i, t := range tables {
				sh, err := parseShow(t, lines.show(i), func(k, format string, args ...any) error {
					return fail(fmt.Sprint(i), k, format, args...)
				})
				if err != nil {
					return nil, err
				}
				c.Shows = append(c.Shows, sh)
			}
		case key == "rules":
			str, ok := v.(string)
			if !ok {
				return nil, fail("", key, "rules: expected a quoted string, got %s", tomlType(v))
			}
			c.Rules = str
		case key == "database":
			str, ok := v.(string)
			if !ok || str == "" {
				return nil, fail("", key, "database: expected a quoted postgres:// URL or a file's path, got %s", tomlType(v))
			}
			c.Database = str
		case key == "addr" || key == "log_format":
			str, ok := v.(string)
			if !ok {
				return nil, fail("", key, "%s: expected a quoted string, got %s", key, tomlType(v))
			}
			if err := checkServe(key, str); err != nil {
				return nil, fail("", key, "%v", err)
			}
			if key == "addr" {
				c.Addr = str
			} else {
				c.LogFormat = str
			}
		case key == "private":
			b, ok := v.(bool)
			if !ok {
				return nil, fail("", key, "private: expected true or false, got %s", tomlType(v))
			}
			c.Private = &b
		case key == "allow_hosts" || key == "trust_proxy":
			list, ok := stringList(v)
			if str, isStr := v.(string); isStr {
				list, ok = []string{str}, true
			}
			if !ok {
				return nil, fail("", key, "%s: expected a list of quoted strings, got %s", key, tomlType(v))
			}
			if key == "allow_hosts" {
				c.AllowHosts = list
			} else {
				c.TrustProxy = list
			}
		default:
			if _, table := v.(map[string]any); table {
				return nil, fail("", key, "unknown table [%s] (only [[show]] is allowed)", key)
			}
			if _, tables := v.([]map[string]any); tables {
				return nil, fail("", key, "unknown table [[%s]] (only [[show]] is allowed)", key)
			}
			return nil, fail("", key, "unknown key %q (top-level keys: %s; shows go in [[show]] tables)", key, strings.Join(TopKeys, ", "))
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

// parseShow checks one [[show]] table, whose header is on line.
func parseShow(t map[string]any, line int, fail func(key, format string, args ...any) error) (*Show, error) {
	sh := &Show{Line: line}
	for _, key := range sortedKeys(t) {
		v := t[key]
		str, isStr := v.(string)
		list, isList := stringList(v)
		switch key {
		case "name":
			if !isStr {
				return nil, fail(key, "name: expected a quoted string, got %s", tomlType(v))
			}
			sh.Name = str
		case "episode_url", "audio_url":
			if !isStr {
				return nil, fail(key, "%s: expected a quoted string, got %s", key, tomlType(v))
			}
			if err := checkTemplate(key, str); err != nil {
				return nil, fail(key, "%v", err)
			}
			if key == "episode_url" {
				sh.EpisodeURL = str
			} else {
				sh.AudioURL = str
			}
		case "paths", "hosts", "handles", "domains":
			switch {
			case isStr:
				list = []string{str}
			case !isList:
				return nil, fail(key, "%s: expected a quoted string or an array of them, got %s", key, tomlType(v))
			}
			switch key {
			case "paths":
				sh.Paths = list
			case "hosts":
				sh.Hosts = list
			case "handles":
				sh.Handles = list
			default:
				sh.Domains = list
			}
		default:
			return nil, fail(key, "unknown key %q in [[show]] (keys: %s)", key, strings.Join(ShowKeys, ", "))
		}
	}
	return sh, nil
}

// checkTemplate refuses a link template with no {t}, or with a
// placeholder emend does not fill ({episod}), which would make broken
// links.
func checkTemplate(key, s string) error {
	if s == "" {
		return nil
	}
	for _, p := range placeholder.FindAllString(s, -1) {
		if !slices.Contains(Placeholders, p) {
			return fmt.Errorf("%s: unknown placeholder %s (known: %s)", key, p, strings.Join(Placeholders, ", "))
		}
	}
	if !strings.Contains(s, "{t}") {
		return fmt.Errorf("%s has no {t} placeholder for the time", key)
	}
	return nil
}

// stringList is v as a list of strings, when it is an array of them.
func stringList(v any) ([]string, bool) {
	items, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// tomlType names the type of a decoded value for messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any:
		return "an array with other than strings"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	}
	return fmt.Sprintf("%T", v)
}

// tomlMessage is the library's message for a syntax error, with the key
// it was reading when there is one.
func tomlMessage(pe toml.ParseError) string {
	msg := strings.TrimSuffix(pe.Message, ".")
	if m := duplicate.FindStringSubmatch(msg); m != nil {
		return lastPart(m[1]) + " given twice"
	}
	if key := lastPart(pe.LastKey); key != "" && !strings.Contains(msg, pe.LastKey) {
		msg = key + ": " + msg
	}
	return msg
}

var duplicate = regexp.MustCompile(`^Key '(.+)' has already been defined`)

// lastPart is the last part of a dotted key ("show.name": "name").
func lastPart(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lineIndex holds where keys stand in the file, for messages about their
// values: the decoder keeps no positions once a file has parsed.
type lineIndex struct {
	keys  map[string]int // by show index ("" at the top level) and key
	shows []int          // the line of each [[show]] header
}

var keyLine = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=`)

// keyLines finds the [[show]] headers and the lines where keys are set.
// A continuation line of a multi-line string or array that looks like a
// key could mislead it; the error would then name a wrong line, no worse.
func keyLines(data string) lineIndex {
	ix := lineIndex{keys: map[string]int{}}
	section := ""
	for i, line := range strings.Split(data, "\n") {
		n := i + 1
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "[") {
			body, _, _ := strings.Cut(trim, "#")
			body = strings.TrimSpace(body)
			if body == "[[show]]" {
				section = fmt.Sprint(len(ix.shows))
				ix.shows = append(ix.shows, n)
			} else {
				key := strings.Trim(body, "[] ")
				section = "table:" + key
				ix.keys["\x00"+key] = n
			}
			continue
		}
		if m := keyLine.FindStringSubmatch(line); m != nil {
			k := strings.Trim(m[1], `"'`)
			if _, dup := ix.keys[section+"\x00"+k]; !dup {
				ix.keys[section+"\x00"+k] = n
			}
		}
	}
	return ix
}

// at returns the line of a key in a show ("" for the top level), or of a
// table's header; 1 when it cannot tell.
func (ix lineIndex) at(show, key string) int {
	if n, ok := ix.keys[show+"\x00"+key]; ok {
		return n
	}
	if n, ok := ix.keys["\x00"+key]; ok {
		return n
	}
	return 1
}

// show returns the line of the i-th [[show]] header.
func (ix lineIndex) show(i int) int {
	if i < len(ix.shows) {
		return ix.shows[i]
	}
	return 1
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
