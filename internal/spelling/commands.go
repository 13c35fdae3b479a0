package spelling

import (
	"strings"

	"github.com/emend-project/emend/internal/vocab"
)

// Commands heard as words: "get clone", "get pull", "get commit message"
// for git's commands. They are not the same letters otherwise, but a
// command read out, which the episode's evidence decides: a verb "get"
// before a git subcommand, in an episode that says "git" itself (or whose
// notes do), unless the word after makes it the verb with its object ("get
// pull requests merged", "get commit access").

// Guards' reasons for commands.
const (
	WhyVerb  = `the verb "get" before its object, not a git command`
	WhyNoGit = "an episode that never says git"
)

// gitCommands are the subcommands "get" stands before in a git command
// heard as words, each with the words after it that make "get" the verb.
var gitCommands = map[string]map[string]bool{
	"clone":       set(""),
	"commit":      set("access rights bit privileges permission permissions"),
	"pull":        set("request requests back out up off over away through down together"),
	"push":        set("back notifications notification up out through over away down off"),
	"log":         set("in into on out off"),
	"blame":       set("for on"),
	"rebase":      set(""),
	"stash":       set(""),
	"bisect":      set(""),
	"checkout":    set("page"),
	"cherry-pick": set(""),
}

// command returns the occurrence of a git command heard as "get" and a
// subcommand at word i, if there is one.
func command(ws *wordWindow, i int, prev string) (Occurrence, bool) {
	w := ws.at(i)
	if w.key != "get" || !ws.has(i+1) {
		return Occurrence{}, false
	}
	sub := ws.at(i + 1)
	after, ok := gitCommands[sub.s]
	if !ok || !sub.spaced || w.glued || sub.glued {
		return Occurrence{}, false
	}
	git := "git"
	switch w.s {
	case "Get":
		git = "Git"
	case "get":
	default:
		return Occurrence{}, false // "GET" (HTTP), "GeT"
	}
	o := Occurrence{Text: w.text, Start: w.start, EndText: sub.text, End: sub.end, Variant: w.s + " " + sub.s, Canonical: git + " " + sub.s, prev: strings.ToLower(prev)}
	if ws.has(i + 2) {
		o.next = strings.ToLower(ws.at(i + 2).s)
		if after[o.next] {
			o.Why = WhyVerb
		}
	}
	return o, true
}

// gitEvidence keeps the commands heard as words where neither the episode
// nor its notes say "git".
func gitEvidence(texts []string, notes *vocab.Notes, occ []Occurrence) {
	var cmds []*Occurrence
	for k := range occ {
		if strings.HasPrefix(occ[k].Canonical, "git ") || strings.HasPrefix(occ[k].Canonical, "Git ") {
			if _, ok := gitCommands[occ[k].Canonical[4:]]; ok && occ[k].Variant[:3] != occ[k].Canonical[:3] {
				cmds = append(cmds, &occ[k])
			}
		}
	}
	if len(cmds) == 0 || notes.Count("git")+notes.Count("Git") > 0 || saysGit(texts) {
		return
	}
	for _, o := range cmds {
		if o.Why == "" {
			o.Why = WhyNoGit
		}
	}
}

// saysGit reports whether the texts have the word git, in any case.
func saysGit(texts []string) bool {
	for _, t := range texts {
		for i := strings.Index(t, "it"); i >= 1; {
			c := t[i-1]
			if (c == 'g' || c == 'G') && (i < 2 || !isLetter(t[i-2])) && (i+2 >= len(t) || !isLetter(t[i+2])) {
				return true
			}
			j := strings.Index(t[i+2:], "it")
			if j < 0 {
				break
			}
			i += 2 + j
		}
	}
	return false
}
