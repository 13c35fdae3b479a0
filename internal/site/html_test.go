package site_test

import (
	"fmt"
	"html"
	"strings"
)

// A small HTML checker for the tests, with the standard library only
// (golang.org/x/net/html is not a dependency of emend): it tokenizes a
// page and checks that every element is closed in order (the pages close
// every element they open, none relying on implied end tags), that
// attributes are quoted and not repeated, and that ids are unique. It
// collects the links, ids, metadata and JSON-LD for the tests.

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

type document struct {
	links  []string
	ids    map[string]bool
	meta   map[string]string // name or property → content; "canonical" → href
	jsonLD []string
	count  map[string]int
}

func parseHTML(s string) (*document, error) {
	d := &document{ids: map[string]bool{}, meta: map[string]string{}, count: map[string]int{}}
	if !strings.HasPrefix(s, "<!doctype html>") {
		return nil, fmt.Errorf("no <!doctype html> first")
	}
	var stack []string
	line := func(i int) int { return 1 + strings.Count(s[:i], "\n") }
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		switch {
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i:], "-->")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unclosed comment", line(i))
			}
			i += end + 3
			continue
		case strings.HasPrefix(s[i:], "<!"):
			i += strings.IndexByte(s[i:], '>') + 1
			continue
		}
		tagStart := i
		i++
		closing := false
		if i < len(s) && s[i] == '/' {
			closing = true
			i++
		}
		j := i
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		name := s[i:j]
		if name == "" {
			return nil, fmt.Errorf("line %d: a bare < in text", line(tagStart))
		}
		i = j
		attrs := map[string]string{}
		for {
			for i < len(s) && strings.IndexByte(" \n\t", s[i]) >= 0 {
				i++
			}
			if i >= len(s) {
				return nil, fmt.Errorf("line %d: unclosed tag <%s", line(tagStart), name)
			}
			if s[i] == '>' {
				i++
				break
			}
			if strings.HasPrefix(s[i:], "/>") {
				return nil, fmt.Errorf("line %d: self-closing <%s/>", line(tagStart), name)
			}
			k := i
			for k < len(s) && strings.IndexByte(" \n\t=>", s[k]) < 0 {
				k++
			}
			an := s[i:k]
			if _, dup := attrs[an]; dup {
				return nil, fmt.Errorf("line %d: <%s> repeats %s", line(tagStart), name, an)
			}
			i = k
			val := ""
			if i < len(s) && s[i] == '=' {
				i++
				if i >= len(s) || s[i] != '"' {
					return nil, fmt.Errorf("line %d: <%s %s=> unquoted", line(tagStart), name, an)
				}
				end := strings.IndexByte(s[i+1:], '"')
				if end < 0 {
					return nil, fmt.Errorf("line %d: unclosed quote", line(tagStart))
				}
				val = html.UnescapeString(s[i+1 : i+1+end])
				i += end + 2
			}
			attrs[an] = val
		}
		if closing {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return nil, fmt.Errorf("line %d: </%s> closes %v", line(tagStart), name, stack)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		d.count[name]++
		if id, ok := attrs["id"]; ok {
			if d.ids[id] {
				return nil, fmt.Errorf("line %d: id %q twice", line(tagStart), id)
			}
			d.ids[id] = true
		}
		for _, a := range []string{"href", "src", "action"} {
			if v, ok := attrs[a]; ok && !(name == "link" && attrs["rel"] == "canonical") {
				d.links = append(d.links, v)
			}
		}
		if name == "meta" {
			if k := attrs["name"] + attrs["property"]; k != "" {
				d.meta[k] = attrs["content"]
			}
		}
		if name == "link" && attrs["rel"] == "canonical" {
			d.meta["canonical"] = attrs["href"]
		}
		if voidElements[name] {
			continue
		}
		if name == "script" || name == "style" {
			end := strings.Index(s[i:], "</"+name+">")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unclosed <%s>", line(tagStart), name)
			}
			if attrs["type"] == "application/ld+json" {
				d.jsonLD = append(d.jsonLD, s[i:i+end])
			}
			i += end + len(name) + 3
			continue
		}
		stack = append(stack, name)
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("unclosed at the end: %v", stack)
	}
	return d, nil
}
